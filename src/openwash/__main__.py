from openwash.cli import console

console()

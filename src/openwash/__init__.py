"""openwash: how open is this AI model, really?"""

__version__ = "0.1.0"

"""A terminal for tests: says it is a TTY and keeps what is written to it."""

from __future__ import annotations


class Tty:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError

"""The one error type that becomes a one-line message and exit status 2."""

from __future__ import annotations


class OpenwashError(Exception):
    """Bad input or an outside failure: shown as one line on stderr, exit status 2."""

    def __init__(self, message: str) -> None:
        # One line, always: a multi-line message would break the contract of the CLI.
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self.args[0])

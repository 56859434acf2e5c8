"""The argparse parser of the sub-commands: help, errors, and any command line that
`_options.read_plain` leaves to it (cli.py)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from openwash import __version__
from openwash.commands import command_names


class _Formatter(argparse.HelpFormatter):
    """argparse's own formatter, sized as it sizes itself but without importing shutil (and the
    bz2 and lzma modules shutil imports), which argparse does for every parser it builds."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size() gives it (COLUMNS, the terminal, 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that sub-command's (the others are not imported)."""
    parser = argparse.ArgumentParser(
        formatter_class=_Formatter,
        prog="openwash",
        description="How open is this AI model really? Openness tier and OSD clause findings.",
    )
    parser.add_argument("--version", action="version", version=f"openwash {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in [only] if only else command_names():
        module = importlib.import_module(f"openwash.commands.{name}")
        # A module survey_report is the command survey-report.
        p = sub.add_parser(
            name.replace("_", "-"), help=module.HELP, description=module.HELP, formatter_class=_Formatter
        )
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser

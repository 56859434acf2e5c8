"""Command-line entry: sub-commands, exit codes, and the one place errors become exit 2.

Each sub-command lives in `openwash.commands.<name>` with `add_arguments(parser)` and
`run(args) -> int` and a one-line `HELP`. Those modules keep their top-level imports light, so that `openwash scan`
(the pre-commit hook's path) never pays for PyGithub, requests or spdx-tools.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from openwash import __version__, commands
from openwash.errors import OpenwashError

# Shown in this order in --help; any other module in openwash.commands follows.
PREFERRED_ORDER = ("scan", "survey", "survey_report", "mof", "explain", "licenses", "action")
# Sub-commands that start no thread or process and leave nothing to clean up: the console script
# ends them without the interpreter's teardown, which frees every object one by one and takes
# longer than the whole scan of a typical repository.
NO_TEARDOWN = frozenset({"scan", "mof", "explain", "licenses"})
# Those and the Action (one scan, a few requests) run the cycle collector less often. Its default
# pass, every 700 new objects, suits a long-running program; here it goes over and over the
# modules, classes and data start-up makes, which live to the end anyway (a tenth of a typical
# scan, about 26,000 objects in all). A pass every 50,000 still bounds what cycles can hold: an
# SPDX tag-value SBOM's parser leaves some 9,000 objects in cycles per file (tests/test_imports.py).
SHORT_RUNS = NO_TEARDOWN | {"action"}
SHORT_RUN_GC_THRESHOLD = 50_000


def command_names() -> list[str]:
    # The package folder's modules, listed directly (pkgutil costs more to import than this).
    found = {
        name[:-3]
        for folder in commands.__path__
        for name in os.listdir(folder)
        if name.endswith(".py") and not name.startswith("_")
    }
    return [n for n in PREFERRED_ORDER if n in found] + sorted(found - set(PREFERRED_ORDER))


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


def _chosen(argv: Sequence[str]) -> str | None:
    """The module of the sub-command named on the command line, when it comes first (help and
    errors for the others then need no import of theirs); None otherwise."""
    if argv and not argv[0].startswith("-"):
        module = argv[0].replace("-", "_")
        if module.replace("_", "-") == argv[0] and module in command_names():
            return module
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_chosen(argv))
    args = parser.parse_args(argv)
    try:
        return int(args._module.run(args))
    except OpenwashError as exc:
        print(f"openwash: error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("openwash: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def console() -> NoReturn:
    """The `openwash` console script and `python -m openwash`."""
    argv = sys.argv[1:]
    chosen = _chosen(argv)
    if chosen in SHORT_RUNS:
        gc.set_threshold(SHORT_RUN_GC_THRESHOLD)
    from openwash import codecache, regex_cache

    regex_cache.warm()
    codecache.warm()
    code = main(argv)
    regex_cache.save()
    codecache.save()
    if chosen in NO_TEARDOWN:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be said
            pass
        os._exit(code)
    raise SystemExit(code)

"""Command-line entry: sub-commands, exit codes, and the one place errors become exit 2.

Each sub-command lives in `openwash.commands.<name>` with `add_arguments(parser)` and
`run(args) -> int` and a one-line `HELP`. Those modules keep their top-level imports light, so that `openwash scan`
(the pre-commit hook's path) never pays for PyGithub, requests or spdx-tools.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
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


def command_names() -> list[str]:
    found = {m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")}
    return [n for n in PREFERRED_ORDER if n in found] + sorted(found - set(PREFERRED_ORDER))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just that sub-command's (the others are not imported)."""
    parser = argparse.ArgumentParser(
        prog="openwash",
        description="How open is this AI model really? Openness tier and OSD clause findings.",
    )
    parser.add_argument("--version", action="version", version=f"openwash {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in [only] if only else command_names():
        module = importlib.import_module(f"openwash.commands.{name}")
        # A module survey_report is the command survey-report.
        p = sub.add_parser(name.replace("_", "-"), help=module.HELP, description=module.HELP)
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
    from openwash import regex_cache

    regex_cache.warm()
    argv = sys.argv[1:]
    code = main(argv)
    regex_cache.save()
    if _chosen(argv) in NO_TEARDOWN:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be said
            pass
        os._exit(code)
    raise SystemExit(code)

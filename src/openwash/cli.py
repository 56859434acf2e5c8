"""Command-line entry: sub-commands, exit codes, and the one place errors become exit 2.

Each sub-command lives in `openwash.commands.<name>` with `add_arguments(parser)` and
`run(args) -> int` and a one-line `HELP`. Those modules keep their top-level imports light, so that `openwash scan`
(the pre-commit hook's path) never pays for PyGithub, requests or spdx-tools; its arguments are
data (commands/_options.py), so a plain scan command line is read without argparse either.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace

from openwash.commands import command_names
from openwash.errors import OpenwashError

# Not typing's: this module is imported before console() raises the collector's threshold, and
# typing's import alone makes enough objects for a full young-generation pass (mypy reads any
# constant of this name as typing.TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import NoReturn

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


def _chosen(argv: Sequence[str]) -> str | None:
    """The module of the sub-command named on the command line, when it comes first (help and
    errors for the others then need no import of theirs); None otherwise."""
    if argv and not argv[0].startswith("-"):
        module = argv[0].replace("-", "_")
        if module.replace("_", "-") == argv[0] and module in command_names():
            return module
    return None


def _parse(argv: Sequence[str]) -> argparse.Namespace | SimpleNamespace:
    """The command line's values: read plainly when the chosen command's arguments are data
    (commands/_options.py) and the line is written plainly, else by argparse."""
    chosen = _chosen(argv)
    if chosen is not None:
        module = importlib.import_module(f"openwash.commands.{chosen}")
        if hasattr(module, "OPTIONS"):
            from openwash.commands._options import read_plain

            values = read_plain(argv[1:], module.PATH, module.OPTIONS)
            if values is not None:
                return SimpleNamespace(command=argv[0], _module=module, **values)
    from openwash.commands._parser import build_parser

    return build_parser(chosen).parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parse(argv)
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

"""A scan command line read without argparse (commands/_options.py) gives exactly what argparse
gives, and whatever it does not recognise is left to argparse."""

from __future__ import annotations

import contextlib
import io
import random

import pytest

from openwash.commands import scan
from openwash.commands._options import read_plain
from openwash.commands._parser import build_parser

# Words a command line is made of: every flag, values good and bad, paths, and what argparse
# reads its own way (abbreviations, joined short options, `--`, help, negative numbers).
WORDS = [
    *(flag for o in scan.OPTIONS for flag in o.flags),
    "--no-fail-on-violation",
    "--no-fail-on-unknown-license",
    "--format=json",
    "--format=",
    "--min-tier=open-weight",
    "--hook=1",
    "-fjson",
    "--form",
    "--",
    "-",
    "-h",
    "--help",
    "-5",
    "json",
    "sarif",
    "never",
    "open-weight",
    "nonsense",
    "out.txt",
    "repo",
    "hf:org/model",
    "",
]


def _argparse(argv: list[str]) -> dict[str, object] | None:
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args = vars(build_parser("scan").parse_args(["scan", *argv]))
    except SystemExit:
        return None
    del args["_module"], args["command"]
    return args


def _plain(argv: list[str]) -> dict[str, object] | None:
    return read_plain(argv, scan.PATH, scan.OPTIONS)


def test_read_plainly_it_is_what_argparse_reads() -> None:
    rng = random.Random(18)
    lines = [[w] for w in WORDS] + [rng.choices(WORDS, k=rng.randint(2, 6)) for _ in range(3000)]
    read = 0
    for argv in lines:
        plain = _plain(argv)
        if plain is not None:
            read += 1
            assert plain == _argparse(argv), argv
    assert read > 200  # the comparison covered many lines read plainly


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["repo"],
        ["--hook"],
        ["--hook", "repo"],
        ["repo", "--format", "json", "-o", "out.txt"],
        ["--format=sarif", "--no-fail-on-violation", "--fail-on-unknown-license", "repo"],
        ["--min-tier", "open-weight", "--config", "policy.yml", "--color", "never", "--offline", "hf:o/m"],
    ],
)
def test_plain_command_lines_are_read_without_argparse(argv: list[str]) -> None:
    plain = _plain(argv)
    assert plain is not None and plain == _argparse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["-h"],
        ["--form", "json"],  # an abbreviation
        ["-fjson"],
        ["--format", "nonsense"],
        ["-o", "-x"],  # a value that looks like an option
        ["-o"],
        ["a", "b"],
        ["--", "repo"],
        ["--hook=yes"],
        ["--version"],
    ],
)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert _plain(argv) is None

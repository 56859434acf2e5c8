"""A sub-command's arguments as data: they build its argparse parser (help, errors, every spelling
argparse accepts), and `read_plain` reads a command line written plainly from the same table
without argparse. Importing argparse (with gettext and locale) and building a parser cost about a
twentieth of a typical `openwash scan`, the pre-commit hook's path; anything `read_plain` does not
recognise (help, an abbreviation, a bad choice, a value that looks like an option) it leaves to
argparse, which then answers exactly as before."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import argparse

# How an option reads: it takes a value; it is a flag (store_true); it is a switch (--x / --no-x,
# argparse's BooleanOptionalAction).
Reads = Literal["value", "flag", "switch"]


class Positional:
    """The command's one optional positional argument (nargs="?")."""

    __slots__ = ("default", "help", "name")

    def __init__(self, name: str, default: str, help: str) -> None:
        self.name, self.default, self.help = name, default, help


class Option:
    """One option: its flags (the first long one names it, as argparse names it), how it reads,
    and what argparse shows."""

    __slots__ = ("choices", "default", "dest", "flags", "help", "metavar", "reads")

    def __init__(
        self,
        *flags: str,
        help: str,
        reads: Reads = "value",
        choices: Sequence[str] | None = None,
        default: str | None = None,
        metavar: str | None = None,
    ) -> None:
        self.flags = flags
        self.dest = next(f for f in flags if f.startswith("--"))[2:].replace("-", "_")
        self.help, self.reads, self.choices = help, reads, choices
        self.default, self.metavar = default, metavar


def add_to(parser: argparse.ArgumentParser, positional: Positional, options: Sequence[Option]) -> None:
    """Declare the arguments to argparse."""
    import argparse

    parser.add_argument(positional.name, nargs="?", default=positional.default, help=positional.help)
    for o in options:
        if o.reads == "value":
            parser.add_argument(
                *o.flags, dest=o.dest, choices=o.choices, default=o.default, metavar=o.metavar, help=o.help
            )
        elif o.reads == "flag":
            parser.add_argument(*o.flags, dest=o.dest, action="store_true", help=o.help)
        else:
            parser.add_argument(
                *o.flags, dest=o.dest, action=argparse.BooleanOptionalAction, default=o.default, help=o.help
            )


def read_plain(
    args: Sequence[str], positional: Positional, options: Sequence[Option]
) -> dict[str, object] | None:
    """The values argparse would give `args` (the words after the command), when every word is
    an option's exact flag (`--name=value` too), a value from its choices, or the one positional;
    None for anything else."""
    values: dict[str, object] = {positional.name: positional.default}
    by_flag: dict[str, tuple[Option, bool]] = {}
    for o in options:
        values[o.dest] = False if o.reads == "flag" else o.default
        for flag in o.flags:
            by_flag[flag] = (o, True)
            if o.reads == "switch":
                by_flag["--no-" + flag[2:]] = (o, False)
    seen_positional = False
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if not word.startswith("-"):
            if seen_positional:
                return None
            values[positional.name], seen_positional = word, True
            continue
        flag, eq, explicit = word.partition("=") if word.startswith("--") else (word, "", "")
        option, on = by_flag.get(flag, (None, True))
        if option is None:
            return None
        if option.reads != "value":
            if eq:
                return None
            values[option.dest] = on
            continue
        if eq:
            value = explicit
        elif i < len(args):
            value, i = args[i], i + 1
        else:
            return None
        if not value or value.startswith("-") or (option.choices is not None and value not in option.choices):
            return None
        values[option.dest] = value
    return values

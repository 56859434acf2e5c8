"""`openwash scan [PATH]`: the tier, licences, components and OSD findings of a repository."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from openwash.commands._options import Option, Positional, add_to
from openwash.commands._output import write_output
from openwash.render import FORMATS
from openwash.report import ALL_TIERS

if TYPE_CHECKING:
    import argparse

    from openwash.sources import RemoteRepoSource

HELP = "scan a repository and give its openness tier and OSD findings"

# The arguments, as data (commands/_options.py): the pre-commit hook's command line is read
# from them without argparse.
PATH = Positional(
    "path",
    ".",
    "repository folder (default: the current folder), hf:ORG/NAME[@REVISION] or gh:OWNER/REPO[@REF]",
)
OPTIONS = (
    Option("--format", "-f", choices=sorted(FORMATS), default="text", help="output format"),
    Option("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout"),
    Option("--min-tier", choices=ALL_TIERS, help="fail (exit 1) below this tier"),
    Option("--fail-on-violation", reads="switch", help="fail (exit 1) on any OSD violation"),
    Option(
        "--fail-on-unknown-license", reads="switch", help="fail (exit 1) when a licence cannot be identified"
    ),
    Option("--config", metavar="FILE", help="policy file (default: .openwash.yml in the repository)"),
    Option("--hook", reads="flag", help="use the pre-commit hook's defaults (fail on any OSD violation)"),
    Option("--color", choices=("auto", "always", "never"), default="auto", help="colour in text output"),
    Option(
        "--offline",
        reads="flag",
        help="hf:/gh: only: scan the cached copy of the revision, making no request",
    ),
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_to(p, PATH, OPTIONS)


def run(args: argparse.Namespace) -> int:
    from openwash import engine, policy, sources
    from openwash.errors import OpenwashError
    from openwash.render import renderer

    source: RemoteRepoSource | None = None
    root: str | None = args.path
    base = policy.HOOK_DEFAULTS if args.hook else policy.CLI_DEFAULTS
    if sources.is_remote(args.path):
        # A remote repository: its evidence at one commit. Its own .openwash.yml is not applied:
        # a publisher's ignore list or overrides must not grade the model for the one adopting it.
        source = sources.open_remote(args.path, offline=args.offline)
        root = None
    elif not os.path.isdir(args.path):
        what = "no such file or directory" if not os.path.exists(args.path) else "not a directory"
        raise OpenwashError(f"{args.path}: {what}")
    pol = policy.load_policy(
        root,
        base,
        args.config,
        {
            "min_tier": args.min_tier,
            "fail_on_violation": args.fail_on_violation,
            "fail_on_unknown_license": args.fail_on_unknown_license,
        },
    )
    if source is not None:
        source.ignore = pol.ignore
    report = engine.scan(args.path, pol, source=source)
    if args.format == "text":
        from openwash.render import text as text_format

        colour = args.color == "always" or (
            args.color == "auto"
            and args.output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
        text = text_format.render(report, colour=colour)
    else:
        text = renderer(args.format).render(report)
    reasons = policy.evaluate(report, pol)
    write_output(text, args.output)
    for reason in reasons:
        print(f"openwash: policy failed: {reason}", file=sys.stderr)
    return 1 if reasons else 0

"""`openwash explain N`: what OSD clause N requires and which kinds of terms break it."""

from __future__ import annotations

import argparse

HELP = "what an OSD clause requires and which terms break it"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("clause", type=int, choices=range(1, 11), metavar="N", help="OSD clause number, 1-10")


def run(args: argparse.Namespace) -> int:
    import textwrap

    from openwash.clauses.analyser import rules
    from openwash.osd import clauses

    c = clauses()[args.clause]
    print(f"OSD {c.number}: {c.title}\n")
    print(textwrap.fill(c.requires, 88))
    print("\nTerms in AI model licences that break it:")
    for item in c.breaks:
        print(textwrap.fill(item, 88, initial_indent="  - ", subsequent_indent="    "))
    detectors = [r for r in rules() if args.clause in r.clauses]
    if detectors:
        print("\nWhat openwash looks for (rules in clauses/rules/osd.yaml):")
        for r in detectors:
            print(
                textwrap.fill(
                    f"{r.id} ({r.severity}): {r.why}", 88, initial_indent="  - ", subsequent_indent="    "
                )
            )
    return 0

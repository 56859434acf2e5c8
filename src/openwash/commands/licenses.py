"""`openwash licenses`: the licences openwash can name."""

from __future__ import annotations

import argparse

HELP = "list the licences openwash can name"


def add_arguments(p: argparse.ArgumentParser) -> None:
    only = p.add_mutually_exclusive_group()
    only.add_argument("--ai-only", action="store_true", help="only the named AI licences")
    only.add_argument("--osi", action="store_true", help="only OSI-approved SPDX licences")


def run(args: argparse.Namespace) -> int:
    from openwash.licenses import ai

    seen = set()
    # No named AI licence is OSI-approved: --osi lists the SPDX licences alone.
    named = [] if args.osi else ai.catalog()
    if named:
        print("Named AI licences (recognised by their own terms):")
    for lic in named:
        if lic.id in seen:
            continue
        seen.add(lic.id)
        hf = f"  [hf: {', '.join(lic.hf_ids)}]" if lic.hf_ids else ""
        kind = " (use policy)" if lic.policy else ""
        print(f"  {lic.id:<52} {lic.name}{kind}{hf}")
    if args.ai_only:
        return 0
    from openwash.licenses.spdx_index import catalog

    entries = catalog()
    shown = [(i, e) for i, e in sorted(entries.items()) if not args.osi or e[1]]
    if named:
        print()
    print(f"SPDX licences ({len(shown)}; matched by text):")
    for license_id, entry in shown:
        flags = ", ".join(
            f for f, on in (("OSI", entry[1]), ("FSF libre", entry[2]), ("deprecated", entry[3])) if on
        )
        print(f"  {license_id:<40} {entry[0]}" + (f"  [{flags}]" if flags else ""))
    return 0

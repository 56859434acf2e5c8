#!/usr/bin/env python3
"""How the clause rules generalise, measured on the ScanCode LicenseDB's own licence texts.

The texts are read from the installed `licensedcode-data` package (a project dependency; nothing
is copied into this project). The rules (clauses/rules/osd.yaml) are run on each text as on a
licence file; the catalogue's own verdict is NOT used here (that would grade the LicenseDB against
itself), so the figures say what the rules find in texts nobody wrote them for:

  recall        share of non-free texts (Proprietary Free, Free Restricted, Source-available,
                Commercial) with at least one clause violation          (target >= 85%)
  compliant     share of non-free texts called OSD-compliant: no violation, and the text is
                (based on) a licence SPDX marks OSI-approved or FSF-libre  (target <= 2%)
  false alarms  share of free texts (Permissive, Public Domain, Copyleft, Copyleft Limited)
                with a violation                                         (target <= 1%)

The sample is deterministic: every text, or with --sample N the first N of each category by a
hash of the key.

usage: bench/rules_on_licensedb.py [--sample N] [--list-missed] [--list-false]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import zlib

from openwash.clauses.analyser import analyse
from openwash.licenses import licensedb
from openwash.licenses.ai import identify_ai
from openwash.licenses.matcher import identify as spdx_identify


def _osd_compliant(text: str, violated: bool) -> bool:
    """The engine's call without the LicenseDB's verdict: no violation and a known free base."""
    if violated:
        return False
    named = identify_ai(text)
    if named is not None and named.base_spdx is None:
        return bool(named.osd_compliant)
    match = spdx_identify(text)
    return match is not None and (match.osi_approved or match.fsf_libre)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=0, help="at most N texts per category (deterministic)")
    ap.add_argument("--list-missed", action="store_true", help="print the non-free texts without a violation")
    ap.add_argument("--list-false", action="store_true", help="print the free texts with a violation")
    args = ap.parse_args()
    if licensedb.data_dir() is None:
        print("error: the 'licensedcode-data' package is not installed", file=sys.stderr)
        return 2
    by_cat: dict[str, list[tuple[licensedb.DbEntry, str]]] = collections.defaultdict(list)
    for entry, text in licensedb.entries():
        if entry.category in licensedb.FREE_CATEGORIES | licensedb.NON_FREE_CATEGORIES:
            by_cat[entry.category].append((entry, text))
    t0 = time.perf_counter()
    stats: dict[str, list[int]] = {}
    missed: list[str] = []
    false: list[str] = []
    for cat in sorted(by_cat):
        items = sorted(by_cat[cat], key=lambda e: zlib.crc32(e[0].key.encode()))
        if args.sample:
            items = items[: args.sample]
        n = flagged = compliant = 0
        for entry, text in items:
            rules = sorted(
                {f.rule for f in analyse(text, "LICENSE") if f.severity == "violation" and f.clause}
            )
            n += 1
            flagged += bool(rules)
            if cat in licensedb.NON_FREE_CATEGORIES:
                compliant += _osd_compliant(text, bool(rules))
                if not rules:
                    missed.append(f"  {cat[:16]:16} {entry.key}")
            elif rules:
                false.append(f"  {cat[:16]:16} {entry.key:36} {', '.join(rules)}")
        stats[cat] = [n, flagged, compliant]
    elapsed = time.perf_counter() - t0

    def total(cats: frozenset[str], col: int) -> tuple[int, int]:
        return sum(stats[c][col] for c in cats if c in stats), sum(stats[c][0] for c in cats if c in stats)

    for cat, (n, flagged, compliant) in sorted(stats.items()):
        extra = f", called OSD-compliant {compliant}" if cat in licensedb.NON_FREE_CATEGORIES else ""
        print(f"{cat:18} {n:5} texts, with a violation {flagged:5} ({flagged / n:.1%}){extra}")
    hit, n_non = total(licensedb.NON_FREE_CATEGORIES, 1)
    ok, _ = total(licensedb.NON_FREE_CATEGORIES, 2)
    fa, n_free = total(licensedb.FREE_CATEGORIES, 1)
    print(
        f"\nrecall {hit / n_non:.1%} ({hit}/{n_non}, target >= 85%); non-free called OSD-compliant "
        f"{ok / n_non:.1%} ({ok}, target <= 2%); false alarms {fa / n_free:.1%} ({fa}/{n_free}, target <= 1%); "
        f"{elapsed:.0f} s"
    )
    if args.list_missed:
        print("\nnon-free texts without a violation:", *missed, sep="\n")
    if args.list_false:
        print("\nfree texts with a violation:", *false, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""How the clause rules generalise, measured on the ScanCode LicenseDB's own licence texts.

Needs ScanCode installed by bench/peers/install.sh (its licence data is read from that venv; no
text is copied into this project). Two figures:
  - false alarms: texts ScanCode files as Permissive, Copyleft or Public Domain on which a rule
    reports a violation (each listed, to be read: some of them are genuinely restrictive);
  - named AI licences: each AI licence ScanCode knows, the id openwash gives it and the OSD
    clauses it finds violated.

usage: bench/rules_on_licensedb.py [--list]
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import re
import sys

from openwash.clauses.analyser import analyse
from openwash.licenses.identify import identify_text

FREE = ("Permissive", "Copyleft", "Copyleft Limited", "Public Domain")
AI_NAME = re.compile(
    r"model|\bai\b|rail|llama|gemma|falcon|qwen|tongyi|deepseek|stability|flux|exaone|moonshot|hyperclova|"
    r"hunyuan|bilibili|ltxv|openmdw|nvidia open",
    re.IGNORECASE,
)


def licensedb() -> str | None:
    base = os.environ.get("OPENWASH_BENCH_DIR", os.path.expanduser("~/.cache/openwash-bench"))
    found = glob.glob(f"{base}/scancode-venv/lib/python3*/site-packages/licensedcode/data/licenses")
    return found[0] if found else None


def entries(folder: str) -> list[tuple[str, str, str, str]]:
    """(key, name, category, text) of every licence that is not an exception or deprecated."""
    out = []
    for path in sorted(glob.glob(f"{folder}/*.LICENSE")):
        with open(path, encoding="utf-8", errors="replace") as fh:
            parts = fh.read().split("---", 2)
        if len(parts) < 3 or re.search(r"^is_(exception|deprecated): yes", parts[1], re.M):
            continue
        meta = dict(re.findall(r"^(name|category): (.*)$", parts[1], re.M))
        out.append((os.path.basename(path)[:-8], meta.get("name", ""), meta.get("category", "?"), parts[2]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="print every flagged free text")
    args = ap.parse_args()
    folder = licensedb()
    if folder is None:
        print("ScanCode is not installed: run bench/peers/install.sh first", file=sys.stderr)
        return 2
    all_entries = entries(folder)
    free = [e for e in all_entries if e[2] in FREE]
    flagged = collections.defaultdict(set)
    for key, _, _, text in free:
        for f in analyse(text, "LICENSE"):
            if f.severity == "violation":
                flagged[key].add(f.rule)
    print(
        f"free licence texts (ScanCode category {', '.join(FREE)}): {len(free)}; "
        f"with a violation reported: {len(flagged)} ({len(flagged) / len(free):.1%})"
    )
    if args.list:
        for key, rules in sorted(flagged.items()):
            print(f"  {key:32} {', '.join(sorted(rules))}")
    print("\nnamed AI licences in the LicenseDB:")
    named = 0
    ai = [
        e
        for e in all_entries
        if (AI_NAME.search(e[1]) and e[2] != "Permissive") or e[0].startswith("openmdw")
    ]
    for key, _name, category, text in ai:
        ident = identify_text(text)
        right = ident.id == f"LicenseRef-scancode-{key}" or (ident.spdx_id is not None and ident.ai is None)
        named += right
        clauses = sorted(
            {f.clause for f in analyse(text, "LICENSE") if f.severity == "violation" and f.clause}
        )
        print(
            f"  {'ok ' if right else '   '}{key:36} {category[:16]:16} -> {ident.id[:48]:48} violations {clauses}"
        )
    print(f"named by their ScanCode key (or their SPDX id): {named}/{len(ai)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

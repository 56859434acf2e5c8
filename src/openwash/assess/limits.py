"""Bounds on what one report holds, whatever the repository's size or shape.

A repository with 100,000 licence files, or a card that matches a rule on every line, must still
give a report (and a SARIF file, a PR comment, an AI-BOM) of bounded size. The tier and findings
are decided on everything first; only then is the report cut, keeping the most severe findings,
and the report says how many were left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from openwash.report import Finding, LicenseInfo

MAX_PER_RULE_AND_FILE = 20  # the same rule firing again in the same file adds nothing new
MAX_PER_FILE = 100
MAX_FINDINGS = 1000
MAX_LICENSES = 200
MAX_BOM_DATASETS = 100  # datasets listed in an AI-BOM


def cap_findings(findings: Sequence[Finding]) -> tuple[list[Finding], str | None]:
    """The findings to report (in the given order, most severe first) and a note on those left out."""
    per_rule: Counter[tuple[str, str | None]] = Counter()
    per_file: Counter[str | None] = Counter()
    kept: list[Finding] = []
    left_out = 0
    for f in findings:
        key = (f.rule or f.kind, f.path)
        if (
            len(kept) >= MAX_FINDINGS
            or per_rule[key] >= MAX_PER_RULE_AND_FILE
            or (f.path is not None and per_file[f.path] >= MAX_PER_FILE)
        ):
            left_out += 1
            continue
        per_rule[key] += 1
        per_file[f.path] += 1
        kept.append(f)
    if not left_out:
        return kept, None
    return kept, (
        f"{left_out:,} more finding(s) left out of this report: at most {MAX_PER_RULE_AND_FILE} per rule "
        f"and file, {MAX_PER_FILE} per file and {MAX_FINDINGS:,} in all (the most severe are kept)."
    )


def cap_licenses(licenses: Sequence[LicenseInfo]) -> tuple[list[LicenseInfo], str | None]:
    """The licences to list: those that govern something first, then by path."""
    if len(licenses) <= MAX_LICENSES:
        return list(licenses), None
    ranked = sorted(licenses, key=lambda lic: (not lic.governs, lic.osd_compliant is not False))
    kept = ranked[:MAX_LICENSES]
    order = {id(lic): i for i, lic in enumerate(licenses)}
    kept.sort(key=lambda lic: order[id(lic)])
    return kept, f"{len(licenses) - MAX_LICENSES:,} more licence file(s) left out of this report."

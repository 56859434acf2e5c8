"""Read one file's licence result from ScanCode (its Python API or its CLI JSON, same shape).

Kept free of ScanCode imports: run.py (project venv) and runners/scancode_files.py (ScanCode's
venv) both use it.
"""

from __future__ import annotations

import re
from typing import Any


def expression_ids(expr: str) -> list[str]:
    """The licence ids of an SPDX expression, exceptions (after WITH) left out."""
    ids, skip = [], False
    for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9.+\-]*", expr or ""):
        if t.upper() in ("AND", "OR"):
            continue
        if t.upper() == "WITH":
            skip = True
            continue
        if not skip:
            ids.append(t)
        skip = False
    return ids


def summarize(det: dict[str, Any]) -> tuple[list[str], bool, str]:
    """(SPDX ids, modified, detail). Modified: a match covering < 100 % of its rule or licence
    text, or an unknown-licence match or clue (text ScanCode could not place)."""
    ids = expression_ids(det.get("detected_license_expression_spdx") or "")
    covs: list[float] = []
    unknown = False
    for d in det.get("license_detections") or []:
        for m in d.get("matches") or []:
            covs.append(float(m.get("match_coverage") or 0))
            unknown |= "unknown" in (m.get("license_expression") or "")
    for m in det.get("license_clues") or []:
        unknown |= "unknown" in (m.get("license_expression") or "")
    modified = bool(ids) and (unknown or any(c < 100.0 for c in covs))
    return ids, modified, f"coverage {min(covs) if covs else 0:.1f}%{' +unknown' if unknown else ''}"

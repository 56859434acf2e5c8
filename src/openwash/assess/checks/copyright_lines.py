"""MIT/BSD texts without their copyright line: the notice the licence says to keep is gone."""

from __future__ import annotations

import re

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import first_line
from openwash.assess.checks.wording import finding
from openwash.report import Finding

_COPYRIGHT_LINE = re.compile(r"^\W*(?:copyright|©|\(c\))\s*(?:\(c\)|©)?\s*(?:\d{4}|[^\s\W])", re.I | re.M)


def check(ctx: Context) -> list[Finding]:
    out = []
    for lf in ctx.terms.files:
        sid = lf.identity.spdx_id or ""
        if (
            lf.file.kind == "license"
            and sid.startswith(("MIT", "BSD"))
            and not _COPYRIGHT_LINE.search(lf.file.text)
        ):
            out.append(
                finding(
                    "missing-copyright-line", lf.file.path, 1, first_line(lf.file.text)[:200], spdx_id=sid
                )
            )
    return out

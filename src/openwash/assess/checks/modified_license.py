"""A known licence text with terms added: the added text decides whether it still meets the OSD."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.wording import finding
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    return [
        finding(
            "modified-license",
            lf.file.path,
            None,
            lf.identity.added_text[0][:400],
            spdx_id=lf.identity.spdx_id,
        )
        for lf in ctx.terms.files
        if lf.identity.modified and lf.identity.added_text
    ]

"""A licence file no catalogue names: analysed clause by clause, but compliance is not established."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import first_line
from openwash.assess.checks.wording import finding
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    return [
        finding("unknown-license", lf.file.path, 1, first_line(lf.file.text)[:200])
        for lf in ctx.terms.files
        if lf.file.kind == "license" and not lf.identity.catalogued
    ]

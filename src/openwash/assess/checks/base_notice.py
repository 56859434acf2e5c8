"""A derivative of an Apache-2.0 base without a NOTICE: missing when the base has one (a remote
scan knows), unchecked when nobody looked (offline), nothing when the base has none."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import at
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    base = ctx.terms.base
    if base is None or base.family is None or base.family.license != "Apache-2.0":
        return []
    if any(f.kind == "notice" for f in ctx.ev.terms):
        return []
    upstream = ctx.ev.upstream.get("base")
    known = upstream.get("notice") if isinstance(upstream, dict) else None
    if known is False:
        return []
    name = "base-notice-missing" if known else "base-notice-unchecked"
    return [at(name, base, base=base.name)]

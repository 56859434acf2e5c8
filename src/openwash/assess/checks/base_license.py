"""The terms a derivative inherits from its base model (data/ai_licenses.yaml's `inherited`)."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import verdicts
from openwash.licenses import ai
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    base, inherited = ctx.terms.base, ctx.terms.inherited
    lic = ai.by_id(inherited.id) if inherited is not None else None
    if base is None or lic is None:
        return []
    return verdicts("inherited", base, lic.inherited, base=base.name, licence=lic.name)

"""A card label that names other terms than the restrictive base model's, which travel with
derivatives and no downstream licence can replace."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import at
from openwash.licenses import ai
from openwash.licenses.identify import same_licence
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    base, inherited, label = ctx.terms.base, ctx.terms.inherited, ctx.terms.label
    if base is None or inherited is None or label is None or same_licence(label.id, inherited.id):
        return []
    lic = ai.by_id(inherited.id)
    if lic is None or lic.osd_compliant is not False:
        return []
    return [at("base-license-conflict", label, label=label.text, base=base.name, licence=lic.name)]

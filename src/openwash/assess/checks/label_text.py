"""A card label with no licence text behind it (permissive-washing): a licence that must travel
with copies, declared but not carried."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import at
from openwash.licenses.classes import requires_text
from openwash.report import Finding

# What the label leaves the weights under, by what backs it (assess/terms.py's CardLabel).
_WORDING = {"nothing": "label-without-text", "base": "label-without-text-under-base"}


def check(ctx: Context) -> list[Finding]:
    label = ctx.terms.label
    if label is None or label.backing not in _WORDING or not requires_text(label.id):
        return []
    return [at(_WORDING[label.backing], label, who="card", label=label.text)]

"""The card's licence label against the terms that govern the weights."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import at, misstated_severity
from openwash.assess.terms import is_policy
from openwash.licenses.identify import osi_approved, same_licence
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    label = ctx.terms.label
    # What governs the weights besides the SBOMs' labels, which speak after the card's.
    governing = [i.id for i in ctx.terms.weights_terms if not is_policy(i) and i.source != "sbom"]
    if label is None or not governing or any(same_licence(label.id, g) for g in governing):
        return []
    return [
        at(
            "card-license-mismatch",
            label,
            severity=misstated_severity(osi_approved(label.id), ctx.terms),
            label=label.text,
            governing=", ".join(sorted(set(governing))),
        )
    ]

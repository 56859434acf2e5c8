"""Datasets under restrictive terms (data/datasets.yaml) behind a model whose own terms look
permissive: the model's licence does not lift them."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.wording import finding
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    card, terms = ctx.card, ctx.terms
    if card is None:
        return []
    if not any(i.osd_compliant for i in terms.weights_terms) and not any(
        i.osi_approved for i in terms.licenses
    ):
        return []
    line, quote = card.key_quote("datasets")
    return [
        finding(
            "dataset-terms",
            card.path,
            line,
            quote if line else f"datasets: {d.id}",
            dataset=d.id,
            terms=f"{d.license or 'no licence'}{'; ' + d.note if d.note else ''}",
        )
        for d in ctx.facts.datasets
        if d.terms == "restrictive"
    ]

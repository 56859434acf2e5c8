"""A model card's own restrictions are terms: its sentences analysed as the licence texts are
(clauses/rules/osd.yaml). A tool's README describes other models, so only a model's card counts."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.clauses.analyser import analyse
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    card = ctx.card
    if card is None or not ctx.ev.model_found:
        return []
    return analyse("\n".join(card.lines), card.path, "card")

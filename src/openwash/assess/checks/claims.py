"""'Open source' said of a model that is below open-source-ai: open-washing in its own words."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.wording import finding
from openwash.evidence import prose
from openwash.report import NO_MODEL_TIERS, Finding, tier_rank

MAX_PER_CARD = 3  # the first claims of each card make the point


def check(ctx: Context) -> list[Finding]:
    rating = ctx.rating
    if rating is None or rating in NO_MODEL_TIERS or tier_rank(rating) >= tier_rank("open-source-ai"):
        return []
    return [
        finding("open-source-claim", line.path, line.line, line.text[:400], tier=rating)
        for card in ctx.ev.cards
        for line in prose.open_source_claims(card)[:MAX_PER_CARD]
    ]

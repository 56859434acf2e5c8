"""Downloads behind accepted terms (gated access): the card's gating keys, else the hub's word."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.wording import finding
from openwash.report import Finding

_KEYS = ("extra_gated_prompt", "extra_gated_fields", "gated")


def check(ctx: Context) -> list[Finding]:
    card = ctx.card
    if card is None:
        return []
    for key in _KEYS:
        if key in card.front and card.front[key] not in (False, None, ""):
            line, quote = card.key_quote(key)
            return [finding("gated-access", card.path, line, quote[:300])]
    if ctx.ev.gated:
        return [finding("gated-access", ctx.ev.label, None, f"gated: {ctx.ev.gated}")]
    return []

"""What a check sees: the evidence, the resolved terms, the components table and its facts, and
(for the checks that judge the tier itself) the tier."""

from __future__ import annotations

from dataclasses import dataclass

from openwash.assess.components import Facts
from openwash.assess.terms import Terms
from openwash.evidence.card import Card
from openwash.evidence.collect import Evidence
from openwash.report import Component


@dataclass(frozen=True)
class Context:
    """What every check reads: the evidence, the resolved terms, the facts and the components."""

    ev: Evidence
    terms: Terms
    facts: Facts
    table: dict[str, Component]
    rating: str | None = None  # set for the checks of the "tier" stage

    @property
    def card(self) -> Card | None:
        """The model card, else the README: the card whose label and keys the checks read."""
        return self.ev.model_card or self.ev.card

"""What a check sees: the evidence, the resolved terms, the components table and its facts, and
(for the checks that judge the tier itself) the tier."""

from __future__ import annotations

from openwash.assess.components import Facts
from openwash.assess.terms import Terms
from openwash.evidence.card import Card
from openwash.evidence.collect import Evidence
from openwash.report import Component


class Context:
    """What every check reads: the evidence, the resolved terms, the facts and the components.
    (Plain: making a dataclass costs about 0.15 ms at every start.)"""

    def __init__(
        self,
        ev: Evidence,
        terms: Terms,
        facts: Facts,
        table: dict[str, Component],
        rating: str | None = None,  # set for the checks of the "tier" stage
    ) -> None:
        self.ev, self.terms, self.facts, self.table, self.rating = ev, terms, facts, table, rating

    @property
    def card(self) -> Card | None:
        """The model card, else the README: the card whose label and keys the checks read."""
        return self.ev.model_card or self.ev.card

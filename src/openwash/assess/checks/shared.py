"""What several checks share; a check module imports no other check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from openwash.assess.checks.wording import finding
from openwash.assess.terms import Terms
from openwash.report import Finding, Severity


class Place(Protocol):
    """Where a statement stands (the card's label, its base model): the finding's evidence."""

    @property
    def path(self) -> str: ...

    @property
    def line(self) -> int | None: ...

    @property
    def quote(self) -> str: ...


def at(
    name: str, place: Place, *, severity: Severity | None = None, clause: int | None = None, **fields: object
) -> Finding:
    """The finding `name` of data/checks.yaml, quoting `place`."""
    return finding(name, place.path, place.line, place.quote, severity=severity, clause=clause, **fields)


def verdicts(
    name: str, place: Place, verdict: Iterable[tuple[int, str, str]], **fields: object
) -> list[Finding]:
    """One finding per clause of a licence's verdict, (clause, severity, why) from the licence data."""
    return [
        at(
            name,
            place,
            severity="violation" if severity == "violation" else "concern",
            clause=clause,
            why=why,
            **fields,
        )
        for clause, severity, why in verdict
    ]


def misstated_severity(declared_open: bool, terms: Terms) -> Severity:
    """A declared label (the card's, an SBOM's) that names other terms than those governing the
    weights: a violation when it claims open terms over terms that fail the OSD (open-washing),
    else a concern."""
    governing_open = all(i.osd_compliant for i in terms.weights_terms)
    return "violation" if declared_open and not governing_open else "concern"


def first_line(text: str) -> str:
    """The first non-blank line of a text, stripped: the quote for a whole file."""
    return next((ln.strip() for ln in text.split("\n") if ln.strip()), "")

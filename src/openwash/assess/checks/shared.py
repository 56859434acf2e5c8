"""What several checks share; a check module imports no other check."""

from __future__ import annotations

from openwash.assess.terms import Terms
from openwash.report import Severity


def misstated_severity(declared_open: bool, terms: Terms) -> Severity:
    """A declared label (the card's, an SBOM's) that names other terms than those governing the
    weights: a violation when it claims open terms over terms that fail the OSD (open-washing),
    else a concern."""
    governing_open = all(i.osd_compliant for i in terms.weights_terms)
    return "violation" if declared_open and not governing_open else "concern"


def first_line(text: str) -> str:
    """The first non-blank line of a text, stripped: the quote for a whole file."""
    return next((ln.strip() for ln in text.split("\n") if ln.strip()), "")

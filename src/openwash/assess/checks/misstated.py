"""A declared label (the card's, an SBOM's) that names other terms than those governing the
weights: a violation when it claims open terms over terms that fail the OSD (open-washing), else
a concern."""

from __future__ import annotations

from openwash.assess.terms import Terms
from openwash.report import Severity


def severity(declared_open: bool, terms: Terms) -> Severity:
    governing_open = all(i.osd_compliant for i in terms.weights_terms)
    return "violation" if declared_open and not governing_open else "concern"

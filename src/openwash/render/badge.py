"""`--format badge`: a shields.io endpoint JSON with the tier, for a README badge.

Serve the file anywhere shields.io can fetch it and point a badge at it:
`https://img.shields.io/endpoint?url=<raw URL of the file>`.
"""

from __future__ import annotations

import json

from openwash.report import Report, tier_colour

LABEL = "openness"
UNKNOWN_COLOUR = "9f9f9f"


def colour(tier: str) -> str:
    """The tier's colour as six hex digits (no '#')."""
    return tier_colour(tier, UNKNOWN_COLOUR)


def badge(report: Report) -> dict[str, object]:
    # shields.io endpoint schema: schemaVersion, label, message, color (hex without '#' is accepted).
    return {"schemaVersion": 1, "label": LABEL, "message": report.tier, "color": colour(report.tier)}


def render(report: Report) -> str:
    return json.dumps(badge(report), indent=2) + "\n"

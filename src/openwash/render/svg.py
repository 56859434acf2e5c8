"""`--format svg`: a static SVG badge with the tier, for READMEs that cannot use an endpoint badge.

A hand-written template in the shields.io "flat" style; every text that goes into it is escaped.
"""

from __future__ import annotations

from html import escape

from openwash.render.badge import LABEL, colour
from openwash.report import Report

_CHAR = 6.6  # average advance of 11px Verdana, the badge font: close enough to size the boxes
_PAD = 10

_TEMPLATE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{aria}">
  <title>{aria}</title>
  <linearGradient id="s" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>
  <g clip-path="url(#r)">
    <rect width="{lw}" height="20" fill="#555"/>
    <rect x="{lw}" width="{mw}" height="20" fill="#{fill}"/>
    <rect width="{width}" height="20" fill="url(#s)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
    <text x="{lx}" y="15" fill="#010101" fill-opacity=".3">{label}</text>
    <text x="{lx}" y="14">{label}</text>
    <text x="{mx}" y="15" fill="#010101" fill-opacity=".3">{message}</text>
    <text x="{mx}" y="14" fill="{ink}">{message}</text>
  </g>
</svg>
"""


def _width(text: str) -> int:
    return round(len(text) * _CHAR) + _PAD


def _ink(fill: str) -> str:
    # Dark text on light fills (the yellow of open-weight), white on the rest: readable either way.
    r, g, b = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return "#333" if (0.299 * r + 0.587 * g + 0.114 * b) > 160 else "#fff"


def render(report: Report) -> str:
    label, message = LABEL, report.tier
    lw, mw = _width(label), _width(message)
    fill = colour(report.tier)
    return _TEMPLATE.format(
        width=lw + mw,
        lw=lw,
        mw=mw,
        lx=lw / 2,
        mx=lw + mw / 2,
        fill=fill,
        ink=_ink(fill),
        label=escape(label),
        message=escape(message),
        aria=escape(f"{label}: {message}"),
    )

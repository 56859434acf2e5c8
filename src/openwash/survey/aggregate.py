"""`openwash survey-report`: the aggregate an auditor publishes from a survey dataset.

Tiers by share, the commonest licences of the weights, the share of permissive card labels
without a licence text in the repository (the figure of Jewitt et al. 2026), and the
"open source" claims made for models below open-source-ai; as a table, as CSV, and the tier
shares as a bar chart (SVG, drawn here: no plotting library).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html import escape

from openwash.report import ALL_TIERS, KIND_OPEN_SOURCE_CLAIM, tier_colour, tier_rank
from openwash.survey.dataset import findings_column, read_dataset

DEFAULT_TOP = 15
_CLAIM = findings_column(KIND_OPEN_SOURCE_CLAIM)


@cache
def permissive_labels() -> frozenset[str]:
    from openwash.datafiles import load_yaml

    return frozenset(load_yaml("survey.yaml")["permissive_labels"])


@dataclass
class Aggregate:
    total: int = 0  # repositories (the last row of each)
    scanned: int = 0
    failed: int = 0
    tiers: Counter[str] = field(default_factory=Counter)
    licences: Counter[str] = field(default_factory=Counter)  # weights' licence ids, a repository once each
    permissive_labels: int = 0  # scanned repositories whose card label is a permissive licence
    permissive_without_text: int = 0  # ... and no licence text in the repository
    below_open_source_ai: int = 0  # scanned models rated below open-source-ai
    claims: Counter[str] = field(default_factory=Counter)  # tier -> models called open source below it


def aggregate(folder: str) -> Aggregate:
    columns = ["tier", "weights_licenses", "card_license", "license_text", "error", _CLAIM]
    table = read_dataset(folder, columns)
    out = Aggregate(total=table.num_rows)
    permissive = permissive_labels()
    # Column by column: a million rows are a few Python lists, not a million dicts.
    data = {c: table.column(c).to_pylist() for c in columns}
    for tier, ids, label, has_text, error, claims in zip(*(data[c] for c in columns), strict=True):
        if error is not None or tier is None:
            out.failed += 1
            continue
        out.scanned += 1
        out.tiers[tier] += 1
        out.licences.update(set(ids) if ids else {"none"})
        if label in permissive:
            out.permissive_labels += 1
            out.permissive_without_text += not has_text
        if tier in ("closed", "open-access", "open-weight"):
            out.below_open_source_ai += 1
            if claims:
                out.claims[tier] += 1
    return out


def _share(n: int, of: int) -> float:
    return n / of if of else 0.0


def _pct(n: int, of: int) -> str:
    return f"{100 * _share(n, of):.1f}%"


def rows(agg: Aggregate, top: int = DEFAULT_TOP) -> list[tuple[str, str, int, int]]:
    """(measure, key, count, out of): every figure of the report, in order."""
    out: list[tuple[str, str, int, int]] = [
        ("repositories", "total", agg.total, agg.total),
        ("repositories", "scanned", agg.scanned, agg.total),
        ("repositories", "failed", agg.failed, agg.total),
    ]
    out += [("tier", t, agg.tiers[t], agg.scanned) for t in ALL_TIERS if agg.tiers[t]]
    out += [("license", lid, n, agg.scanned) for lid, n in agg.licences.most_common(top)]
    out.append(
        (
            "permissive-label",
            "with licence text",
            agg.permissive_labels - agg.permissive_without_text,
            agg.permissive_labels,
        )
    )
    out.append(
        ("permissive-label", "without licence text", agg.permissive_without_text, agg.permissive_labels)
    )
    claims = sum(agg.claims.values())
    out.append(("open-source-claim", "below open-source-ai", claims, agg.below_open_source_ai))
    out += [
        ("open-source-claim", t, agg.claims[t], agg.tiers[t])
        for t in sorted(agg.claims, key=tier_rank)
        if agg.claims[t]
    ]
    return out


def render_csv(agg: Aggregate, top: int = DEFAULT_TOP) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["measure", "key", "count", "out_of", "share"])
    for measure, key, n, of in rows(agg, top):
        writer.writerow([measure, key, n, of, f"{_share(n, of):.4f}"])
    return buf.getvalue()


def render_table(agg: Aggregate, top: int = DEFAULT_TOP) -> str:
    lines = [
        f"{agg.total} repositories: {agg.scanned} scanned, {agg.failed} could not be scanned",
        "",
        "Tiers (share of the repositories scanned)",
    ]

    def block(items: list[tuple[str, int, int]]) -> None:
        # A licence id can come from a repository's own files: no control characters reach the terminal.
        items = [("".join(c if c.isprintable() else "?" for c in k), n, of) for k, n, of in items]
        width = max((len(k) for k, _, _ in items), default=0)
        for key, n, of in items:
            lines.append(f"  {key.ljust(width)}  {n:>9}  {_pct(n, of):>6}")

    block([(t, agg.tiers[t], agg.scanned) for t in ALL_TIERS if agg.tiers[t]])
    lines += ["", f"Top licences of the weights (share of the repositories scanned, top {top})"]
    block([(lid, n, agg.scanned) for lid, n in agg.licences.most_common(top)])
    lines += [
        "",
        "Permissive card labels without a licence text in the repository",
        f"  {agg.permissive_without_text} of {agg.permissive_labels} permissive labels "
        f"({_pct(agg.permissive_without_text, agg.permissive_labels)})",
        "",
        "Models called open source below open-source-ai",
        f"  {sum(agg.claims.values())} of {agg.below_open_source_ai} models below open-source-ai "
        f"({_pct(sum(agg.claims.values()), agg.below_open_source_ai)})",
    ]
    block([(t, agg.claims[t], agg.tiers[t]) for t in sorted(agg.claims, key=tier_rank) if agg.claims[t]])
    return "\n".join(lines) + "\n"


def render_svg(agg: Aggregate) -> str:
    """Horizontal bars of the tier shares, coloured as the badges are."""
    tiers = [t for t in ALL_TIERS if agg.tiers[t]]
    bar_x, bar_w, row_h, top = 130, 300, 28, 40
    height = top + row_h * max(1, len(tiers)) + 20
    width = bar_x + bar_w + 120
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f"<title>Openness tiers of {agg.scanned} repositories</title>",
        f'<text x="10" y="22" font-size="15" font-weight="bold">Openness tiers of {agg.scanned} '
        "repositories</text>",
    ]
    for i, tier in enumerate(tiers):
        n = agg.tiers[tier]
        y = top + i * row_h
        w = round(bar_w * _share(n, agg.scanned), 1)
        parts += [
            f'<text x="{bar_x - 8}" y="{y + 17}" text-anchor="end">{escape(tier)}</text>',
            f'<rect x="{bar_x}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="#{tier_colour(tier, "9f9f9f")}"/>',
            f'<text x="{bar_x + w + 6}" y="{y + 17}">{_pct(n, agg.scanned)} ({n})</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

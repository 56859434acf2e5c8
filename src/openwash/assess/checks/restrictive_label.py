"""A card labelled with restrictive model terms beside a permissive licence file: the label governs
the weights (assess/terms.py moved the file to the code) and its licence's verdict applies."""

from __future__ import annotations

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import at, verdicts
from openwash.licenses import ai, names
from openwash.report import Finding


def check(ctx: Context) -> list[Finding]:
    label, files = ctx.terms.label, ctx.terms.relabelled
    lic = ai.by_id(label.id) if label is not None and files else None
    if label is None or lic is None:
        return []
    paths = sorted({i.path for i in files if i.path})
    many = len({i.path for i in files}) > 1
    mismatch = at(
        "restrictive-label",
        label,
        label=label.text,
        licence=lic.name,
        files="files" if many else "file",
        paths=", ".join(paths),
        says="say" if many else "says",
        ids=", ".join(sorted({i.id for i in files})),
    )
    return [mismatch, *verdicts("label-verdict", label, names.verdict(lic.id), licence=lic.name)]

"""SBOM-declared licences against the repository (SPEC section 2): one with no licence text behind
it is a missing text, as for a card label; an SBOM none of whose licences names the terms that
govern the weights misstates them (one that records the publisher's label but concludes the
governing terms states them right)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openwash.assess.checks.context import Context
from openwash.assess.checks.shared import misstated_severity
from openwash.assess.checks.wording import finding
from openwash.assess.terms import is_policy, sbom_ids, sbom_names
from openwash.licenses.classes import requires_text
from openwash.licenses.identify import osi_approved
from openwash.report import Finding, LicenseInfo

if TYPE_CHECKING:  # the SBOM reader is imported only when the tree has an SBOM (evidence/collect.py)
    from openwash.evidence.sbom import SbomFacts


def check(ctx: Context) -> list[Finding]:
    terms = ctx.terms
    texts = any(i.source == "text" and not is_policy(i) for i in terms.licenses)
    governing = [i for i in terms.weights_terms if i.source in ("text", "inherited") and not is_policy(i)]
    out: list[Finding] = []
    for facts in ctx.ev.sbom_facts:
        out += _unbacked(facts, ctx) if not texts else []
        out += _misstates(facts, governing, ctx)
    return out


def _unbacked(facts: SbomFacts, ctx: Context) -> list[Finding]:
    # One finding per SBOM: its declared and concluded fields say one thing.
    name = (
        "label-without-text-under-base" if ctx.terms.weights_source == "inherited" else "label-without-text"
    )
    for fld in facts.declared:
        if any(requires_text(i) for i in sbom_ids(fld.value, fld.expression)):
            return [finding(name, facts.path, fld.line, fld.quote, who="SBOM", label=fld.value)]
    return []


def _misstates(facts: SbomFacts, governing: list[LicenseInfo], ctx: Context) -> list[Finding]:
    stated = [(fld, ids) for fld in facts.declared if (ids := sbom_ids(fld.value, fld.expression))]
    if (
        not stated
        or not governing
        or any(sbom_names(i, g) for _, ids in stated for i in ids for g in governing)
    ):
        return []
    fld, ids = stated[0]
    return [
        finding(
            "sbom-license-mismatch",
            facts.path,
            fld.line,
            fld.quote,
            severity=misstated_severity(all(osi_approved(i) for i in ids), ctx.terms),
            key=fld.key,
            subject=fld.subject,
            value=fld.value,
            governing=", ".join(sorted({g.id for g in governing})),
        )
    ]

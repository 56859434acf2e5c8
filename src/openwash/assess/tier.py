"""The openness tier (SPEC section 4), decided from the components table."""

from __future__ import annotations

from openwash.assess.components import Facts, has_training_code
from openwash.report import Component, Finding, LicenseInfo


def licence_only_tier(licenses: list[LicenseInfo]) -> str:
    """A repository without a model is rated on its licence alone."""
    own = [i for i in licenses if i.path is not None]
    if own and all(i.osd_compliant is True for i in own):
        return "open-source"
    return "not-open-source"


def model_tier(comp: dict[str, Component], facts: Facts, violations: list[Finding]) -> str:
    weights = comp["weights"]
    if not weights.present:
        return "closed"
    if weights.osd_compliant is False or violations:
        return "open-access"
    if weights.osd_compliant is None and weights.terms_source != "own-text":
        return "open-access"  # a label or a name with no text behind it: no licence a user can rely on
    if weights.osd_compliant is None:
        # Terms of the repository's own that no catalogue names and in which no violation is found:
        # open-weight at most, with the unknown-licence concern saying compliance is not established.
        return "open-weight"
    code_ok = has_training_code(facts) and comp["code"].osd_compliant is not False
    if not (code_ok and comp["data_information"].present):
        return "open-weight"
    if not (comp["data"].present and facts.papers):
        return "open-source-ai"
    return "open-science"

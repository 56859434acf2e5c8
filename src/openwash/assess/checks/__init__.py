"""The finding checks: one small module each, `check(context) -> list[Finding]`, listed in CHECKS
and run in that order; what each finding says (kind, severity, rule, why) is data
(data/checks.yaml, through wording.py).

Two stages: the "terms" checks run before the tier is decided (their violations count against
the weights' terms), the "tier" checks judge the tier itself. Findings are sorted afterwards;
the table's order breaks ties between findings at the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from openwash.assess.checks import (
    base_conflict,
    base_license,
    base_notice,
    card_label,
    card_terms,
    claims,
    copyright_lines,
    datasets,
    gated,
    label_text,
    modified_license,
    preferred_form,
    restrictive_label,
    sbom_label,
    unknown_license,
)
from openwash.assess.checks.context import Context
from openwash.report import Finding

Stage = Literal["terms", "tier"]


class Check:
    """One finding check: its name, its stage and the function that runs it. (A row of a table:
    plain, as making a dataclass costs about 0.15 ms at every start.)"""

    def __init__(self, name: str, stage: Stage, run: Callable[[Context], list[Finding]]) -> None:
        self.name, self.stage, self.run = name, stage, run


CHECKS: tuple[Check, ...] = (
    Check("unknown-license", "terms", unknown_license.check),
    Check("modified-license", "terms", modified_license.check),
    Check("copyright-lines", "terms", copyright_lines.check),
    Check("base-license", "terms", base_license.check),
    Check("base-conflict", "terms", base_conflict.check),
    Check("restrictive-label", "terms", restrictive_label.check),
    Check("card-label", "terms", card_label.check),
    Check("label-text", "terms", label_text.check),
    Check("base-notice", "terms", base_notice.check),
    Check("gated-access", "terms", gated.check),
    Check("card-terms", "terms", card_terms.check),
    Check("sbom-label", "terms", sbom_label.check),
    Check("dataset-terms", "terms", datasets.check),
    Check("open-source-claims", "tier", claims.check),
    Check("preferred-form", "tier", preferred_form.check),
)


def run(stage: Stage, ctx: Context) -> list[Finding]:
    return [f for c in CHECKS if c.stage == stage for f in c.run(ctx)]


__all__ = ["CHECKS", "Check", "Context", "Stage", "run"]

"""Concrete steps from the tier a repository has to the next one (SPEC section 4)."""

from __future__ import annotations

from openwash.assess.components import Facts, has_training_code
from openwash.report import KIND_CARD_MISMATCH, KIND_CONFLICT, Component, Finding, next_tier


def next_steps(tier: str, comp: dict[str, Component], facts: Facts, findings: list[Finding]) -> list[str]:
    if next_tier(tier) is None:
        return []
    steps: list[str] = []
    if tier == "closed":
        steps.append(
            "Publish the model weights (files in the repository, Git LFS, release assets or a download "
            "link in the model card) under a licence."
        )
    elif tier in ("open-access", "not-open-source"):
        violated = sorted({f.clause for f in findings if f.severity == "violation" and f.clause is not None})
        if violated:
            steps.append(
                "Remove or replace the terms that fail OSD clause(s) "
                + ", ".join(map(str, violated))
                + " (see the findings), or release the weights under an OSI-approved licence such as "
                "Apache-2.0 or MIT."
            )
        if comp["weights"].license is None:
            steps.append("Add a licence file (LICENSE) that grants rights to the weights.")
        elif comp["weights"].osd_compliant is None:
            steps.append(
                "Use a licence openwash can identify (an SPDX-listed, OSI-approved one) or have the "
                "custom terms reviewed."
            )
        if any(f.kind in (KIND_CARD_MISMATCH, KIND_CONFLICT) for f in findings):
            steps.append("Make the card's `license:` label match the terms that actually govern the weights.")
    elif tier == "open-weight":
        if not has_training_code(facts):
            steps.append(
                "Release the training code (training loop, configs, data-processing scripts) under an "
                "OSI-approved licence, or link the repository that has it from the model card."
            )
        elif comp["code"].osd_compliant is False:
            steps.append("Put the training and inference code under an OSI-approved licence.")
        if not comp["data_information"].present:
            steps.append(
                "Document the training data in the model card: sources, size, selection, filtering and "
                "processing, with a `datasets:` list and where to get each dataset."
            )
    elif tier == "open-source-ai":
        if not comp["data"].present:
            steps.append(
                "Make the training data itself available under open data terms (CC-BY, CC0, ODC-By, "
                "ODbL, CDLA) and list it under `datasets:`."
            )
        if not facts.papers:
            steps.append(
                "Publish a research paper or technical report with evaluation results and link it "
                "from the model card."
            )
        if not facts.checkpoints:
            steps.append("Optionally, publish intermediate checkpoints (MOF Class I lists them).")
    return steps

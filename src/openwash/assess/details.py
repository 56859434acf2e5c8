"""The scan details of the Report (`report.ScanDetails`): MOF components with their evidence,
datasets, the card's task and label, the licence texts. Built by the engine from its own
intermediate values, for the renderers that need more than tier and findings (the AI-BOMs and the
Model Openness Tool YAML) and for the JSON report."""

from __future__ import annotations

from typing import Any

from openwash.assess import mof
from openwash.assess.components import Facts
from openwash.assess.terms import Terms, card_label
from openwash.evidence.collect import Evidence
from openwash.report import Component, MofComponent, ScanDetails, label_name


def details_from(ev: Evidence, facts: Facts, table: dict[str, Component], terms: Terms) -> ScanDetails:
    """ScanDetails from the scan's own intermediate values."""
    from openwash.assess import limits, mof_map

    card = ev.model_card or ev.card
    name = card.front.get("model_name") if card is not None else None
    task = card.front.get("pipeline_tag") if card is not None else None
    training = sorted({*facts.code.get("training", []), *facts.code.get("training-config", [])})
    # The card's label is the publisher's declaration even where other terms govern (SPDX
    # licenseDeclared); the terms module resolves it exactly as the scan did.
    card_license = card_label(card)[0] if card is not None else None
    return ScanDetails(
        name=name.strip() if isinstance(name, str) and name.strip() else label_name(ev.label),
        mof_components=_mof_components(
            mof_map.mof_components(table, facts, terms), _mof_evidence(facts, table)
        ),
        datasets=tuple(facts.datasets[: limits.MAX_BOM_DATASETS]),  # an AI-BOM stays bounded
        task=task if isinstance(task, str) else None,
        library=facts.library,
        card_path=facts.card_path,
        training_code=tuple(training),
        license_texts={t.path: t.text for t in ev.terms if t.kind in ("license", "policy")},
        card_license=card_license,
    )


def _mof_components(
    licences: dict[str, str | None], evidence: dict[str, tuple[str, str | None]]
) -> tuple[MofComponent, ...]:
    """The components in the Model Openness Tool's order, each with its licence and evidence."""
    out = []
    for name in mof.COMPONENT_NAMES:
        if name in licences:
            what, path = evidence.get(name, ("", None))
            out.append(MofComponent(name, licences[name], what, path))
    return tuple(out)


def _mof_evidence(facts: Facts, table: dict[str, Component]) -> dict[str, tuple[str, str | None]]:
    """One piece of evidence per MOF component: (what it is, the repository file if it is one)."""

    def first(*candidates: Any) -> tuple[str, str | None] | None:
        for c in candidates:
            if isinstance(c, list | tuple):
                if not c:
                    continue
                c = c[0]
            if isinstance(c, _File):
                return c.path, c.path
            if isinstance(c, str) and c:
                return c, None
            if hasattr(c, "path") and hasattr(c, "line"):
                return f"{c.path}:{c.line}", c.path
        return None

    def files(*roles: str) -> list[_File]:
        return [_File(p) for role in roles for p in facts.code.get(role, [])]

    library = f"library_name: {facts.library}" if facts.library else None
    weights = [
        _File(e.removesuffix(" (Git LFS pointer)")) if ":" not in e else e for e in table["weights"].evidence
    ]
    declared = ", ".join(d.id for d in facts.datasets if d.declared)
    found = {
        mof.MODEL_PARAMETERS_FINAL: first(weights),
        mof.MODEL_CARD: first([_File(facts.card_path)] if facts.card_path else []),
        mof.MODEL_ARCHITECTURE: first(
            files("architecture", "inference"),
            library,
            facts.library_use,
            files("training"),
            facts.code_links,
        ),
        mof.INFERENCE_CODE: first(
            files("inference"), library, facts.library_use, files("training"), facts.code_links
        ),
        mof.TRAINING_CODE: first(files("training", "training-config"), facts.code_links),
        mof.DATA_PREPROCESSING_CODE: first(files("data-processing"), facts.data_code),
        mof.EVALUATION_CODE: first(files("evaluation"), facts.eval_code),
        mof.EVALUATION_DATA: first(files("evaluation"), facts.eval_code),
        mof.EVALUATION_RESULTS: first(facts.eval_results, facts.papers),
        mof.RESEARCH_PAPER: first(facts.papers),
        mof.DATA_CARD: first(facts.data_info),
        mof.DATASETS: first(f"datasets: {declared}" if declared else None, facts.data_released),
        mof.MODEL_PARAMETERS_INTERMEDIATE: first(facts.checkpoints),
    }
    return {k: v for k, v in found.items() if v is not None}


class _File:
    """A path of the tree given as evidence (as against a statement quoted from a card). (Plain:
    making a dataclass costs about 0.15 ms at every start.)"""

    def __init__(self, path: str) -> None:
        self.path = path

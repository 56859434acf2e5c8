"""Which Model Openness Framework components the evidence supports, with their licences
(SPEC section 4 table), classified with the Model Openness Tool's own rules (assess/mof.py)."""

from __future__ import annotations

from openwash.assess import mof
from openwash.assess.components import Facts, has_training_code
from openwash.assess.terms import Terms
from openwash.report import Component


def _single(expr: str | None) -> str | None:
    # MOT matches one licence id exactly; an expression of several ids is not one it accepts.
    if expr is None or " " in expr:
        return expr
    return expr


def mof_components(comp: dict[str, Component], facts: Facts, terms: Terms) -> dict[str, str | None]:
    weights_lic = _single(comp["weights"].license)
    code_lic = _single(comp["code"].license) or weights_lic
    # The release's licence for documents and data: MOT falls back to the distribution licence.
    distribution = code_lic or weights_lic
    out: dict[str, str | None] = {}
    if comp["weights"].present:
        out[mof.MODEL_PARAMETERS_FINAL] = weights_lic
    if facts.has_model_card:
        # MOF's model card is a card of the model; a software README without front matter is not one.
        out[mof.MODEL_CARD] = distribution
    if (
        facts.code.get("architecture")
        or facts.code.get("inference")
        or facts.library
        or facts.library_use
        or has_training_code(facts)
    ):
        # A training loop builds the model, and a library that loads it carries the architecture.
        out[mof.MODEL_ARCHITECTURE] = code_lic
        out[mof.INFERENCE_CODE] = code_lic
    if has_training_code(facts):
        out[mof.TRAINING_CODE] = code_lic
    if facts.code.get("data-processing") or facts.data_code:
        out[mof.DATA_PREPROCESSING_CODE] = code_lic
    if facts.code.get("evaluation") or facts.eval_code:
        out[mof.EVALUATION_CODE] = code_lic
        out[mof.EVALUATION_DATA] = distribution
    if facts.eval_results or facts.papers:
        # A paper of the model's own reports its evaluation.
        out[mof.EVALUATION_RESULTS] = distribution
    if facts.papers:
        out[mof.RESEARCH_PAPER] = distribution
    if facts.data_info:
        out[mof.DATA_CARD] = distribution
    if comp["data"].present:
        licences = {d.license for d in facts.datasets if d.license}
        out[mof.DATASETS] = licences.pop() if len(licences) == 1 else distribution
    if facts.checkpoints:
        out[mof.MODEL_PARAMETERS_INTERMEDIATE] = weights_lic
    return out


def classify(comp: dict[str, Component], facts: Facts, terms: Terms) -> mof.MofResult:
    return mof.classify(mof_components(comp, facts, terms))

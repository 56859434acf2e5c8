"""The components table (weights, code, data information, data, documentation) and the facts
behind it, from the evidence and the resolved terms."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field, replace

from openwash.assess.terms import Terms
from openwash.datafiles import load_yaml
from openwash.evidence import prose
from openwash.evidence.collect import Evidence
from openwash.licenses.classes import is_open_data
from openwash.report import Component, Finding, LicenseInfo
from openwash.report import Dataset as DatasetInfo


@dataclass
class Facts:
    """Everything the tier, the MOF class and the next steps are decided from."""

    model_found: bool
    weights: list[str]
    code: dict[str, list[str]]
    code_links: list[prose.Line]
    data_info: list[prose.Line]
    data_released: list[prose.Line]
    datasets: list[DatasetInfo]
    papers: list[prose.Line]
    checkpoints: list[prose.Line]
    eval_results: list[prose.Line]
    eval_code: list[prose.Line]
    data_code: list[prose.Line]
    card_path: str | None
    library: str | None
    library_use: list[prose.Line] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # A model card proper (front matter with model keys, or a model-card file), not a software README.
    has_model_card: bool = False


@functools.cache
def _dataset_table() -> dict[str, DatasetInfo]:
    out: dict[str, DatasetInfo] = {}
    for d in load_yaml("datasets.yaml")["datasets"]:
        info = DatasetInfo(
            d["id"], d.get("license"), d.get("terms", "unknown"), bool(d.get("public")), d.get("note", "")
        )
        for key in [d["id"], *(d.get("aliases") or [])]:
            out[key.lower()] = info
            out[key.lower().rsplit("/", 1)[-1]] = info
    return out


def dataset_info(name: str) -> DatasetInfo:
    key = name.strip().lower()
    table = _dataset_table()
    return (
        table.get(key)
        or table.get(key.rsplit("/", 1)[-1])
        or DatasetInfo(name, None, "unknown", False, known=False)
    )


def from_dataset_card(info: DatasetInfo, label: str) -> DatasetInfo:
    """The dataset's terms as its own card states them (a remote scan reads it), over the table's."""
    from openwash.licenses.identify import identify_label

    ident = identify_label(label)
    licence = ident.id or label
    upper = licence.upper()
    if ident.id and is_open_data(ident.id):
        terms = "open"
    elif "-NC" in upper or "-ND" in upper or (ident.ai is not None and ident.ai.osd_compliant is False):
        terms = "restrictive"
    else:
        terms = "unclear"
    return replace(
        info, license=licence, terms=terms, known=True, note=f"licence from the dataset's own card: {label}"
    )


def gather_facts(ev: Evidence) -> Facts:
    card = ev.model_card or ev.card
    cards = ev.cards
    datasets: list[DatasetInfo] = []
    read_cards = ev.upstream.get("datasets") or {}
    if card is not None:
        for name in card.get_list("datasets"):
            info = replace(dataset_info(name), declared=True)
            if isinstance(read_cards.get(name), str):
                info = from_dataset_card(info, read_cards[name])
            datasets.append(info)
    # Datasets linked in prose (huggingface.co/datasets/ORG/NAME).
    seen = {d.id.lower() for d in datasets}
    for c in cards:
        for _, text in c.body():
            for m in re.finditer(r"huggingface\.co/datasets/([\w.-]+/[\w.-]+)", text):
                if m.group(1).lower() not in seen:
                    seen.add(m.group(1).lower())
                    datasets.append(dataset_info(m.group(1)))
    model_found = ev.model_found
    library = card.front.get("library_name") if card is not None else None
    return Facts(
        model_found=model_found,
        weights=[w.path for w in ev.weights],
        code=_with_run_scripts(ev),
        code_links=[x for c in cards for x in prose.training_code_links(c)],
        data_info=prose.data_information(cards),
        data_released=[x for c in cards for x in prose.data_released(c)],
        datasets=datasets,
        papers=[x for c in cards for x in prose.own_papers(c)],
        checkpoints=[x for c in cards for x in prose.intermediate_checkpoints(c)],
        eval_results=[x for c in cards for x in prose.evaluation_results(c)],
        eval_code=[x for c in cards for x in prose.evaluation_code(c)],
        data_code=[x for c in cards for x in prose.data_processing_code(c)],
        card_path=card.path if card is not None else None,
        library=library if isinstance(library, str) else None,
        library_use=[x for c in cards for x in prose.library_usage(c)],
        has_model_card=ev.model_card is not None,
    )


def _with_run_scripts(ev: Evidence) -> dict[str, list[str]]:
    """The code roles, with the scripts the training instructions run counted as training code."""
    listed = {f.path for f in ev.files}
    run: list[str] = []
    for doc in ev.cards + ev.docs:
        folder = posixpath.dirname(doc.path)
        for _, script in prose.training_scripts(doc):
            for candidate in (posixpath.normpath(posixpath.join(folder, script)), posixpath.normpath(script)):
                if candidate in listed and candidate not in run:
                    run.append(candidate)
                    break
    if not run:
        return ev.code
    code = dict(ev.code)
    code["training"] = sorted(set(code.get("training", [])) | set(run))
    return code


def _expr(infos: list[LicenseInfo]) -> str | None:
    ids = sorted({i.id for i in infos})
    return " AND ".join(ids) if ids else None


def _compliant(infos: list[LicenseInfo]) -> bool | None:
    if not infos:
        return None
    values = [i.osd_compliant for i in infos]
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def has_training_code(f: Facts) -> bool:
    return bool(f.code.get("training") or f.code.get("training-config") or f.code_links)


def data_open(f: Facts, release_open: bool) -> tuple[bool, list[str]]:
    """Whether the training data itself is available under open terms, and the evidence.

    Datasets in the card's `datasets:` key decide; datasets only linked from the prose add
    evidence and block only when their terms are known to be restrictive."""
    evidence = []
    declared = [d for d in f.datasets if d.declared]
    if not declared and not f.data_released:
        return False, []
    for d in f.datasets:
        if d.terms == "open" and d.license and is_open_data(d.license):
            evidence.append(f"{d.id} ({d.license})")
        elif (
            d.terms in ("unclear", "unknown")
            and f.data_released
            and release_open
            and (d.public or not d.known)
        ):
            # MOT's rule: a released dataset with no licence of its own takes the release's licence.
            evidence.append(f"{d.id} (released; no licence of its own)")
        elif d.declared or d.terms == "restrictive":
            return False, []
    if not declared and f.data_released and release_open:
        evidence.append(f"{f.data_released[0].path}:{f.data_released[0].line}")
    return bool(evidence), evidence


def components(ev: Evidence, terms: Terms, f: Facts) -> dict[str, Component]:
    weights_present = bool(ev.weights or ev.weight_links)
    weight_evidence = [w.path + (" (Git LFS pointer)" if w.lfs_size else "") for w in ev.weights[:10]]
    # One line may link several checkpoints: each place is evidence once.
    weight_evidence += list(dict.fromkeys(f"{x.path}:{x.line}" for x in ev.weight_links))[:3]
    code_paths = sorted({p for role, paths in f.code.items() if role != "other" for p in paths})
    code_evidence = code_paths[:10] + [f"{x.path}:{x.line}" for x in f.code_links[:3]]
    release_open = _compliant(terms.weights_terms) is True
    is_open, data_evidence = data_open(f, release_open)
    info_evidence = []
    if f.card_path and ev.model_card is not None and ev.model_card.get_list("datasets"):
        info_evidence.append(f"{f.card_path}: datasets")
    info_evidence += [f"{x.path}:{x.line}" for x in f.data_info[:5]]
    # An SBOM that describes its datasets (provenance, processing; not only names) is data information.
    info_evidence += [s.path for s in ev.sbom_facts if any(d.informative for d in s.datasets)]
    doc_evidence = ([f.card_path] if f.card_path else []) + [f"{x.path}:{x.line}" for x in f.papers[:2]]
    doc_evidence += [f"{x.path}:{x.line}" for x in f.eval_results[:2]]
    doc_evidence += [s.path for s in ev.sbom_facts if s.model]  # AI-profile fields, an ML-BOM model card
    data_licence = ", ".join(sorted({d.license for d in f.datasets if d.license})) or None
    return {
        "weights": Component(
            weights_present,
            tuple(weight_evidence),
            _expr(terms.weights_terms),
            _compliant(terms.weights_terms),
            terms.weights_source,
        ),
        "code": Component(
            bool(code_paths or f.code_links),
            tuple(code_evidence),
            _expr(terms.code_terms),
            _compliant(terms.code_terms),
        ),
        "data_information": Component(bool(info_evidence), tuple(info_evidence)),
        "data": Component(is_open, tuple(data_evidence), data_licence, True if is_open else None),
        "documentation": Component(bool(doc_evidence), tuple(doc_evidence)),
    }

"""The Report: the one typed value the outer layers (render, cli, hook, action) see.

Renderers import nothing of openwash but this module (and `openwash.render`): it re-exports the
vocabulary (`openwash.vocabulary`) and the OSD clause titles (`openwash.osd`) they show.

Everything here is plain data. `Report.to_dict()` is the JSON report of SPEC section 5;
`data/report.schema.json` documents it and `SCHEMA_VERSION` versions it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from openwash import inert, osd
from openwash.vocabulary import (
    ALL_TIERS,
    COMPONENT_NAMES,
    KIND_CARD_MISMATCH,
    KIND_CONFLICT,
    KIND_DATASET_TERMS,
    KIND_GATED,
    KIND_INHERITED,
    KIND_MISSING_NOTICE,
    KIND_MISSING_TEXT,
    KIND_MODIFIED_LICENSE,
    KIND_OPEN_SOURCE_CLAIM,
    KIND_OSD,
    KIND_SBOM_MISMATCH,
    KIND_TERMS_CONCERN,
    KIND_UNKNOWN_LICENSE,
    KINDS,
    MODEL_TIERS,
    MOT_UNLICENSED,
    NO_MODEL_TIERS,
    UNIDENTIFIED_PREFIX,
    UNKNOWN_LICENCE,
    Kind,
    LicenceSource,
    Severity,
    TermsSource,
    component_title,
    kind_title,
    next_tier,
    tier_ansi,
    tier_colour,
    tier_description,
    tier_icon,
    tier_rank,
    unidentified_ref,
)

SCHEMA_VERSION = "1.3"

__all__ = [
    "ALL_TIERS",
    "COMPONENT_NAMES",
    "KINDS",
    "KIND_CARD_MISMATCH",
    "KIND_CONFLICT",
    "KIND_DATASET_TERMS",
    "KIND_GATED",
    "KIND_INHERITED",
    "KIND_MISSING_NOTICE",
    "KIND_MISSING_TEXT",
    "KIND_MODIFIED_LICENSE",
    "KIND_OPEN_SOURCE_CLAIM",
    "KIND_OSD",
    "KIND_SBOM_MISMATCH",
    "KIND_TERMS_CONCERN",
    "KIND_UNKNOWN_LICENSE",
    "MODEL_TIERS",
    "MOT_UNLICENSED",
    "NO_MODEL_TIERS",
    "UNIDENTIFIED_PREFIX",
    "UNKNOWN_LICENCE",
    "Component",
    "Dataset",
    "Finding",
    "Kind",
    "LicenceSource",
    "LicenseInfo",
    "ModelTerms",
    "MofComponent",
    "MofSummary",
    "Override",
    "Report",
    "ScanDetails",
    "Severity",
    "TermsSource",
    "component_title",
    "kind_title",
    "label_name",
    "next_tier",
    "osd",
    "tier_ansi",
    "tier_colour",
    "tier_description",
    "tier_icon",
    "tier_rank",
    "unidentified_ref",
]


@dataclass(frozen=True)
class Finding:
    """One finding: its kind, OSD clause, severity, place, quoted evidence and why."""

    kind: Kind
    clause: int | None
    severity: Severity
    path: str | None
    line_start: int | None
    line_end: int | None
    quote: str
    explanation: str
    rule: str = ""  # id of the rule that produced it, for tracing and SARIF ruleId

    def __post_init__(self) -> None:
        # Every string of a Report is made inert here, once, for every renderer (openwash.inert).
        _inert(self, paths=("path",), texts=("kind", "quote", "explanation", "rule"))

    def sort_key(self) -> tuple[int, int, str, int]:
        return (
            0 if self.severity == "violation" else 1,
            self.clause if self.clause is not None else 99,
            self.path or "",
            self.line_start or 0,
        )


@dataclass(frozen=True)
class LicenceSection:
    """One licence of a file that holds several, with its lines."""

    line_start: int
    line_end: int
    id: str
    name: str
    osi_approved: bool
    modified: bool = False

    def __post_init__(self) -> None:
        _inert(self, paths=(), texts=("id", "name"))


@dataclass(frozen=True)
class LicenseInfo:
    """A licence found or inherited, as the report gives it."""

    path: str | None  # None when the licence is inherited or only declared
    id: str  # SPDX id, LicenseRef-..., or "unknown"
    name: str
    score: float  # 0-1 similarity of the text to the named licence
    osi_approved: bool
    osd_compliant: bool | None  # openwash's judgement of the terms; None: not known
    modified: bool = False
    added_text: tuple[str, ...] = ()
    removed_text: tuple[str, ...] = ()
    inherited_from: str | None = None
    source: LicenceSource = "text"
    governs: tuple[str, ...] = ()  # components whose terms this is: weights, code, data, ...
    sections: tuple[LicenceSection, ...] = ()  # a file that holds several licences: each, the first is `id`

    def __post_init__(self) -> None:
        _inert(
            self,
            paths=("path",),
            texts=("id", "name", "added_text", "removed_text", "inherited_from", "source", "governs"),
        )


@dataclass(frozen=True)
class Component:
    """One row of the components table (weights, code, data information, ...)."""

    present: bool
    evidence: tuple[str, ...] = ()
    license: str | None = None
    osd_compliant: bool | None = None
    terms_source: TermsSource | None = None  # weights only

    def __post_init__(self) -> None:
        _inert(self, paths=("evidence",), texts=("license", "terms_source"))


@dataclass(frozen=True)
class ModelTerms:
    """One model the repository publishes, with the terms that govern it (SPEC section 2: several
    models under different terms are each listed; the least open one decides the tier)."""

    name: str  # as the repository names it (a table row, a registry key, a Hub id, a file)
    path: str | None  # where the repository names or holds it
    line: int | None
    licenses: tuple[str, ...]  # licence ids; the weights' terms unless stated for this model
    osd_compliant: bool | None  # None: not established
    stated: bool = False  # its own terms are stated (a table row, a registry entry)
    note: str = ""  # a restriction stated without a licence name ("Commercial use: No")

    def __post_init__(self) -> None:
        _inert(self, paths=("path",), texts=("name", "licenses", "note"))


@dataclass(frozen=True)
class MofSummary:
    """The Model Openness Framework class and the progress towards each class."""

    mof_class: int  # 0 unclassified, 1, 2, 3 as the Model Openness Tool numbers them
    label: str
    progress: dict[str, float]


@dataclass(frozen=True)
class Dataset:
    """A training dataset the repository names, with its terms."""

    id: str
    license: str | None
    terms: str  # open | restrictive | unclear | unknown
    public: bool
    note: str = ""
    known: bool = True  # listed in data/datasets.yaml
    declared: bool = False  # named in the card's `datasets:` key (not only linked from prose)

    def __post_init__(self) -> None:
        _inert(self, paths=(), texts=("id", "license", "terms", "note"))


@dataclass(frozen=True)
class MofComponent:
    """A Model Openness Framework component the evidence supports, as the Model Openness Tool names it."""

    name: str
    license: str | None
    evidence: str = ""  # a path, path:line or card key
    path: str | None = None  # the repository file, when the evidence is one

    def __post_init__(self) -> None:
        _inert(self, paths=("evidence", "path"), texts=("name", "license"))


@dataclass(frozen=True)
class Override:
    """Accept a finding the project has reviewed: matched by rule id, clause and/or path."""

    justification: str
    rule: str | None = None
    clause: int | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        _inert(self, paths=("path",), texts=("justification", "rule"))


@dataclass(frozen=True)
class ScanDetails:
    """What the scan saw of the model beyond tier and findings: what the AI-BOMs and the Model
    Openness Tool YAML are written from."""

    name: str
    mof_components: tuple[MofComponent, ...] = ()  # in the Model Openness Tool's order
    datasets: tuple[Dataset, ...] = ()
    task: str | None = None  # the card's pipeline_tag
    library: str | None = None  # the card's library_name
    card_path: str | None = None
    training_code: tuple[str, ...] = ()
    card_license: str | None = None  # the licence id the card's `license:` label names
    # Licence file path -> its text, kept as written (line breaks are its form) for the AI-BOMs'
    # extracted licence texts, which their JSON writers escape. Not in the JSON report: the texts
    # are the repository's files.
    license_texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _inert(self, paths=("card_path", "training_code"), texts=("name", "task", "library", "card_license"))


def label_name(label: str) -> str:
    """A name for the model from how the user named the repository (a folder, hf:org/name, ...)."""
    if os.path.isdir(label):
        return os.path.basename(os.path.realpath(label)) or label
    return label.split(":", 1)[-1].rstrip("/") or label


@dataclass(frozen=True)
class Report:
    """The result of a scan, as every renderer reads it."""

    root: str
    tier: str
    model_found: bool
    licenses: tuple[LicenseInfo, ...]
    components: dict[str, Component]
    findings: tuple[Finding, ...]
    next_steps: tuple[str, ...]
    mof: MofSummary | None = None
    base_model: str | None = None
    warnings: tuple[str, ...] = ()
    revision: str | None = None  # commit or revision scanned, when known
    link_base: str | None = None  # URL prefix for links to files at that revision
    tool_version: str = ""
    schema_version: str = SCHEMA_VERSION
    details: ScanDetails | None = None  # None only for a Report not made by a scan
    overrides: tuple[Override, ...] = ()  # the policy's overrides, each with its justification
    models: tuple[ModelTerms, ...] = ()  # every model found, each with its terms

    def __post_init__(self) -> None:
        _inert(
            self,
            paths=("root",),
            texts=("tier", "next_steps", "base_model", "warnings", "revision", "link_base"),
        )

    @property
    def mof_class(self) -> str | None:
        if self.mof is None or self.mof.mof_class == 0:
            return None
        return {1: "I", 2: "II", 3: "III"}[self.mof.mof_class]

    @property
    def models_least_open_first(self) -> list[ModelTerms]:
        """The models, those that fail the OSD first, then those not established: the first decides the tier."""
        return sorted(self.models, key=lambda m: {False: 0, None: 1, True: 2}[m.osd_compliant])

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "violation")

    def violated_clauses(self) -> list[int]:
        return sorted({f.clause for f in self.violations if f.clause is not None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "tool": {"name": "openwash", "version": self.tool_version},
            "root": self.root,
            "revision": self.revision,
            "link_base": self.link_base,
            "tier": self.tier,
            "model_found": self.model_found,
            "mof_class": self.mof_class,
            "mof": (
                {"class": self.mof.mof_class, "label": self.mof.label, "progress": self.mof.progress}
                if self.mof
                else None
            ),
            "base_model": self.base_model,
            "next_steps": list(self.next_steps),
            "licenses": [_license_dict(lic) for lic in self.licenses],
            "components": {name: _component_dict(c) for name, c in self.components.items()},
            "findings": [asdict(f) for f in self.findings],
            "summary": {
                "violations": len(self.violations),
                "concerns": len(self.findings) - len(self.violations),
                "violated_clauses": self.violated_clauses(),
            },
            "warnings": list(self.warnings),
            "overrides": [asdict(o) for o in self.overrides],
            "models": [asdict(m) | {"licenses": list(m.licenses)} for m in self.models],
        } | (_details_dict(self.details) if self.details is not None else {})


def _inert(obj: object, paths: tuple[str, ...], texts: tuple[str, ...]) -> None:
    """Replace the named fields of a frozen dataclass by their inert forms."""
    for name in paths:
        value = getattr(obj, name)
        if isinstance(value, str):
            object.__setattr__(obj, name, inert.path(value))
        elif isinstance(value, tuple):
            object.__setattr__(obj, name, tuple(inert.path(v) if isinstance(v, str) else v for v in value))
    for name in texts:
        value = getattr(obj, name)
        if value is not None:
            object.__setattr__(obj, name, inert.deep(value))


def _license_dict(lic: LicenseInfo) -> dict[str, Any]:
    d = asdict(lic)
    d["added_text"] = list(lic.added_text)
    d["removed_text"] = list(lic.removed_text)
    d["governs"] = list(lic.governs)
    d["sections"] = [asdict(sec) for sec in lic.sections]
    return d


def _component_dict(c: Component) -> dict[str, Any]:
    d = asdict(c)
    d["evidence"] = list(c.evidence)
    return d


def _details_dict(d: ScanDetails) -> dict[str, Any]:
    return {
        "model": {
            "name": d.name,
            "task": d.task,
            "library": d.library,
            "card": d.card_path,
            "card_license": d.card_license,
            "training_code": list(d.training_code),
        },
        "datasets": [asdict(ds) for ds in d.datasets],
        "mof_components": [asdict(c) for c in d.mof_components],
    }

"""The Report: the one typed value the outer layers (render, cli, hook, action) see.

Renderers import nothing of openwash but this module (and `openwash.render`): it re-exports the
vocabulary (`openwash.vocabulary`) and the OSD clause titles (`openwash.osd`) they show.

Everything here is plain data. `Report.to_dict()` is the JSON report of SPEC section 5;
`data/report.schema.json` documents it and `SCHEMA_VERSION` versions it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from openwash import osd
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
    MODEL_TIERS,
    NO_MODEL_TIERS,
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
)

from openwash import inert

SCHEMA_VERSION = "1.0"

__all__ = [
    "ALL_TIERS",
    "COMPONENT_NAMES",
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
    "NO_MODEL_TIERS",
    "UNKNOWN_LICENCE",
    "Component",
    "Finding",
    "Kind",
    "LicenceSource",
    "LicenseInfo",
    "MofSummary",
    "Report",
    "Severity",
    "TermsSource",
    "component_title",
    "kind_title",
    "next_tier",
    "osd",
    "tier_ansi",
    "tier_colour",
    "tier_description",
    "tier_icon",
    "tier_rank",
]


@dataclass(frozen=True)
class Finding:
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
class LicenseInfo:
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

    def __post_init__(self) -> None:
        _inert(
            self,
            paths=("path",),
            texts=("id", "name", "added_text", "removed_text", "inherited_from", "source", "governs"),
        )


@dataclass(frozen=True)
class Component:
    present: bool
    evidence: tuple[str, ...] = ()
    license: str | None = None
    osd_compliant: bool | None = None
    terms_source: TermsSource | None = None  # weights only

    def __post_init__(self) -> None:
        _inert(self, paths=("evidence",), texts=("license", "terms_source"))


@dataclass(frozen=True)
class MofSummary:
    mof_class: int  # 0 unclassified, 1, 2, 3 as the Model Openness Tool numbers them
    label: str
    progress: dict[str, float]


@dataclass(frozen=True)
class Report:
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
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _inert(
            self,
            paths=("root",),
            texts=("tier", "next_steps", "base_model", "warnings", "revision", "link_base", "extra"),
        )

    @property
    def mof_class(self) -> str | None:
        if self.mof is None or self.mof.mof_class == 0:
            return None
        return {1: "I", 2: "II", 3: "III"}[self.mof.mof_class]

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
        }


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
    return d


def _component_dict(c: Component) -> dict[str, Any]:
    d = asdict(c)
    d["evidence"] = list(c.evidence)
    return d

"""The words a report is made of, each defined once: tiers, finding kinds, severities, components,
where a licence was read, terms-file kinds.

The `Literal` types below are the vocabulary; the tuples are read off them, so the two cannot
drift. What each word shows a reader (titles, colours, icons, label descriptions, the next tier)
is data: `data/vocabulary.yaml`, which the tests check against these types and against the JSON
report schema (`data/report.schema.json`).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final, Literal, get_args

from openwash.datafiles import load_yaml

# Tiers from least to most open (SPEC section 4). Repositories without a model are rated
# `not-open-source` / `open-source`, which rank with `closed` / `open-source-ai`.
ModelTier = Literal["closed", "open-access", "open-weight", "open-source-ai", "open-science"]
NoModelTier = Literal["not-open-source", "open-source"]
Tier = ModelTier | NoModelTier
MODEL_TIERS: Final[tuple[str, ...]] = get_args(ModelTier)
NO_MODEL_TIERS: Final[tuple[str, ...]] = get_args(NoModelTier)
ALL_TIERS: Final[tuple[str, ...]] = MODEL_TIERS + NO_MODEL_TIERS

Severity = Literal["violation", "concern"]
SEVERITIES: Final[tuple[str, ...]] = get_args(Severity)

# Finding kinds (SPEC section 5).
Kind = Literal[
    "osd-clause",
    "card-license-mismatch",
    "open-source-claim",
    "inherited-terms",
    "license-conflict",
    "missing-license-text",
    "missing-notice",
    "dataset-terms",
    "unknown-license",
    "modified-license",
    "gated-access",
    "sbom-license-mismatch",
    "terms-concern",
]
KINDS: Final[tuple[str, ...]] = get_args(Kind)
KIND_OSD: Final = "osd-clause"
KIND_TERMS_CONCERN: Final = "terms-concern"
KIND_CARD_MISMATCH: Final = "card-license-mismatch"
KIND_SBOM_MISMATCH: Final = "sbom-license-mismatch"
KIND_OPEN_SOURCE_CLAIM: Final = "open-source-claim"
KIND_INHERITED: Final = "inherited-terms"
KIND_CONFLICT: Final = "license-conflict"
KIND_MISSING_TEXT: Final = "missing-license-text"
KIND_MISSING_NOTICE: Final = "missing-notice"
KIND_DATASET_TERMS: Final = "dataset-terms"
KIND_UNKNOWN_LICENSE: Final = "unknown-license"
KIND_MODIFIED_LICENSE: Final = "modified-license"
KIND_GATED: Final = "gated-access"

# The components of SPEC section 3, in the order reports list them.
ComponentName = Literal["weights", "code", "data_information", "data", "documentation"]
COMPONENT_NAMES: Final[tuple[str, ...]] = get_args(ComponentName)
# Components a licence can govern.
Governed = Literal["weights", "code", "data"]
GOVERNED: Final[tuple[str, ...]] = get_args(Governed)
# Where the weights' terms come from.
TermsSource = Literal["own-text", "inherited", "label-only", "none"]
TERMS_SOURCES: Final[tuple[str, ...]] = get_args(TermsSource)
# Where a licence was read: its text, the card's label, an SBOM, the base model, or a sentence of
# the card or docs that names it.
LicenceSource = Literal["text", "card", "sbom", "inherited", "prose"]
LICENCE_SOURCES: Final[tuple[str, ...]] = get_args(LicenceSource)
# Files that carry terms (SPEC section 1).
TermsKind = Literal["license", "notice", "policy"]
TERMS_KINDS: Final[tuple[str, ...]] = get_args(TermsKind)

UNKNOWN_LICENCE: Final = "unknown"  # the id of a licence text nobody could name
MOT_UNLICENSED: Final = "unlicensed"  # a component without a licence, as the Model Openness Tool says
# SPDX has no id for "unidentified": each such licence file gets a LicenseRef of its own, named
# after its path; the SBOM reader recognises what the AI-BOM writers wrote.
UNIDENTIFIED_PREFIX: Final = "LicenseRef-openwash-unidentified-"


def unidentified_ref(path: str | None) -> str:
    return UNIDENTIFIED_PREFIX + (re.sub(r"[^A-Za-z0-9.-]+", "-", path or "licence").strip("-") or "licence")


@functools.cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("vocabulary.yaml")
    return data


def tier_rank(tier: str) -> int:
    """Position of a tier on the openness scale (0 = least open); KeyError for an unknown tier."""
    return int(_data()["tiers"][tier]["rank"])


def next_tier(tier: str) -> str | None:
    nxt = _data()["tiers"].get(tier, {}).get("next")
    return str(nxt) if nxt else None


def tier_colour(tier: str, default: str) -> str:
    """Red to blue along the openness scale (six hex digits, no '#'): PR labels and badges share it."""
    entry = _data()["tiers"].get(tier)
    return str(entry["colour"]) if entry else default


def tier_ansi(tier: str) -> str:
    entry = _data()["tiers"].get(tier)
    return str(entry["ansi"]) if entry else "0"


def tier_icon(tier: str) -> str:
    entry = _data()["tiers"].get(tier)
    return str(entry["icon"]) if entry else "⚪"


def tier_description(tier: str) -> str:
    entry = _data()["tiers"].get(tier)
    return str(entry["label"]) if entry else "openwash"


def kind_title(kind: str) -> str | None:
    entry = _data()["kinds"].get(kind)
    return str(entry["title"]) if entry else None


def component_title(name: str) -> str:
    return str(_data()["components"][name]["title"])

"""Gather the evidence of one repository: terms files, cards, weights, code, SBOMs, links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openwash.errors import OpenwashError
from openwash.evidence import prose
from openwash.evidence.card import Card, parse_card
from openwash.evidence.files import FileEntry, code_roles, is_card, is_sbom, is_weight, license_kind
from openwash.evidence.source import RepoSource

if TYPE_CHECKING:
    from openwash.evidence.sbom import SbomFacts

_CARD_PREFERENCE = ("README.md", "MODEL_CARD.md", "model_card.md", "model-card.md", "modelcard.md")
# Front-matter keys that only a model card has (a software README has none of them).
_MODEL_KEYS = (
    "base_model",
    "pipeline_tag",
    "library_name",
    "model-index",
    "model_name",
    "datasets",
    "extra_gated_prompt",
    "extra_gated_fields",
    "license_name",
)


@dataclass(frozen=True)
class TermsFile:
    path: str
    kind: str  # license | notice | policy
    text: str


@dataclass
class Evidence:
    label: str
    files: list[FileEntry]
    terms: list[TermsFile]
    cards: list[Card]  # every card-like file, the primary one first
    weights: list[FileEntry]
    weight_links: list[prose.Line]
    code: dict[str, list[str]]  # role -> paths
    sboms: list[str]
    release_assets: list[FileEntry] = field(default_factory=list)
    gitattributes_lfs: bool = False
    # A remote source's own word that downloads are gated (the Hub's `gated`: "auto" or "manual").
    gated: str | None = None
    # What the SBOMs in the tree say (release-asset SBOMs are listed in `sboms`, never read).
    sbom_facts: list[SbomFacts] = field(default_factory=list)
    # A remote source's supply-chain facts (the base model's NOTICE, the datasets' own licences).
    upstream: dict[str, Any] = field(default_factory=dict)

    @property
    def card(self) -> Card | None:
        return self.cards[0] if self.cards else None

    @property
    def model_card(self) -> Card | None:
        """The primary card, if it is a model card (front matter with model keys, or a model-card file)."""
        for c in self.cards:
            name = c.path.lower()
            if "model" in name and "card" in name:
                return c
            if any(k in c.front for k in _MODEL_KEYS):
                return c
        return None


def _card_order(path: str) -> tuple[int, str]:
    try:
        return (_CARD_PREFERENCE.index(path), path)
    except ValueError:
        return (len(_CARD_PREFERENCE), path)


def gather(source: RepoSource) -> Evidence:
    files = source.files()
    assets = source.extra_files()
    terms: list[TermsFile] = []
    cards: list[Card] = []
    weights: list[FileEntry] = []
    code: dict[str, list[str]] = {}
    sboms: list[str] = []
    gitattributes_lfs = False
    for entry in files:
        path = entry.path
        kind = license_kind(path)
        if kind:
            terms.append(TermsFile(path, kind, source.read_text(path)))
            continue
        if is_card(path):
            cards.append(parse_card(path, source.read_text(path)))
            continue
        if is_weight(path):
            weights.append(entry)
            continue
        if is_sbom(path):
            sboms.append(path)
            continue
        if path == ".gitattributes":
            try:
                gitattributes_lfs = "filter=lfs" in source.read_text(path)
            except OpenwashError:
                gitattributes_lfs = False
            continue
        for role in code_roles(path):
            code.setdefault(role, []).append(path)
    tree_sboms = list(sboms)  # release assets are listed, never read
    for asset in assets:
        if is_weight(asset.path) or (
            re.search(r"\.(?:tar|tar\.gz|tgz|zip)$", asset.path)
            and re.search(r"model|weight|checkpoint|ckpt", asset.path, re.I)
        ):
            weights.append(asset)
        elif is_sbom(asset.path):
            sboms.append(asset.path)
    cards.sort(key=lambda c: _card_order(c.path))
    links = [line for c in cards for line in prose.weight_links(c)]
    gated = getattr(source, "gated", None)
    return Evidence(
        source.label,
        files,
        terms,
        cards,
        weights,
        links,
        code,
        sboms,
        assets,
        gitattributes_lfs,
        gated if isinstance(gated, str) and gated else None,
        _read_sboms(source, tree_sboms) if tree_sboms else [],
        upstream if isinstance(upstream := getattr(source, "upstream", None), dict) else {},
    )


def _read_sboms(source: RepoSource, paths: list[str]) -> list[SbomFacts]:
    # Imported here: the SBOM libraries load only for a repository that has an SBOM.
    from openwash.evidence.sbom import SbomFacts, read_sbom

    out = []
    for path in paths:
        try:
            text = source.read_text(path)
        except OpenwashError as exc:  # too large, binary, unreadable: a warning, not a failed scan
            out.append(SbomFacts(path, "unknown", warnings=(f"{exc}; its facts are not used",)))
            continue
        facts = read_sbom(path, text)
        if facts is not None:
            out.append(facts)
    return out

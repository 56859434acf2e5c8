"""Gather the evidence of one repository: terms files, cards, weights, code, SBOMs, links."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openwash.errors import OpenwashError
from openwash.evidence import prose
from openwash.evidence.card import Card, parse_card
from openwash.evidence.files import (
    FileEntry,
    code_roles,
    is_card,
    is_deep_license,
    is_doc,
    is_link_script,
    is_published_weight,
    is_sbom,
    is_weight,
    license_kind,
)
from openwash.evidence.links import (
    MAX_LINKS,
    assembled_checkpoint_urls,
    checkpoint_links,
    model_links,
    own_checkpoint_links,
)
from openwash.sources import RepoSource

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
    """A licence, notice or use-policy file of the tree, with its text."""

    path: str
    kind: str  # license | notice | policy
    text: str


@dataclass
class Evidence:
    """Everything the scan read of a repository, before any judgement."""

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
    # Documentation prose beyond the top-level cards (docs/*.md, a sub-project's README), read
    # for the terms it states and the weights it links; never for front matter.
    docs: list[Card] = field(default_factory=list)
    # Scripts and configs read for checkpoint URLs and base-model ids (path -> text).
    scripts: dict[str, str] = field(default_factory=dict)
    # The licence of a vendored folder whose code downloads checkpoints governs those weights
    # (licence path -> the lines that download them).
    vendored: dict[str, list[prose.Line]] = field(default_factory=dict)
    # Licence files deeper than terms live that the cards or docs link to (projects/x/MODEL_LICENSE.md):
    # terms if a statement says they govern something (path -> text).
    linked_terms: dict[str, str] = field(default_factory=dict)

    @property
    def model_found(self) -> bool:
        """Whether the repository is a model: weights, links that publish them, or a model card."""
        return bool(self.weights or self.weight_links or self.model_card is not None)

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
    doc_paths: list[str] = []
    script_paths: list[str] = []
    deep_licences: list[str] = []
    code_by_dir: dict[str, list[str]] = {}
    configs: list[str] = []  # configs no name marks as training configs, read only if none is
    gitattributes_lfs = False
    for entry in files:
        path = entry.path
        kind = license_kind(path)
        if kind:
            terms.append(TermsFile(path, kind, source.read_text(path)))
            continue
        if is_deep_license(path) and len(deep_licences) < MAX_VENDORED:
            deep_licences.append(path)
        if path.endswith(".py") and entry.size <= MAX_SCRIPT_BYTES:
            code_by_dir.setdefault(path.rpartition("/")[0], []).append(path)
        if is_card(path):
            cards.append(parse_card(path, source.read_text(path)))
            continue
        if is_weight(path):
            if is_published_weight(path):
                weights.append(entry)
            continue
        if is_sbom(path):
            sboms.append(path)
            continue
        if is_doc(path) and entry.size <= MAX_DOC_BYTES:
            doc_paths.append(path)
        elif is_link_script(path) and entry.size <= MAX_SCRIPT_BYTES:
            script_paths.append(path)
        if path == ".gitattributes":
            try:
                gitattributes_lfs = "filter=lfs" in source.read_text(path)
            except OpenwashError:
                gitattributes_lfs = False
            continue
        roles = code_roles(path)
        for role in roles:
            code.setdefault(role, []).append(path)
        if (
            not roles
            and _CONFIG_FILE.search(path)
            and entry.size <= MAX_CONFIG_BYTES
            and not _NOT_CONFIG.search(path)
            and len(configs) < MAX_CONFIG_PATHS
        ):
            configs.append(path)
    if configs and not code.get("training") and not code.get("training-config"):
        # Configs named for nothing in particular (models/70M/acme-70m.yml) that set a training
        # run's hyper-parameters are training code with its settings (OSAID) all the same.
        code.setdefault("training-config", []).extend(
            path for path, text in _read_some(source, configs, MAX_CONFIGS) if _training_settings(text)
        )
        if not code["training-config"]:
            del code["training-config"]
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
    docs = [Card(p, tuple(t.split("\n"))) for p, t in _read_some(source, doc_paths, MAX_DOCS)]
    scripts = dict(_read_some(source, script_paths, MAX_SCRIPTS))
    links = [line for c in cards for line in prose.weight_links(c)]
    links += [line for c in cards + docs for line in model_links(c.path, c.body())]
    if not weights and not links:
        # A download script or model config is the last place weights are published.
        for path, text in scripts.items():
            links += model_links(path, enumerate(text.split("\n"), 1), pages=False)
    if not weights and not links:
        for path, text in scripts.items():
            if "download" in path.lower():
                links += assembled_checkpoint_urls(path, text)
    if not weights and not links:
        links += _package_checkpoints(source, code_by_dir)
    vendored = _vendored(source, deep_licences, code_by_dir)
    for path in vendored:
        terms.append(TermsFile(path, "license", source.read_text(path)))
        links += vendored[path]
    linked = _linked_licences(cards + docs, [p for p in deep_licences if p not in vendored])
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
        docs,
        scripts,
        vendored,
        {p: t for p, t in _read_some(source, linked, len(linked))},
    )


# Prose and scripts are read for links and terms, within bounds: a repository of ten thousand
# notebooks costs no more than its first few hundred docs.
MAX_DOCS = 200
MAX_VENDORED = 50  # vendored folders' licence files looked at
MAX_VENDORED_CODE = 200  # files of their code read for checkpoint URLs
MAX_DOC_BYTES = 512 * 1024
MAX_SCRIPTS = 300
MAX_SCRIPT_BYTES = 256 * 1024


def _vendored(
    source: RepoSource, licences: list[str], code_by_dir: dict[str, list[str]]
) -> dict[str, list[prose.Line]]:
    """Vendored folders (annotator/openpose/LICENSE) whose own code downloads a checkpoint: the
    repository hands those weights to its users, under that folder's licence."""
    out: dict[str, list[prose.Line]] = {}
    budget = MAX_VENDORED_CODE
    for licence in licences:
        folder = licence.rpartition("/")[0]
        code = code_by_dir.get(folder, [])[: max(budget, 0)]
        budget -= len(code)
        found = [
            line
            for path, text in _read_some(source, code, len(code))
            for line in checkpoint_links(path, enumerate(text.split("\n"), 1))
        ]
        if found:
            out[licence] = found
    return out


MAX_CONFIGS = 50  # read, shallowest first
MAX_CONFIG_PATHS = 5000  # listed
# Outputs and fixtures, not a run's settings: evaluation results, logs, metrics, a trainer's saved
# state (it echoes the settings of a run whose code is not there), tests, data.
_NOT_CONFIG = re.compile(
    r"eval|result|metric|log|score|bench|state|(?:^|/)(?:tests?|data|datasets?|node_modules|\.github)/|package|tsconfig",
    re.IGNORECASE,
)
MAX_CONFIG_BYTES = 64 * 1024
_CONFIG_FILE = re.compile(r"\.(?:ya?ml|json)$", re.IGNORECASE)
# Keys only a training run sets: its length, optimiser and schedule, batch per device.
_TRAINING_KEY = re.compile(
    r"[\"']?(train[-_]iters|train[-_]steps|max[-_]steps|num[-_]train[-_]epochs|max[-_]epochs|optimi[sz]er|"
    r"learning[-_]rate|lr|min[-_]lr|lr[-_]decay[-_]\w{1,20}|warmup\w{0,20}|weight[-_]decay|"
    r"gradient[-_]accumulation[-_]steps|train[-_]micro[-_]batch[-_]size\w{0,20}|checkpoint[-_]activations)"
    r"[\"']?\s{0,4}[:=]",
    re.IGNORECASE,
)


def _training_settings(text: str) -> bool:
    """At least three different training-only keys: a run's settings, not a model's shape."""
    found: set[str] = set()
    for m in _TRAINING_KEY.finditer(text):
        found.add(m.group(1).lower().replace("-", "_"))
        if len(found) >= 3:
            return True
    return False


# A package folder: `whisper/`, or `src/whisper/` in the src layout (not tests, docs, scripts).
_PACKAGE_DIR = re.compile(r"^(?:src/)?([A-Za-z_][A-Za-z0-9_]{2,60})(?:/|$)")
_NOT_PACKAGE = re.compile(
    r"^(?:src|tests?|docs?|scripts?|tools|examples?|notebooks?|benchmarks?|bench)$", re.I
)


def _package_checkpoints(source: RepoSource, code_by_dir: dict[str, list[str]]) -> list[prose.Line]:
    """The last place weights are published: a package's own code that downloads checkpoints its
    publisher hosts (a `_MODELS = {"base": "https://host/pkg/models/base.pt"}` registry)."""
    out: list[prose.Line] = []
    budget = MAX_VENDORED_CODE
    for folder in sorted(code_by_dir, key=lambda d: (d.count("/"), d)):
        m = _PACKAGE_DIR.match(folder + "/")
        if not m or _NOT_PACKAGE.match(m.group(1)) or folder.count("/") > 2 or budget <= 0:
            continue
        code = code_by_dir[folder][:budget]
        budget -= len(code)
        for path, text in _read_some(source, code, len(code)):
            out += own_checkpoint_links(path, enumerate(text.split("\n"), 1), m.group(1))
        if len(out) >= MAX_LINKS:
            break
    return out[:MAX_LINKS]


_HREF = re.compile(r"\]\(\s{0,4}<?([^)\s>]{1,300})|href=[\"']([^\"'\s>]{1,300})[\"']")


def _linked_licences(docs: list[Card], deep: list[str]) -> list[str]:
    """The deep licence files that a card or doc links to by a relative path."""
    if not deep:
        return []
    wanted = {p.lower(): p for p in deep}
    out: list[str] = []
    for doc in docs:
        folder = doc.path.rpartition("/")[0]
        for _, text in doc.body():
            if "](" not in text and "href" not in text:
                continue
            for m in _HREF.finditer(text):
                href = (m.group(1) or m.group(2)).split("#", 1)[0]
                if not href or "//" in href or ":" in href:
                    continue
                path = posixpath.normpath(
                    href.lstrip("/") if href.startswith("/") else posixpath.join(folder, href)
                )
                found = wanted.get(path.lower())
                if found and found not in out:
                    out.append(found)
    return out


def _read_some(source: RepoSource, paths: list[str], limit: int) -> list[tuple[str, str]]:
    """The readable ones of `paths` (shallowest first), at most `limit`; an unreadable doc or
    script is no evidence, never a failed scan."""
    out = []
    for path in sorted(paths, key=lambda p: (p.count("/"), p))[:limit]:
        try:
            out.append((path, source.read_text(path)))
        except OpenwashError:
            continue
    return out


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

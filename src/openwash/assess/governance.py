"""Which terms govern the weights when the repository says so in prose (SPEC section 2).

"The code is licensed under Apache-2.0, while the model weights are under the [Model
License](MODEL_LICENSE)": the statements of the cards and docs (evidence.statements) decide which
licence files govern the weights and which only the code; a licence they name without its text
(by name or URL, data/licence_names.yaml) joins the weights' terms and carries its catalogue
verdict, quoted from the line that names it; their own restrictive sentences are analysed like
licence text. Several models under different terms: every licence stated for weights is kept, so
the least open one decides the tier.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace

from openwash.clauses.analyser import analyse
from openwash.evidence.card import Card
from openwash.evidence.collect import Evidence, TermsFile
from openwash.evidence.links import model_names
from openwash.evidence.statements import Statement, statements
from openwash.evidence.tables import tables
from openwash.licenses import ai, names
from openwash.licenses.identify import identify_label, osi_approved, same_licence, spdx_name
from openwash.licenses.sections import own_id, slug
from openwash.report import (
    KIND_MISSING_TEXT,
    KIND_OSD,
    KIND_UNKNOWN_LICENSE,
    UNKNOWN_LICENCE,
    Finding,
    Kind,
    LicenseInfo,
)

_GITHUB_FILE = re.compile(
    r"^(?:https?:)?//(?:www\.)?github\.com/[^/\s]{1,100}/[^/\s]{1,100}/(?:blob|tree|raw)/[^/\s]{1,100}/(\S{1,300})$|"
    r"^(?:https?:)?//raw\.githubusercontent\.com/[^/\s]{1,100}/[^/\s]{1,100}/[^/\s]{1,100}/(\S{1,300})$",
    re.IGNORECASE,
)
WEIGHTS_SCOPES = ("weights", "both")
_BASE_TERMS = re.compile(
    r"\b(?:base|original|underlying|foundation) (?:llms?|models?|language models?)(?:'s|’s|s')?\s+(?:\w+\s+){0,2}?licen|"
    r"\blicen[cs]\w* of the (?:base|original|underlying) (?:llm|model|language model)",
    re.IGNORECASE,
)
# The terms a base was first released under: history of the base, not a statement of these terms.
_ORIGIN_TERMS = re.compile(
    r"\b(?:originally|initially|first) (?:licen[cs]ed|released|distributed|published|made available)\b",
    re.IGNORECASE,
)
# Docs that state no terms of the repository's own: conduct, contribution and release notes.
_NOT_TERMS_DOC = re.compile(
    r"(?:^|/)(?:code[-_]of[-_]conduct|contributing|changelog|changes|history|security|citation)[^/]*$", re.I
)


@dataclass(frozen=True)
class StatedModel:
    """One model that a table row or a registry entry gives terms of its own."""

    name: str
    path: str
    line: int
    ids: tuple[str, ...]  # the licences named for it
    note: str = ""  # a restriction stated without a licence name ("Commercial use: No")


@dataclass
class Stated:
    """What the prose says about the terms, resolved against the tree."""

    weights_files: set[str] = field(default_factory=set)
    code_files: set[str] = field(default_factory=set)
    repo_files: set[str] = field(default_factory=set)
    licenses: list[LicenseInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    weights_named: bool = False  # a sentence about the weights names their licence
    # "Usage of the checkpoints should comply with the base LLM's licence": the base's terms govern.
    defers_to_base: bool = False
    models: list[StatedModel] = field(default_factory=list)  # models given terms of their own
    vendored: set[str] = field(default_factory=set)  # vendored folders' licences (see apply)

    @property
    def weights_stated(self) -> bool:
        return bool(self.weights_files) or self.weights_named


def _target(href: str, doc: str, paths: dict[str, str]) -> str | None:
    """The terms file of the tree a link points at, if it points at one."""
    href = href.split("#", 1)[0].split("?", 1)[0]
    if not href:
        return None
    m = _GITHUB_FILE.match(href)
    if m:
        candidate = m.group(1) or m.group(2)
    elif "//" in href or href.startswith(("mailto:", "data:")):
        return None
    else:
        candidate = posixpath.normpath(posixpath.join(posixpath.dirname(doc), href.lstrip("/")))
        if href.startswith("/"):
            candidate = posixpath.normpath(href.lstrip("/"))
    return paths.get(candidate.lower())


# The licence file of a model on the Hub (huggingface.co/ORG/NAME/blob/main/LICENSE).
_HUB_LICENCE = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:huggingface\.co|hf\.co)/([^/\s]{1,100}/[^/\s]{1,100})/(?:blob|resolve|raw)/"
    r"[^/\s]{1,100}/licen[cs]e[^/\s]{0,20}$",
    re.IGNORECASE,
)


def _hub_licence(href: str) -> str | None:
    """A link to a catalogued model family's licence file on the Hub names that family's licence."""
    m = _HUB_LICENCE.match(href)
    if m is None:
        return None
    from openwash.assess.terms import base_family  # terms imports this module

    family = base_family(m.group(1))
    return family.license if family is not None else None


def _prose_text(card: Card, first: int, last: int) -> str:
    """The card's text with only lines first..last kept, so that findings keep their line numbers."""
    return "\n".join(t if first <= i + 1 <= last else "" for i, t in enumerate(card.lines))


def stated_terms(ev: Evidence, files: list[TermsFile], identities: dict[str, str] | None = None) -> Stated:
    """`identities`: the licence id of each terms file, so that "released under the Apache License
    2.0 (see `LICENSE`)" names that file, not a second licence."""
    out = Stated()
    model_found = ev.model_found
    docs = list(ev.cards) + ([d for d in ev.docs if not _NOT_TERMS_DOC.search(d.path)] if model_found else [])
    paths = {f.path.lower(): f.path for f in files if f.kind != "notice"}
    by_doc: dict[str, Card] = {c.path: c for c in docs}
    cards = {c.path for c in ev.cards}  # code terms named in prose count only where no licence file is
    all_statements = [s for c in docs for s in statements(c)]
    # Links of each licence section, for a sentence there that says what they cover
    # ("[Noncommercial Use License](./LICENSE) ... It covers both released code and weights").
    section_links: dict[tuple[str, int], list[str]] = {}
    for s in all_statements:
        if s.in_licence_section:
            section_links.setdefault((s.path, s.section), []).extend(s.links)
    named_seen: set[tuple[str, str]] = set()
    analysed: set[tuple[str, int]] = set()
    for s in all_statements:
        if s.scope in ("none", "data") or (not model_found and s.scope in WEIGHTS_SCOPES):
            continue  # a repository that is no model has no weights for its prose to license
        if _ORIGIN_TERMS.search(s.text):
            continue  # "derived from X, which is originally licensed under Y": X's terms, not these weights'
        links = list(s.links)
        ids = names.names_in(_strip_links(s.text))
        if not links and not ids and s.in_licence_section and not _EACH_MODELS_OWN.search(s.text):
            links = section_links.get((s.path, s.section), [])
        linked = [(h, _target(h, s.path, paths)) for h in links]
        targets = [t for _, t in linked if t]
        ids += [
            i
            for i in (names.id_for_url(h) or _hub_licence(h) for h in links if "//" in h)
            if i and i not in ids
        ]
        if not targets and ids and identities:
            targets = [p for p, i in identities.items() if any(same_licence(i, n) for n in ids)]
        beside = bool(targets and identities and any(t is None for _, t in linked))
        if beside and identities:
            # "[Apache 2.0](LICENSE) and [the Community License](https://...)": a licence linked
            # outside the tree beside a file governs too; a name the file itself bears does not.
            ids = [i for i in ids if not any(same_licence(identities.get(t, ""), i) for t in targets)]
        if s.scope in WEIGHTS_SCOPES:
            out.weights_files.update(targets)
        if s.scope in ("code", "both"):
            out.code_files.update(targets)
        if s.scope == "repo":
            out.repo_files.update(targets)
        if targets and not (beside and ids):
            continue  # the files speak for themselves; a name beside them is the file's name
        governs = {"weights": ("weights",), "both": ("weights", "code"), "repo": ("weights", "code")}.get(
            s.scope, ("code",)
        )
        if ids and s.scope in WEIGHTS_SCOPES:
            out.weights_named = True
        if s.scope in WEIGHTS_SCOPES and _BASE_TERMS.search(s.text):
            out.defers_to_base = True
        for lid in ids:
            if (lid, s.scope) in named_seen or (s.scope == "code" and (s.path not in cards or paths)):
                continue
            named_seen.add((lid, s.scope))
            out.licenses.append(_named_info(s, lid, governs))
            if "weights" in governs:
                out.findings += _verdict_findings(s, lid)
        if s.scope in WEIGHTS_SCOPES and not ids and not targets:
            titled = [
                p for m in _LINK_TEXT.finditer(s.text) for p in _titled_file(m.group(1), identities or {})
            ]
            out.weights_files.update(titled if _GOVERNS.search(s.text) else [])
            elsewhere = _terms_elsewhere(s, links, identities or {})
            if elsewhere is not None and (elsewhere, s.scope) not in named_seen:
                # "The weights must follow the [Acme Model Agreement](https://.../agreement.pdf)",
                # "see each model's card for its licence": terms the tree does not carry govern the
                # weights, not the code's licence file.
                named_seen.add((elsewhere, s.scope))
                out.weights_named = True
                out.licenses.append(replace(_named_info(s, elsewhere, ("weights",)), osd_compliant=None))
                where = (
                    "each model's own card"
                    if elsewhere == UNKNOWN_LICENCE
                    else f"a document outside it ({elsewhere})"
                )
                out.findings.append(
                    _concern(
                        s,
                        KIND_MISSING_TEXT,
                        f"The weights are stated to be under terms the repository does not carry, in {where}: "
                        "what they allow cannot be read here, so the weights' compliance is not established.",
                        "weights-terms-elsewhere",
                    )
                )
        if s.scope in WEIGHTS_SCOPES and (s.path, s.line) not in analysed and s.path in by_doc:
            analysed.add((s.path, s.line))
            found = analyse(_prose_text(by_doc[s.path], s.line, s.last), s.path, "license")
            out.findings += found
            if not ids and any(f.severity == "violation" for f in found):
                # Terms stated in a sentence that names no licence: they govern the weights all the same.
                out.licenses.append(_stated_info(s.path, s.line))
            elif _own_conditions(s, ids, links) and ("LicenseRef-stated-terms", s.path) not in named_seen:
                # "Pre-trained models: before using them you agree to ...": the licence section gives
                # the weights conditions of their own, in its own words. They govern the weights (not
                # the code's licence file); no catalogue names them, so compliance is not established.
                named_seen.add(("LicenseRef-stated-terms", s.path))
                out.weights_named = True
                out.licenses.append(replace(_stated_info(s.path, s.line), osd_compliant=None, source="text"))
                out.findings.append(
                    _concern(
                        s,
                        KIND_UNKNOWN_LICENSE,
                        "The weights are given conditions of their own in prose that no licence catalogue "
                        "names: no OSD violation was found in them, but their compliance is not established.",
                        "weights-own-conditions",
                    )
                )
    out.vendored = set(ev.vendored)
    for path, lines in ev.vendored.items():
        # The checkpoints a vendored folder's code downloads are under that folder's licence.
        out.models += [
            StatedModel(n, ln.path, ln.line, ((identities or {}).get(path, UNKNOWN_LICENCE),))
            for ln in lines
            for n in model_names(ln.text)
        ]
    if model_found:
        _manifests(ev.scripts, out, named_seen)
    if model_found and ev.model_card is None:
        # A model card is one model: its tables compare others. A project README's table lists its own.
        _model_tables(docs, out, named_seen)
    return out


# A model registry's licence field, one model an entry ("license": "CC BY-NC-ND 4.0").
_MANIFEST_LICENCE = re.compile(
    r"^\s*[\"']?licen[cs]e[\"']?\s*[:=]\s*[\"']([^\"'\n]{2,80})[\"']", re.IGNORECASE
)
# A key that opens a block (`"xtts_v2": {`, `your_tts:`): the entry a licence field belongs to.
_MANIFEST_BLOCK = re.compile(
    r"^[ \t]{0,80}[\"']?([^\"':{}\[\]\s][^\"':{}\[\]\n]{0,99}?)[\"']?[ \t]{0,4}:[ \t]{0,4}\{?[ \t]{0,40}$"
)
MAX_MODELS = 200  # models kept per repository; the report caps what it shows
_MANIFEST_NAME = re.compile(r"(?:^|/)\.?models?\.(?:json|ya?ml)$|zoo|registry", re.IGNORECASE)


def _manifests(scripts: dict[str, str], out: Stated, named_seen: set[tuple[str, str]]) -> None:
    """A model registry (`.models.json`, a model zoo file) states each published model's licence:
    every one joins the weights' terms, so the least open model decides."""
    for path, text in scripts.items():
        if not _MANIFEST_NAME.search(path) or "licen" not in text.lower():
            continue
        keys: list[tuple[int, str]] = []  # the enclosing keys, with their indentation
        for n, line in enumerate(text.split("\n"), 1):
            m = _MANIFEST_LICENCE.match(line)
            indent = len(line) - len(line.lstrip())
            if not m:
                block = _MANIFEST_BLOCK.match(line)
                if block:
                    while keys and keys[-1][0] >= indent:
                        keys.pop()
                    keys.append((indent, block.group(1).strip()))
                continue
            while keys and keys[-1][0] >= indent:
                keys.pop()
            ids = names.names_in(m.group(1)) or [i for i in [identify_label(m.group(1)).id] if i]
            s = Statement(path, n, n, line.strip()[:400], "weights", (), False)
            if keys and ids and len(out.models) < MAX_MODELS:
                out.models.append(StatedModel("/".join(k for _, k in keys)[:200], path, n, tuple(ids)))
            for lid in ids:
                out.weights_named = True
                if (lid, "weights") not in named_seen:
                    named_seen.add((lid, "weights"))
                    out.licenses.append(_named_info(s, lid, ("weights",)))
                    out.findings += _verdict_findings(s, lid)


_LICENCE_COLUMN = re.compile(r"\blicen[cs]e|\bterms\b", re.IGNORECASE)
_NAME_COLUMN = re.compile(r"\b(?:models?|names?|checkpoints?|variants?|weights)\b", re.IGNORECASE)
_COMMERCIAL_COLUMN = re.compile(r"\bcommercial\b", re.IGNORECASE)
_NOT_COMMERCIAL = re.compile(
    r"^\W*(?:no|n|false|✗|❌|×|✘|🚫|not allowed|non-?commercial|research(?: only)?)\b|^\W*[✗❌×✘🚫]",
    re.IGNORECASE,
)


def _model_tables(docs: list[Card], out: Stated, named_seen: set[tuple[str, str]]) -> None:
    """A model table's licence column names each model's terms; a "commercial use: no" cell is a
    non-commercial restriction on that model (the least open model decides the tier)."""
    for doc in docs:
        for table in tables(doc):
            lic_col = table.column(_LICENCE_COLUMN)
            com_col = table.column(_COMMERCIAL_COLUMN)
            if lic_col is None and com_col is None:
                continue
            name_col = table.column(_NAME_COLUMN)
            name_col = name_col if name_col not in (None, lic_col, com_col) else 0
            for row in table.rows:
                s = Statement(doc.path, row.line, row.line, row.raw[:600], "weights", (), False)
                ids = []
                if lic_col is not None and lic_col < len(row.cells):
                    cell = row.cells[lic_col]
                    ids = names.names_in(_strip_links(cell)) + [
                        i
                        for i in (names.id_for_url(u) for u in re.findall(r"https?://[^\s)\]]{1,300}", cell))
                        if i
                    ]
                    for lid in dict.fromkeys(ids):
                        out.weights_named = True
                        if (lid, "weights") not in named_seen:
                            named_seen.add((lid, "weights"))
                            out.licenses.append(_named_info(s, lid, ("weights",)))
                        out.findings += _verdict_findings(s, lid)
                restricted = (
                    com_col is not None
                    and com_col < len(row.cells)
                    and bool(_NOT_COMMERCIAL.search(row.cells[com_col]))
                )
                name = row.cells[name_col] if name_col is not None and name_col < len(row.cells) else ""
                if name and (ids or restricted) and len(out.models) < MAX_MODELS:
                    note = (
                        f"{table.header[com_col]}: {row.cells[com_col]}"
                        if restricted and com_col is not None
                        else ""
                    )
                    out.models.append(
                        StatedModel(name[:200], doc.path, row.line, tuple(dict.fromkeys(ids)), note)
                    )
                if restricted and com_col is not None:
                    out.weights_named = True
                    out.findings += [
                        Finding(
                            KIND_OSD,
                            clause,
                            "violation",
                            doc.path,
                            row.line,
                            row.line,
                            row.raw[:400],
                            f"The model table says this model may not be used commercially ({table.header[com_col]}: "
                            f"{row.cells[com_col]}): {why}",
                            f"table-non-commercial-{clause}",
                        )
                        for clause, why in (
                            (6, "commercial use, a whole field of endeavour, is excluded."),
                            (1, "the model may not be redistributed for commercial purposes."),
                        )
                    ]
                    if ("LicenseRef-stated-terms", doc.path) not in named_seen:
                        named_seen.add(("LicenseRef-stated-terms", doc.path))
                        out.licenses.append(_stated_info(doc.path, row.line))


# A sentence that attaches terms to the weights (not one that only says where to download them).
_GOVERNS = re.compile(
    r"\b(?:must|shall|should) (?:follow|comply with|abide by|adhere to)\b|\bsubject to\b|\bgoverned by\b|"
    r"\b(?:licen[cs]ed|released|distributed|provided|available) under\b|\bfor (?:the|its|their) (?:individual |own )?licen[cs]e",
    re.IGNORECASE,
)
# Link text that names a terms document (in any script: 许可协议 is a licence agreement).
_TERMS_TITLE = re.compile(r"licen[cs]e|agreement|terms|许可|协议|授权", re.IGNORECASE)
# "See the model cards for the individual license for each model": each model's own page holds them.
_EACH_MODELS_OWN = re.compile(
    r"\b(?:model cards?|respective (?:model )?(?:pages?|repositories|repos)|each model'?s? (?:own )?(?:page|card))\b",
    re.IGNORECASE,
)
_LINK_TEXT = re.compile(r"\[([^\]\n]{1,300})\]\(\s*<?([^)\s>]{1,500})")


# Conditions a sentence lays on whoever uses the weights ("you agree to", "you must only use").
_OBLIGATION = re.compile(
    r"\byou (?:agree|must|shall|may not|are required|will need)\b|\bonly (?:use|be used)\b|\bbefore using\b|"
    r"\b(?:is|are) (?:prohibited|not permitted|forbidden)\b",
    re.IGNORECASE,
)


def _concern(s: Statement, kind: Kind, explanation: str, rule: str) -> Finding:
    """A concern about the weights' terms, quoting the statement."""
    return Finding(
        kind, None, "concern", s.path, s.line, s.last, _strip_markup(s.text)[:400], explanation, rule
    )


def _own_conditions(s: Statement, ids: list[str], links: list[str]) -> bool:
    """A licence section's sentence that gives the weights alone conditions of its own, naming and
    linking no licence."""
    return (
        s.scope == "weights"
        and s.in_licence_section
        and not ids
        and not links
        and bool(_OBLIGATION.search(s.text))
    )


# "Subject to their respective original licenses": the bases' terms (defers_to_base), not a new one.
_RESPECTIVE = re.compile(
    r"\b(?:respective|original|upstream)\s+(?:\w+\s+){0,2}?licen[cs]e|\bbase (?:\w+\s+){0,2}?licen[cs]e", re.I
)
_BADGE = re.compile(r"\[?!\[[^\]\n]{0,300}\]\([^)\s]{1,500}\)(?:\]\([^)\s]{1,500}\))?")


def _terms_elsewhere(s: Statement, links: list[str], identities: dict[str, str]) -> str | None:
    """The id of terms a weights statement puts outside the tree, or None: a `LicenseRef-` from the
    title of a linked terms document, or `unknown` when it sends the reader to each model's card.
    A title that a licence file of the tree bears is that file (see _titled_file)."""
    if not _GOVERNS.search(s.text) or _RESPECTIVE.search(s.text):
        return None
    for m in _LINK_TEXT.finditer(_BADGE.sub(" ", s.text)):
        title, href = m.group(1), m.group(2)
        if "//" in href and href in links and _TERMS_TITLE.search(title + " " + href.rsplit("/", 1)[-1]):
            if _titled_file(title, identities):
                return None
            words = set(slug(title).split("-"))
            return (
                own_id(title if words & {"license", "agreement", "terms"} else title + " license")
                or UNKNOWN_LICENCE
            )
    if not links and _EACH_MODELS_OWN.search(s.text):
        return UNKNOWN_LICENCE
    return None


def _titled_file(title: str, identities: dict[str, str]) -> list[str]:
    """Licence files of the tree whose id carries every distinctive word of a linked title
    ("[CogVideoX LICENSE](https://hub/...)" and MODEL_LICENSE read as the CogVideoX model licence)."""
    words = {
        w for w in slug(title).split("-") if w and w not in {"license", "agreement", "terms", "model", "the"}
    }
    if not words:
        return []
    return [p for p, i in identities.items() if words <= set(i.lower().split("-"))]


def _stated_info(path: str, line: int) -> LicenseInfo:
    return LicenseInfo(
        path=path,
        id="LicenseRef-stated-terms",
        name=f"Terms stated in {path}:{line}",
        score=1.0,
        osi_approved=False,
        osd_compliant=False,
        source="prose",
        governs=("weights",),
    )


def _strip_links(text: str) -> str:
    # A URL's words ("licenses/by/4.0") are no licence name; its link text is.
    return re.sub(r"\]\([^)\s]{1,500}\)|https?://\S{1,500}", "]", text)


def _named_info(s: Statement, lid: str, governs: tuple[str, ...]) -> LicenseInfo:
    known = ai.by_id(lid)
    name = known.name if known else (spdx_name(lid) if not lid.startswith("LicenseRef-") else lid)
    return LicenseInfo(
        path=s.path,
        id=lid,
        name=name,
        score=1.0,
        osi_approved=osi_approved(lid),
        osd_compliant=names.compliant(lid),
        source="prose",
        governs=governs,
    )


def _verdict_findings(s: Statement, lid: str) -> list[Finding]:
    quote = _strip_markup(s.text)[:400]
    return [
        Finding(
            KIND_OSD,
            clause,
            "violation" if severity == "violation" else "concern",
            s.path,
            s.line,
            s.last,
            quote,
            f"The weights are stated to be under {lid}, named here without its text: {why}",
            f"named-{lid}-{clause}",
        )
        for clause, severity, why in names.verdict(lid)
    ]


def _strip_markup(text: str) -> str:
    return re.sub(r"\s{2,}", " ", text.replace("**", "").replace("`", "")).strip()


def apply(stated: Stated, roles: dict[str, tuple[str, ...]], model_specific: set[str]) -> None:
    """Re-assign which components each licence file governs, as the prose says (in place). A
    vendored folder's licence governs its code and the weights that code downloads."""
    for path in stated.vendored:
        roles[path] = ("weights", "code")
    if not stated.weights_stated:
        return
    for path, governs in list(roles.items()):
        if path in stated.vendored:
            continue
        if "weights" not in governs and path not in stated.weights_files:
            continue
        if path in stated.weights_files:
            code = (
                path in stated.code_files
                or path in stated.repo_files
                or ("code" in governs and not stated.code_files)
            )
            roles[path] = ("weights", "code") if code and path not in model_specific else ("weights",)
        elif path in stated.code_files or path not in model_specific:
            # The prose names other terms for the weights: this file covers the code.
            roles[path] = tuple(g for g in governs if g != "weights") or ("code",)

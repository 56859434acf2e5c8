"""Which terms govern what: licence files identified and analysed, the card's label, the base
model's terms, SBOM labels (SPEC section 2). The findings that compare them are checks
(assess/checks/); this module records what they compare."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from openwash.assess import governance
from openwash.clauses.analyser import analyse
from openwash.datafiles import load_yaml
from openwash.evidence import bases
from openwash.evidence.card import Card
from openwash.evidence.collect import Evidence, TermsFile
from openwash.licenses import ai, names
from openwash.licenses.classes import requires_text
from openwash.licenses.identify import UNKNOWN, TextIdentity, identify_label, identify_text, same_licence
from openwash.licenses.sections import own_id_for_file
from openwash.report import (
    KIND_OSD,
    Finding,
    LicenceSection,
    LicenseInfo,
    TermsSource,
)

_MODEL_NAME = re.compile(r"(?:^|[-_ .])(?:model|weights?|params|checkpoints?)(?:[-_ .]|$)", re.IGNORECASE)
_CODE_NAME = re.compile(r"(?:^|[-_ .])code(?:[-_ .]|$)", re.IGNORECASE)
_DATA_NAME = re.compile(r"(?:^|[-_ .])(?:data|dataset)(?:[-_ .]|$)", re.IGNORECASE)


@dataclass
class LicenseFile:
    """A licence text in the tree: its identity, clause findings and what it governs."""

    file: TermsFile
    identity: TextIdentity
    findings: list[Finding]
    governs: tuple[str, ...] = ()

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation" and f.clause is not None]

    @property
    def osd_compliant(self) -> bool | None:
        if self.violations:
            return False
        if self.identity.ai is not None and self.identity.ai.osd_compliant is not None:
            return self.identity.ai.osd_compliant
        if not self.identity.known_open:
            # Unnamed terms, or a named licence that is neither OSI-approved, FSF-libre nor an open
            # data licence: no violation found, but compliance is not established either.
            return None
        return True


@dataclass(frozen=True)
class BaseFamily:
    """A catalogued family of base models and its licence (data/base_models.yaml)."""

    name: str
    license: str


@dataclass(frozen=True)
class BaseRef:
    """The base model the card names, and where it names it."""

    name: str
    path: str
    line: int | None
    quote: str
    family: BaseFamily | None  # its catalogued family (data/base_models.yaml), when known


@dataclass
class CardLabel:
    """The card's licence label, resolved to a licence id."""

    id: str
    text: str  # how the card names it
    path: str
    line: int | None
    quote: str
    # What backs it: a licence text (or other terms) in the repository, nothing at all (the label
    # is all there is), or only the base model's inherited terms.
    backing: Literal["text", "nothing", "base"] = "text"


@dataclass
class Terms:
    """The terms of the repository: every licence, what governs weights and code, and why."""

    files: list[LicenseFile]
    licenses: list[LicenseInfo]
    findings: list[Finding]  # the clause analysis of the texts and statements; the checks add theirs
    weights_terms: list[LicenseInfo]
    code_terms: list[LicenseInfo]
    weights_source: TermsSource
    base_model: str | None = None
    base_license: str | None = None
    warnings: list[str] = field(default_factory=list)
    defers_to_base: bool = False  # the prose says the base model's licence governs the weights
    stated_models: list[governance.StatedModel] = field(default_factory=list)
    stated_weights: set[str] = field(default_factory=set)  # model licence files stated for the weights
    label: CardLabel | None = None
    base: BaseRef | None = None
    inherited: LicenseInfo | None = None  # the base's terms, when the weights inherit them
    # Permissive licence files a restrictive card label took the weights from (they cover the code).
    relabelled: tuple[LicenseInfo, ...] = ()


@functools.cache
def _base_families() -> tuple[tuple[re.Pattern[str], BaseFamily], ...]:
    return tuple(
        (re.compile(f["pattern"], re.IGNORECASE), BaseFamily(f["name"], f["license"]))
        for f in load_yaml("base_models.yaml")["families"]
    )


def _family_rank(family: BaseFamily | None) -> int:
    for i, (_, f) in enumerate(_base_families()):
        if f == family:
            return i
    return len(_base_families())


def base_family(name: str) -> BaseFamily | None:
    for pattern, family in _base_families():
        if pattern.search(name):
            return family
    return None


def _added_only(identity: TextIdentity) -> bool:
    """A known SPDX text with sentences added: what the added sentences say is all it adds."""
    return bool(
        identity.modified and identity.spdx_id and identity.osi_approved is False and identity.added_text
    )


def _free_sections_blanked(text: str, identity: TextIdentity) -> str:
    """`text` with the lines of its unmodified OSI-approved licences made blank (their lines keep
    their numbers): such a text has nothing to find, by definition, wherever it stands."""
    free = [s for s in identity.sections if s.identity.osi_approved and not s.identity.modified]
    if not free:
        return text
    lines = text.split("\n")
    for s in free:
        lines[s.line_start - 1 : s.line_end] = [""] * (s.line_end - s.line_start + 1)
    return "\n".join(lines)


def _analyse_file(tf: TermsFile, identity: TextIdentity) -> list[Finding]:
    if tf.kind == "notice":
        return []  # attribution notices reproduce other licences; they are not the terms of this model
    if identity.osi_approved and not identity.modified:
        return []  # an unmodified OSI-approved text: nothing to find, by definition
    parts = [s.identity for s in identity.sections] or [identity]
    if all(_added_only(p) or (p.osi_approved and not p.modified) for p in parts) and any(
        map(_added_only, parts)
    ):
        # Known SPDX texts, some with additions: only the added sentences can break the OSD.
        found = analyse(tf.text, tf.path, tf.kind, only=tuple(t for p in parts for t in p.added_text))
    else:
        found = analyse(_free_sections_blanked(tf.text, identity), tf.path, tf.kind)
    # A catalogued licence carries its verdict (CC NC/ND, LicenseDB non-free categories).
    from openwash.clauses.catalogue import catalogue_findings  # not for an exact OSI text (most scans)

    head = next(((i, ln.strip()) for i, ln in enumerate(tf.text.split("\n"), 1) if ln.strip()), (1, ""))
    for ident in [s.identity for s in identity.sections] or [identity]:
        if ident.ai is not None:
            continue  # a named AI licence: its own rules and verdict (ai_licenses.yaml)
        already = frozenset(f.clause for f in found if f.severity == "violation" and f.clause is not None)
        found += catalogue_findings(
            ident.id, tf.path, head[0], head[1][:200], ident.category, tf.text, already
        )
    return found


_POINTER_MAX = 600  # characters: a note that points elsewhere, not a licence text
_POINTER_URL = re.compile(r"https?://[^\s)\]>\"']{1,300}")


def _pointer(tf: TermsFile) -> tuple[str, int, str] | None:
    """(licence id, line, quote) when a terms file only points at a catalogued licence by its
    link or name ("Please refer to license: https://.../LICENSE")."""
    text = tf.text.strip()
    if not text or len(text) > _POINTER_MAX:
        return None
    for n, raw in enumerate(tf.text.split("\n"), 1):
        line = raw.strip()
        ids = [i for i in (names.id_for_url(u) for u in _POINTER_URL.findall(line)) if i]
        ids += names.names_in(_POINTER_URL.sub(" ", line))
        if ids:
            return ids[0], n, line[:300]
    return None


def _model_specific(lf: LicenseFile) -> bool:
    name = lf.file.path.rsplit("/", 1)[-1]
    return bool(_MODEL_NAME.search(name)) or (lf.identity.ai is not None and not lf.identity.ai.policy)


def _roles(files: list[LicenseFile]) -> None:
    """Decide which components each licence file governs (weights, code, data)."""
    licences = [lf for lf in files if lf.file.kind == "license"]
    has_model_specific = any(_model_specific(lf) for lf in licences)
    for lf in files:
        name = lf.file.path.rsplit("/", 1)[-1]
        if lf.file.kind == "notice":
            lf.governs = ()
        elif lf.file.kind == "policy":
            lf.governs = ("weights",)  # use policies bind the use of the model
        elif _CODE_NAME.search(name):
            lf.governs = ("code",)
        elif _DATA_NAME.search(name) and not _MODEL_NAME.search(name):
            lf.governs = ("data",)
        elif _model_specific(lf):
            lf.governs = ("weights",) if len(licences) > 1 else ("weights", "code")
        elif has_model_specific:
            lf.governs = ("code",)
        else:
            lf.governs = ("weights", "code")


def _info(lf: LicenseFile) -> LicenseInfo:
    ident = lf.identity
    return LicenseInfo(
        path=lf.file.path,
        id=ident.id,
        name=ident.name,
        score=round(ident.score, 3),
        osi_approved=ident.osi_approved,
        osd_compliant=lf.osd_compliant,
        modified=ident.modified,
        added_text=ident.added_text,
        removed_text=ident.removed_text,
        source="text",
        governs=lf.governs,
        sections=tuple(
            LicenceSection(
                s.line_start,
                s.line_end,
                s.identity.id,
                s.identity.name,
                s.identity.osi_approved,
                s.identity.modified,
            )
            for s in ident.sections
        ),
    )


def card_label(card: Card) -> tuple[str | None, str, int | None, str]:
    """(resolved id, how the card names it, line, quote) of the card's licence label."""
    label = card.front.get("license")
    if isinstance(label, list):
        label = label[0] if label else None
    if not isinstance(label, str) or not label.strip():
        return None, "", None, ""
    line, quote = card.key_quote("license")
    named = label
    if label.strip().lower() == "other":
        name = card.front.get("license_name")
        if isinstance(name, str) and name.strip():
            named = name
            line2, quote2 = card.key_quote("license_name")
            line, quote = line2 or line, f"{quote} / {quote2}"
    ident = identify_label(named)
    return ident.id, named, line, quote


def _license_file(tf: TermsFile) -> LicenseFile:
    """A terms file identified and analysed."""
    identity = identify_text(tf.text)
    pointer = _pointer(tf) if not identity.catalogued else None
    if pointer is not None:
        # "Please refer to license: https://...": the file carries no terms of its own, only
        # the name of the licence that governs; that licence's verdict, quoted from the line.
        lid, line, quote = pointer
        known = ai.by_id(lid)
        identity = replace(
            identity,
            id=lid,
            name=known.name if known else identify_label(lid).name,
            ai=known,
            catalogued=True,
            # A permissive licence named without its text is a label, not a grant (SPEC 2).
            known_open=names.compliant(lid) is True and not requires_text(lid),
        )
        found = [
            Finding(
                KIND_OSD,
                c,
                "violation" if sev == "violation" else "concern",
                tf.path,
                line,
                line,
                quote,
                f"The file points at {lid}: {why}",
                f"pointer-{c}",
            )
            for c, sev, why in names.verdict(lid)
        ]
        return LicenseFile(tf, identity, found)
    if not identity.catalogued:
        named = own_id_for_file(identity.id, tf.path.rsplit("/", 1)[-1])
        identity = replace(identity, id=named) if named != identity.id else identity
    return LicenseFile(tf, identity, _analyse_file(tf, identity))


def resolve_terms(ev: Evidence) -> Terms:
    files = [_license_file(tf) for tf in ev.terms]
    _roles(files)
    # What the prose says governs the weights overrides what the file names suggest.
    identities = {lf.file.path: lf.identity.id for lf in files if lf.file.kind == "license"}
    linked = [TermsFile(p, "license", t) for p, t in ev.linked_terms.items()]
    stated = governance.stated_terms(ev, ev.terms + linked, identities)
    for tf in linked:
        # A licence file deep in the tree that the prose links as governing something: terms too.
        governs = tuple(
            g
            for g, chosen in (
                ("weights", stated.weights_files),
                ("code", stated.code_files | stated.repo_files),
            )
            if tf.path in chosen
        )
        if governs:
            lf = _license_file(tf)
            lf.governs = governs
            files.append(lf)
    roles = {lf.file.path: lf.governs for lf in files if lf.file.kind == "license"}
    governance.apply(stated, roles, {lf.file.path for lf in files if _model_specific(lf)})
    for lf in files:
        lf.governs = roles.get(lf.file.path, lf.governs)
    findings: list[Finding] = [f for lf in files for f in lf.findings] + stated.findings
    licenses: list[LicenseInfo] = [
        _info(lf)
        for lf in files
        # A NOTICE is listed only when it is a catalogued licence text; attributions are not terms.
        if lf.file.kind != "notice" or lf.identity.spdx_id is not None or lf.identity.ai is not None
    ]
    texts = [lf.identity.id for lf in files if lf.file.kind == "license"]
    licenses += [
        # A licence named in prose whose text is nowhere in the tree is a label: it grants nothing a
        # user can rely on, so its compliance is not established (unless its terms already fail).
        replace(i, osd_compliant=None)
        if i.osd_compliant and requires_text(i.id) and not any(same_licence(i.id, t) for t in texts)
        else i
        for i in stated.licenses
        if not any(same_licence(i.id, t.id) and set(i.governs) <= set(t.governs) for t in licenses)
    ]
    weights_terms = [info for info in licenses if "weights" in info.governs]
    code_terms = [info for info in licenses if "code" in info.governs]
    source: TermsSource = (
        "none"
        if not weights_terms
        else "label-only"
        if all(i.source == "prose" for i in weights_terms)
        else "own-text"
    )
    terms = Terms(files, licenses, findings, weights_terms, code_terms, source)
    terms.defers_to_base = stated.defers_to_base
    terms.stated_models = stated.models
    # A model licence file the prose names for the weights keeps governing them beside a base's terms.
    terms.stated_weights = (
        {lf.file.path for lf in files if _model_specific(lf)} & stated.weights_files
    ) | set(ev.vendored)
    card = ev.model_card or ev.card
    if card is not None:
        _card_terms(ev, card, terms)
    if ev.sbom_facts:
        _sbom_terms(ev, terms)  # after the card: a card label, when there is one, speaks first
    return terms


def _card_terms(ev: Evidence, card: Card, terms: Terms) -> None:
    """What the card adds to the terms: its licence label, the base model and the terms the weights
    inherit from it, a restrictive label that governs the weights in place of a permissive file."""
    label_id, label_text, label_line, label_quote = card_label(card)
    if label_id is not None:
        terms.label = CardLabel(label_id, label_text, card.path, label_line, label_quote)
    own_ids = [i.id for i in terms.weights_terms if i.path is not None and not is_policy(i)]

    # Base model: the base_model key, else a base named in the card's own words.
    # A repository that is no model (a tool, a library) inherits nothing from the models it names.
    base_name, base_path, base_line, base_quote = (
        _base_model(ev, card) if ev.model_found else (None, card.path, None, "")
    )
    family = base_family(base_name) if base_name else None
    if base_name:
        terms.base_model = base_name
        terms.base = BaseRef(
            base_name, base_path, base_line, base_quote or f"base_model: {base_name}", family
        )
    if family is not None:
        terms.base_license = family.license
        base_ai = ai.by_id(family.license)
        own_is_base = any(same_licence(i, family.license) for i in own_ids)
        base_restrictive = base_ai is not None and base_ai.osd_compliant is False
        own_weaker = not own_ids or terms.defers_to_base or (base_restrictive and not own_is_base)
        if own_weaker and not own_is_base:
            inherited = LicenseInfo(
                path=None,
                id=family.license,
                name=base_ai.name if base_ai else family.license,
                score=1.0,
                osi_approved=False if base_ai else _osi(family.license),
                osd_compliant=(base_ai.osd_compliant if base_ai else _osi(family.license) or None),
                inherited_from=base_name,
                source="inherited",
                governs=("weights",),
            )
            terms.licenses.append(inherited)
            terms.inherited = inherited
            if base_restrictive:
                # The base's terms govern the weights; the repository's own files cover the code
                # at most (never two licences on the same weights).
                # Files the prose names as the weights' terms still govern them, beside the base's.
                _off_weights(
                    terms,
                    {
                        i.path
                        for i in terms.weights_terms
                        if i.source == "text" and i.path and i.path not in terms.stated_weights
                    },
                )
            terms.weights_terms = [inherited] + [
                i for i in terms.weights_terms if not base_restrictive or i.path in terms.stated_weights
            ]
            terms.weights_source = "inherited"

    if label_id is None and label_text and not own_ids and terms.weights_source == "none":
        terms.warnings.append(f"{card.path}: licence label '{label_text}' names no single licence")

    if label_id is not None and family is None:
        _restrictive_label(card, terms, label_id)
    if terms.label is not None:
        _label_backing(terms, terms.label)


def _label_backing(terms: Terms, label: CardLabel) -> None:
    """Whether a licence text backs the card's label; a label nothing else backs is the weights'
    terms as far as anyone can tell (label-only)."""
    if all(i.source == "prose" for i in terms.weights_terms) and not any(
        i.source == "text" and not is_policy(i) for i in terms.licenses
    ):
        label.backing = "nothing"
        label_ai = ai.by_id(label.id)
        info = LicenseInfo(
            path=None,
            id=label.id,
            name=label_ai.name if label_ai else label.text,
            score=1.0,
            osi_approved=_osi(label.id),
            osd_compliant=None,
            source="card",
            governs=("weights",),
        )
        if not any(same_licence(label.id, i.id) for i in terms.licenses):
            terms.licenses.append(info)
        if terms.weights_source == "none":
            terms.weights_source = "label-only"
            terms.weights_terms = [info]
    elif terms.weights_source == "inherited" and not any(i.path for i in terms.licenses if not is_policy(i)):
        label.backing = "base"


def _off_weights(terms: Terms, paths: set[str | None]) -> None:
    """The licence files at `paths` govern the code at most: other terms govern the weights."""
    terms.licenses = [
        replace(i, governs=tuple(g for g in i.governs if g != "weights") or ("code",))
        if i.path in paths and i.source == "text"
        else i
        for i in terms.licenses
    ]
    for lf in terms.files:
        if lf.file.path in paths:
            lf.governs = tuple(g for g in lf.governs if g != "weights") or ("code",)
    terms.code_terms = [i for i in terms.licenses if "code" in i.governs]


def _restrictive_label(card: Card, terms: Terms, label_id: str) -> None:
    """A card labelled with restrictive model terms (`license: llama3.1`) beside a permissive licence
    file: the label is the model's terms, which travel with derivatives and no file can replace;
    the file covers the code at most (a wrong licence file, not two licences on the weights)."""
    label_ai = ai.by_id(label_id)
    files = [i for i in terms.weights_terms if i.source == "text" and not is_policy(i)]
    if (
        label_ai is None
        or label_ai.policy
        or label_ai.osd_compliant is not False
        or not files
        or not all(i.osd_compliant for i in files)
        or any(same_licence(label_id, i.id) for i in files)
    ):
        return
    moved = {i.path for i in files}
    _off_weights(terms, moved)
    info = LicenseInfo(
        path=card.path,
        id=label_ai.id,
        name=label_ai.name,
        score=1.0,
        osi_approved=False,
        osd_compliant=False,
        source="card",
        governs=("weights",),
    )
    terms.licenses.append(info)
    terms.weights_terms = [info] + [i for i in terms.weights_terms if i.path not in moved]
    terms.weights_source = "label-only"
    terms.relabelled = tuple(files)


def sbom_ids(value: str, expression: bool = True) -> list[str]:
    """The licence ids of an SPDX expression, each resolved as a label is (LicenseRef- ids kept);
    a licence written out by name is resolved whole."""
    if not expression:
        resolved = identify_label(value).id
        return [resolved] if resolved else []
    from openwash.licenses.expression import licence_ids  # an SBOM's expression only

    tokens = licence_ids(value)
    if tokens is None:  # not an expression: a licence written out by name
        resolved = identify_label(value).id
        return [resolved] if resolved else []
    out = []
    for token in tokens:
        known = ai.by_id(token)
        resolved = known.id if known else identify_label(token).id
        if resolved is None and token.startswith("LicenseRef-"):
            resolved = token
        if resolved is not None and resolved not in out:
            out.append(resolved)
    return out


def _sbom_terms(ev: Evidence, terms: Terms) -> None:
    """SBOM-declared licences (SPEC section 2): evidence like a card label, never a grant by themselves.

    Each becomes a LicenseInfo of source "sbom"; what it declares is compared with the terms that
    govern the weights by a check (assess/checks/sbom_label.py)."""
    texts = [i for i in terms.licenses if i.source == "text" and not is_policy(i)]
    for facts in ev.sbom_facts:
        terms.warnings.extend(facts.warnings)
        seen: set[str] = set()
        for fld in facts.declared:
            for lid in sbom_ids(fld.value, fld.expression):
                if lid not in seen:
                    seen.add(lid)
                    terms.licenses.append(_sbom_info(facts.path, lid, facts.is_model, texts, terms))
        if terms.weights_source == "none":
            # Nothing else names the weights' terms: the SBOM's label is all there is (label-only).
            labels = [i for i in terms.licenses if i.source == "sbom" and i.path == facts.path]
            if labels:
                terms.weights_terms = labels
                terms.weights_source = "label-only"


def sbom_names(sbom_id: str, governing: LicenseInfo) -> bool:
    """Whether an SBOM's licence id names a governing licence (openwash's own BOMs name an
    unidentified licence file by a LicenseRef of its path)."""
    from openwash.vocabulary import unidentified_ref

    if governing.id == UNKNOWN:
        return sbom_id == unidentified_ref(governing.path)
    return same_licence(sbom_id, governing.id)


def _sbom_info(path: str, lid: str, is_model: bool, texts: list[LicenseInfo], terms: Terms) -> LicenseInfo:
    # A label is judged by the text it names; with no text at all it establishes nothing; one that
    # contradicts the texts is judged by the licence it names (the contradiction is its own finding).
    matched = next((i for i in texts + terms.weights_terms if sbom_names(lid, i)), None)
    known = ai.by_id(lid)
    if matched is not None:
        compliant = matched.osd_compliant
    elif not texts:
        compliant = None
    elif known is not None:
        compliant = known.osd_compliant
    else:
        compliant = True if _osi(lid) else None
    name = known.name if known else lid if lid.startswith("LicenseRef-") else identify_label(lid).name
    return LicenseInfo(
        path=path,
        id=lid,
        name=name,
        score=1.0,
        osi_approved=_osi(lid),
        osd_compliant=compliant,
        source="sbom",
        governs=("weights",) if is_model else ("weights", "code"),
    )


def _base_model(ev: Evidence, card: Card) -> tuple[str | None, str, int | None, str]:
    """(base model, path, line, quote): the card's `base_model` key, else the bases the repository
    names in its own words, model tables or training configs; of several, the least open one
    decides (a repository publishing several models gets the tier of its least open one)."""
    value = card.front.get("base_model")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and value.strip():
        line, quote = card.key_quote("base_model")
        if card.key_line("base_model") is not None and quote.rstrip().endswith(":") and line is not None:
            quote = f"{quote} {value}"
        return value.strip(), card.path, line, quote
    candidates = [
        (named, line_obj.path, line_obj.line, line_obj.text) for line_obj, named in bases.mentions(ev, card)
    ]
    known = [c for c in candidates if base_family(c[0])]
    if not known:
        return None, card.path, None, ""

    def openness(c: tuple[str, str, int, str]) -> tuple[int, int]:
        # The least open first; of equals, the most specific family (listed first in the data).
        family = base_family(c[0])
        lic = ai.by_id(family.license) if family else None
        return (0 if lic is not None and lic.osd_compliant is False else 1, _family_rank(family))

    return min(known, key=openness)


def is_policy(info: LicenseInfo) -> bool:
    lic = ai.by_id(info.id)
    return bool(lic and lic.policy) or (info.path is not None and "polic" in info.path.lower())


def _osi(license_id: str) -> bool:
    from openwash.licenses.identify import osi_approved

    return osi_approved(license_id)

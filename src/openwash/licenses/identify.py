"""What a licence text or a licence label is: one answer from the SPDX matcher, the named AI
licences and the Hugging Face licence ids."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openwash.licenses import ai

UNKNOWN = "unknown"

# Hugging Face ids that name a family, not one licence (ECOSYSTEM.md, "Hugging Face model cards").
HF_FAMILY_IDS = {"bsd", "gpl", "lgpl", "agpl", "cc", "openrail", "other", "unknown", "apple-ascl"}
# Hugging Face ids whose SPDX spelling differs by more than case.
_HF_TO_SPDX = {
    "gpl": None,
    "lgpl-lr": "LGPL-LR",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "bsd-3-clause-clear": "BSD-3-Clause-Clear",
    "afl-3.0": "AFL-3.0",
    "ecl-2.0": "ECL-2.0",
    "c-uda": "C-UDA-1.0",
    "pddl": "PDDL-1.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "wtfpl": "WTFPL",
    "gpl-3.0": "GPL-3.0-only",
    "gpl-2.0": "GPL-2.0-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "lgpl-2.1": "LGPL-2.1-only",
    "agpl-3.0": "AGPL-3.0-only",
}


@dataclass(frozen=True)
class TextIdentity:
    id: str
    name: str
    score: float
    osi_approved: bool
    modified: bool
    added_text: tuple[str, ...]
    removed_text: tuple[str, ...]
    ai: ai.AiLicense | None
    spdx_id: str | None  # the SPDX licence the text is (or is based on), if any
    # The text is (or is based on) a licence known to be free: OSI-approved, FSF-libre, or an open
    # data licence the Model Openness Tool accepts. Others are judged by their clauses alone; for a
    # modified text the added sentences decide (they are analysed clause by clause).
    known_open: bool = False


def identify_text(text: str) -> TextIdentity:
    """Name a licence text: a named AI licence by its own terms, else the SPDX list, else unknown."""
    from openwash.licenses.matcher import identify, identify_exact
    from openwash.licenses.normalize import normalize

    norm = normalize(text)  # once, for both lookups
    exact = identify_exact(text, norm)
    # An exact OSI-approved or FSF-libre text is no named AI licence (a test holds the catalogue
    # to that): one digest lookup names it, neither the catalogue nor the match data is needed.
    named = None if exact and (exact.osi_approved or exact.fsf_libre) else ai.identify_ai(text)
    if named is not None and named.base_spdx is None:
        # Titles and version lines identify these; there is no reference text to score against.
        return TextIdentity(named.id, named.name, 1.0, False, False, (), (), named, None)
    match = exact or identify(text, norm)
    if named is not None and match is not None:
        # A known SPDX licence with terms added: named by its own rule, reported as modified.
        return TextIdentity(
            named.id,
            named.name,
            match.score,
            False,
            True,
            match.added_text,
            match.removed_text,
            named,
            match.id,
        )
    if match is None:
        return TextIdentity(UNKNOWN, "Unknown licence", 0.0, False, False, (), (), None, None)
    return TextIdentity(
        match.id,
        match.name,
        match.score,
        match.osi_approved and not match.modified,
        match.modified,
        match.added_text,
        match.removed_text,
        None,
        match.id,
        match.osi_approved or match.fsf_libre or _open_data(match.id),
    )


def _open_data(spdx_id: str) -> bool:
    from openwash.assess.mof import is_open_license

    return is_open_license(spdx_id)


@dataclass(frozen=True)
class LabelIdentity:
    id: str | None  # None: a family or "other"/"unknown" that names no one licence
    name: str
    ai: ai.AiLicense | None
    family_only: bool = False


def spdx_name(spdx_id: str) -> str:
    from openwash.licenses.spdx_index import catalog

    entry = catalog().get(spdx_id)
    return entry[0] if entry else spdx_id


def osi_approved(spdx_id: str) -> bool:
    from openwash.licenses.spdx_index import catalog

    entry = catalog().get(spdx_id)
    return bool(entry and entry[1])


def identify_label(label: str) -> LabelIdentity:
    """A licence as a card or SBOM names it: a Hugging Face id, an SPDX id, or a licence name."""
    from openwash.licenses.spdx_index import lookup_id

    raw = label.strip()
    key = raw.lower()
    named = ai.by_hf_id(key)
    if named is not None:
        return LabelIdentity(named.id, named.name, named)
    if key in _HF_TO_SPDX:
        mapped = _HF_TO_SPDX[key]
        if mapped:
            return LabelIdentity(mapped, spdx_name(mapped), None)
    spdx = lookup_id(raw)
    if spdx is not None:
        return LabelIdentity(spdx, spdx_name(spdx), None)
    if key in HF_FAMILY_IDS:
        return LabelIdentity(None, raw, None, family_only=True)
    # A licence written out by name ("Apache 2.0", "Llama 2 Community License").
    flat = ai.flatten(raw)
    for lic in ai.catalog():
        if lic.matches(flat) or re.sub(r"[^a-z0-9]+", "", lic.name.lower()) == re.sub(
            r"[^a-z0-9]+", "", flat
        ):
            return LabelIdentity(lic.id, lic.name, lic)
    m = re.fullmatch(r"(apache|mit|bsd|gpl)[ -]?(?:license)?[ -]?v?(\d(?:\.\d)?)?(?: license)?", flat)
    if m:
        guess = {"apache": "Apache-2.0", "mit": "MIT"}.get(m.group(1))
        if guess:
            return LabelIdentity(guess, spdx_name(guess), None)
    return LabelIdentity(None, raw, None)


def same_licence(a: str | None, b: str | None) -> bool:
    """Two ids name the same licence (the same AI family counts: HF `llama2` vs the file's id)."""
    if a is None or b is None:
        return False
    if a.lower() == b.lower():
        return True
    la, lb = ai.by_id(a), ai.by_id(b)
    return bool(la and lb and la.id == lb.id)

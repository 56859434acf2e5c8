"""Licences named in prose: by a written-out name or alias, or by a link to a known licence URL
(data/licence_names.yaml), and the verdict a named licence carries when its text is absent."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from openwash.datafiles import load_yaml
from openwash.licenses import ai


@dataclass(frozen=True)
class NamedLicence:
    """A licence named in prose (data/licence_names.yaml) and the clauses it fails."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    urls: tuple[str, ...]
    clauses: tuple[tuple[int, str], ...]  # (clause, why) its terms violate


@functools.cache
def catalogue() -> tuple[NamedLicence, ...]:
    return tuple(
        NamedLicence(
            e["id"],
            tuple(re.compile(p) for p in e.get("names") or ()),
            tuple(u.lower() for u in e.get("urls") or ()),
            tuple((int(c["clause"]), c["why"]) for c in e.get("clauses") or ()),
        )
        for e in load_yaml("licence_names.yaml")["names"]
    )


def names_in(text: str) -> list[str]:
    """The licences a sentence names, in the order of the catalogue (one per licence); a named
    AI licence's own title counts too."""
    flat = ai.flatten(text)
    out: list[str] = []
    spans: list[tuple[int, int]] = []  # a more specific name, tried first, owns its words
    for entry in catalogue():
        for p in entry.patterns:
            m = p.search(flat)
            if m and entry.id not in out and not any(m.start() < e and s < m.end() for s, e in spans):
                out.append(entry.id)
                spans.append(m.span())
                break
    # Names compared by their words, "+" kept: "CreativeML Open RAIL++-M" is not "... RAIL-M".
    words = re.sub(r"[^a-z0-9+]+", " ", flat)
    for lic in ai.catalog():
        if lic.policy or lic.id in out:
            continue
        if f" {re.sub(r'[^a-z0-9+]+', ' ', lic.name.lower()).strip()} " in f" {words} ":
            out.append(lic.id)
    return out


def id_for_url(url: str) -> str | None:
    """The licence a link points at, from its URL alone."""
    key = url.split("//", 1)[-1].lower().rstrip("/")
    key = key[4:] if key.startswith("www.") else key
    for entry in catalogue():
        if any(key.startswith(u) or u in key for u in entry.urls):
            return entry.id
    m = re.search(
        r"(?:opensource\.org/licenses?|spdx\.org/licenses)/([A-Za-z0-9.+-]{2,40}?)(?:\.html|\.php)?$", key
    )
    if m:
        from openwash.licenses.identify import identify_label

        return identify_label(m.group(1)).id
    return None


def verdict(license_id: str) -> list[tuple[int, str, str]]:
    """(clause, severity, why) that a licence's terms carry when only its name is in the repository."""
    for entry in catalogue():
        if entry.id == license_id and entry.clauses:
            return [(c, "violation", why) for c, why in entry.clauses]
    known = ai.by_id(license_id)
    if known is not None:
        return [(c, s, why) for c, s, why in known.inherited]
    if license_id.startswith("LicenseRef-scancode-"):
        # A LicenseDB licence no entry above names: its category's verdict (loads the index).
        from openwash.licenses import licensedb

        db_entry = licensedb.by_id(license_id)
        if db_entry is not None:
            return [(c, "violation", why) for c, why in licensedb.category_verdict(db_entry.category)]
    return []


def compliant(license_id: str) -> bool | None:
    """Whether a licence named without its text meets the OSD: False with a violating verdict,
    True for an OSI-approved or free catalogue licence, None when nothing establishes it."""
    if any(s == "violation" for _, s, _ in verdict(license_id)):
        return False
    known = ai.by_id(license_id)
    if known is not None:
        return known.osd_compliant
    from openwash.licenses.identify import osi_approved

    if osi_approved(license_id) or re.match(r"CC0-1\.0|CC-BY-(?:SA-)?\d", license_id):
        return True
    if license_id.startswith("LicenseRef-scancode-"):
        from openwash.licenses import licensedb

        db_entry = licensedb.by_id(license_id)
        if db_entry is not None and db_entry.category in licensedb.FREE_CATEGORIES:
            return True  # a free LicenseDB category: compliant though not OSI-approved
    return None

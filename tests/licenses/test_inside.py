"""Whole catalogued texts found inside a longer text by their first words and digest
(licenses/inside.py), and a file of them read without aligning each (licenses/identify.py)."""

from __future__ import annotations

import itertools
from typing import Any

from conftest import spdx_text
from openwash.engine import scan
from openwash.licenses import inside
from openwash.licenses.identify import _whole_texts, identify_text
from openwash.licenses.normalize import normalize
from openwash.licenses.spdx_index import HEAD_WORDS, load_index

IDS = ["MIT", "GPL-3.0-only", "CC-BY-NC-4.0", "BSD-3-Clause"]


def _found(text: str) -> list[tuple[str, ...]] | None:
    found = inside.whole_texts(normalize(text).words, load_index())
    return None if found is None else [f.ids for f in found]


def test_every_text_of_a_pile_is_found_in_order() -> None:
    found = _found("\n\n".join(spdx_text(i) for i in IDS))
    assert found is not None and [ids[0] for ids in found] == IDS


def test_a_text_with_a_word_changed_is_not_found_whole() -> None:
    mit = spdx_text("MIT").replace("without restriction", "with restriction")
    assert _found(spdx_text("Apache-2.0") + "\n\n" + mit) == [("Apache-2.0",)]


def test_a_file_of_whole_texts_under_headings_is_read_text_by_text() -> None:
    text = "\n\n".join(
        f"=== {i.lower()} (vendored) ===\n\nCopyright (c) 2021 Acme Corp.\n\n{spdx_text(i)}" for i in IDS
    )
    lines = text.split("\n")
    split = _whole_texts(text)
    assert split is not None
    assert [(s.identity.id, s.identity.modified) for s in split] == [(i, False) for i in IDS]
    # Each licence's lines begin at its heading, and the next heading is the next licence's.
    assert [lines[s.line_start - 1] for s in split] == [f"=== {i.lower()} (vendored) ===" for i in IDS]
    assert all(a.line_end < b.line_start for a, b in itertools.pairwise(split))
    assert split[-1].line_end == len(lines)
    assert identify_text(text).sections == split


def test_a_line_of_terms_between_two_texts_is_added_to_the_licence_above(make_repo: Any) -> None:
    # A note or condition after a whole text (and no heading of the next) continues it: it is
    # read as a sentence added to it, and the clause rules read it.
    note = "You may use the model weights for non-commercial research purposes only."
    text = spdx_text("Apache-2.0") + "\n\n" + note + "\n\n" + spdx_text("MIT")
    split = _whole_texts(text)
    assert split is not None and [s.identity.id for s in split] == ["Apache-2.0", "MIT"]
    apache, mit = (s.identity for s in split)
    assert apache.modified and not apache.osi_approved and apache.added_text == (note,)
    assert not mit.modified and mit.osi_approved
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    assert any(f.severity == "violation" and note in f.quote for f in report.findings)


def test_prose_and_a_modified_licence_between_whole_texts_are_read_too() -> None:
    bsd = spdx_text("BSD-2-Clause").replace("Redistributions of source code", "Redistributions of Acme code")
    text = "\n\n".join(
        [
            spdx_text("Apache-2.0"),
            "This project bundles code from Acme, under the licence below:",
            bsd,
            "Terms of the MIT License:",
            spdx_text("MIT"),
        ]
    )
    split = _whole_texts(text)
    assert split is not None
    assert [s.identity.id for s in split] == ["Apache-2.0", "BSD-2-Clause", "MIT"]
    assert split[1].identity.modified and not split[2].identity.modified  # a heading adds no terms


def test_one_text_alone_is_left_to_the_exact_lookup() -> None:
    assert _whole_texts("MIT License\n\n" + spdx_text("MIT")) is None
    assert identify_text(spdx_text("Apache-2.0")).id == "Apache-2.0"


def test_a_long_licence_cut_short_over_and_over_is_searched_in_linear_time() -> None:
    # Each copy begins as the licence does and stops before its end: compared word for word, each
    # costs what it holds, and nothing is found.
    from growth import superlinear

    cut = normalize(spdx_text("GPL-3.0-only")).words[:4000]
    index = load_index()

    def make(n: int) -> list[str]:
        return list(cut) * n

    assert inside.whole_texts(make(3), index) == []
    ratio = superlinear(lambda w: inside.whole_texts(w, index), make, 20)
    assert ratio is None, f"the search grows x{ratio:.1f} for a text twice as long"


def test_the_index_keys_every_text_by_its_first_words() -> None:
    ix = load_index()
    for g in range(0, len(ix.groups), 25):
        words = normalize(ix.text(g)).words
        if len(words) >= HEAD_WORDS:
            assert (len(words), g) in ix.heads["\n".join(words[:HEAD_WORDS])]


def test_terms_under_a_title_of_their_own_over_a_whole_text_are_that_licence() -> None:
    # As for a file of one licence: a known text with terms added under a title of its own is
    # that licence, based on the known one.
    terms = "Acme Model License\n\nYou may use the model weights for non-commercial research purposes only."
    split = _whole_texts(terms + "\n\n" + spdx_text("Apache-2.0") + "\n\n" + spdx_text("MIT"))
    assert split is not None
    acme, mit = (s.identity for s in split)
    assert acme.id == "LicenseRef-acme-model-license" and acme.spdx_id == "Apache-2.0" and acme.modified
    assert mit.id == "MIT" and not mit.modified

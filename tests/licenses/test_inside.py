"""Whole catalogued texts found inside a longer text by their first words and digest
(licenses/inside.py), and a file of them read without aligning each (licenses/identify.py)."""

from __future__ import annotations

import itertools

from conftest import spdx_text
from openwash.licenses import inside
from openwash.licenses.identify import _whole_texts, identify_text
from openwash.licenses.normalize import normalize
from openwash.licenses.spdx_index import HEAD_WORDS, exact_table, load_index

IDS = ["MIT", "GPL-3.0-only", "CC-BY-NC-4.0", "BSD-3-Clause"]


def _found(text: str) -> list[tuple[str, ...]] | None:
    found = inside.whole_texts(normalize(text).words, load_index(), exact_table())
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


def test_a_line_of_terms_between_two_texts_is_no_heading() -> None:
    # A condition between two whole texts may restrict the one below: the file is read block by
    # block instead, and what the line says is read as the licence's added text.
    note = "The model weights below may be used for non-commercial research only"
    text = spdx_text("Apache-2.0") + "\n\n" + note + "\n\n" + spdx_text("MIT")
    assert _whole_texts(text) is None
    found = identify_text(text).sections
    assert any(added.startswith(note) for s in found for added in s.identity.added_text)


def test_one_text_alone_is_left_to_the_exact_lookup() -> None:
    assert _whole_texts("MIT License\n\n" + spdx_text("MIT")) is None
    assert identify_text(spdx_text("Apache-2.0")).id == "Apache-2.0"


def test_beginnings_repeated_on_and_on_are_searched_in_linear_time() -> None:
    # A licence's first words over and over: each start would be digested to the licence's
    # length; a bound on the words spent in vain gives up instead.
    from growth import superlinear

    head = " ".join(normalize(spdx_text("GPL-3.0-only")).words[:HEAD_WORDS])
    index, exact = load_index(), exact_table()

    def make(n: int) -> list[str]:
        return list(normalize((head + "\n") * n).words)

    assert inside.whole_texts(make(20_000), index, exact) is None
    ratio = superlinear(lambda w: inside.whole_texts(w, index, exact), make, 20_000)
    assert ratio is None, f"the search grows x{ratio:.1f} for a text twice as long"


def test_the_index_keys_every_text_by_its_first_words() -> None:
    ix = load_index()
    for g in range(0, len(ix.groups), 25):
        words = normalize(ix.text(g)).words
        if len(words) >= HEAD_WORDS:
            assert len(words) in {n for n, _ in ix.heads["\n".join(words[:HEAD_WORDS])]}

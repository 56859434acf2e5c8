"""Normalisation details (licenses/normalize.py) that its users cannot see directly."""

from __future__ import annotations

import random

import pytest

from openwash.licenses import normalize

PIECES = [
    "Copyright",
    "copyright",
    "COPYRIGHT",
    "(c)",
    "(C)",
    "©",
    "2021",
    "<year>",
    "Acme",
    "Software",
    "Inc.",
    "the",
    "above",
    "notice",
    ":",
    ",",
    "\n",
    " ",
    "\t",
    "x",
]


def _searched(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    while (m := normalize._NOTICE_RE.search(text, pos)) is not None:
        out.append(m.span())
        pos = m.end()
    return out


def _found(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    search = normalize._notice_finder(text, text.lower())
    while (m := search(pos)) is not None:
        out.append(m.span())
        pos = m.end()
    return out


@pytest.mark.parametrize("seed", range(20))
def test_notices_found_from_their_cues_are_those_a_search_finds(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(PIECES) + rng.choice(["", " ", "\n"]) for _ in range(rng.randrange(1, 30)))
        assert _found(text) == _searched(text), text


def test_a_notice_after_words_on_its_line_starts_at_the_line() -> None:
    text = "Terms.\nSoftware Copyright (c) 2019 Acme\nthe above copyright notice\n"
    found = _found(text)
    assert len(found) == 1 and found[0][0] == text.index("Software")


@pytest.mark.parametrize("unit", ["©", "copyright ", "(c)", "©\n", "x copyright notice (c) y\n"])
def test_finding_notices_is_linear_in_a_text_of_cues(unit: str) -> None:
    from growth import superlinear

    ratio = superlinear(normalize._blank_notices, lambda n: "Terms " + unit * n, 20_000)
    assert ratio is None, f"finding notices grows x{ratio:.1f} for a text twice as long"

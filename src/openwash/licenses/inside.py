"""Whole catalogued licence texts found one after another inside a longer text.

A file of vendored licences (THIRD_PARTY_NOTICES, a LICENSE of every dependency) is mostly whole,
unchanged texts. Each is found where its first words begin (a table of the catalogue's text
beginnings, `SpdxIndex.heads`) and proved word for word against the catalogue's own text: one
pass over the text's words, with no alignment, however many licences it holds.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from openwash.licenses.spdx_index import HEAD_WORDS, SpdxIndex


class Found(NamedTuple):
    start: int  # first word
    end: int  # one past the last word
    ids: tuple[str, ...]  # the catalogue's ids of the text, preferred first


def whole_texts(words: Sequence[str], index: SpdxIndex) -> list[Found] | None:
    """The catalogued texts that `words` holds whole, in order, without overlap: at each word, the
    longest text that begins there, then on after it. None when the words compared in vain pass a
    bound linear in the text (a text that repeats a long licence's first part on and on): the
    caller reads the text another way."""
    heads, firsts, vocab = index.heads, index.firsts, index.vocab
    ids = [vocab.get(w, -1) for w in words]  # -1: a word no reference has
    found: list[Found] = []
    n = len(words)
    budget = 2 * n + _SLACK
    resume = 0  # words before this one are inside a text found already
    for p in range(n - HEAD_WORDS + 1):
        if p < resume or words[p] not in firsts:
            continue
        for length, g in heads.get("\n".join(words[p : p + HEAD_WORDS]), ()):
            if p + length > n:
                continue
            equal, compared = _equal(ids, p, _tokens(index, g))
            if equal:
                found.append(Found(p, p + length, index.groups[g].ids))
                resume = p + length
                break
            budget -= compared
            if budget < 0:
                return None
    return found


_SLACK = 100_000


def _equal(ids: list[int], p: int, ref: list[int]) -> tuple[bool, int]:
    """Whether `ids` holds `ref` at `p`, and how many words were compared: by growing pieces, so
    that a text of the same family, which differs early, costs little."""
    n, k, step = len(ref), 0, 32
    while k < n:
        e = min(n, k + step)
        if ids[p + k : p + e] != ref[k:e]:
            return False, e
        k, step = e, step * 4
    return True, n


@functools.lru_cache(maxsize=64)
def _tokens(index: SpdxIndex, g: int) -> list[int]:
    return index.tokens(g).tolist()

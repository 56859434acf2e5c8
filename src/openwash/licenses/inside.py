"""Whole catalogued licence texts found one after another inside a longer text.

A file of vendored licences (THIRD_PARTY_NOTICES, a LICENSE of every dependency) is mostly whole,
unchanged texts. Each is found where its first words begin (a table of the catalogue's text
beginnings, `SpdxIndex.heads`) and proved by the digest of the words that follow: one pass over
the text's words, with no alignment, however many licences it holds. A crafted text cannot pass
for a catalogued one: the digest is cryptographic, as the exact lookup's is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from openwash.licenses.spdx_index import HEAD_WORDS, SpdxIndex, words_digest


class Found(NamedTuple):
    start: int  # first word
    end: int  # one past the last word
    ids: tuple[str, ...]  # the catalogue's ids of the text, preferred first


def whole_texts(
    words: Sequence[str], index: SpdxIndex, exact: Mapping[bytes, tuple[str, ...]]
) -> list[Found] | None:
    """The catalogued texts that `words` holds whole, in order, without overlap: at each word, the
    longest text that begins there, then on after it. None when the words spent on beginnings
    that lead to no text pass a bound linear in the text (a text that repeats a licence's first
    words on and on): the caller reads the text another way."""
    heads, firsts = index.heads, index.firsts
    found: list[Found] = []
    n = len(words)
    budget = 2 * n + _SLACK  # words digested in vain
    resume = 0  # words before this one are inside a text found already
    for p in range(n - HEAD_WORDS + 1):
        if p < resume or words[p] not in firsts:
            continue
        for length, digest in heads.get("\n".join(words[p : p + HEAD_WORDS]), ()):
            if p + length > n:
                continue
            if words_digest(words[p : p + length]) == digest and digest in exact:
                found.append(Found(p, p + length, exact[digest]))
                resume = p + length
                break
            budget -= length
            if budget < 0:
                return None
    return found


_SLACK = 100_000

"""Identify a licence text as one of the SPDX licences, and say how it differs.

Two steps, after normalisation (`normalize.py`):

1. Candidates: word-set Dice between the text and every distinct SPDX text,
   computed with one big-int AND + popcount per licence (`spdx_index.py`).
   An exact match is looked up first, by the digest of the normalised words alone.
2. Alignment of the best few candidates' word sequences with the text:
   unique 4-word anchors joined by a longest increasing subsequence, the gaps
   filled by difflib (autojunk off). Every difference is then classified:
   allowed variation (title lines, a missing appendix after "END OF TERMS AND
   CONDITIONS", small replaced spans where the reference has a name or
   placeholder, list numbering) or a substantive change (added or removed
   words: `modified`, with the original sentences that carry them).

A candidate is accepted when its aligned words cover at least
`MIN_REFERENCE_COVERAGE` of the reference's terms and at least
`MIN_TEXT_COVERAGE` of the text: a long document that merely quotes a licence
is not that licence.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from openwash.licenses.normalize import NormalizedText, normalize, sentence_spans
from openwash.licenses.spdx_index import (
    CatalogEntry,
    SpdxIndex,
    catalog,
    exact_ids,
    load_index,
    lookup_id,
    words_digest,
)

__all__ = ["MIN_REFERENCE_COVERAGE", "MIN_TEXT_COVERAGE", "SpdxMatch", "identify", "identify_exact"]

# Measured with bench/bench_matcher.py --thresholds: a reformatted licence
# covers >= 0.97 of its reference; the AI licences that reuse Apache-2.0
# wording (BLOOM RAIL, CreativeML OpenRAIL-M, BigCode OpenRAIL-M) cover at
# most 0.63 of it. 0.8 sits between: a licence with a sentence or two removed
# is still that licence, modified; one that lost a fifth of its words is an
# unknown licence. (Within a family such as the BSD or MIT variants the
# nearest other licence often covers 1.0 of its own text: there the ranking
# by aligned words separates them, not this threshold.)
MIN_REFERENCE_COVERAGE: Final = 0.8
# The reference must be the dominant part of the text: Apache-2.0 is at most
# 0.43 of those AI licences, MIT 0.72 of Kimi K2's modified MIT licence.
MIN_TEXT_COVERAGE: Final = 0.6
# A text made only of one licence's words, in its order, but missing more of them: that licence
# with sentences removed (a short licence loses a large share with one sentence). The text must
# be nearly all the reference's, and still hold most of it.
SUBSET_TEXT_COVERAGE: Final = 0.97
SUBSET_REFERENCE_COVERAGE: Final = 0.6

# Candidates for alignment: the best by word-set Dice, within a window of the best.
_MAX_CANDIDATES: Final = 8
_DICE_WINDOW: Final = 0.2
# Pruning before alignment: shared word counts must leave room for the
# thresholds (minus a little for allowed variation such as titles)...
_PRUNE_REF: Final = SUBSET_REFERENCE_COVERAGE - 0.05
_PRUNE_TEXT: Final = MIN_TEXT_COVERAGE - 0.05
# A free-form preamble (BUSL parameters) may make a text this much longer.
_MAX_PREAMBLE_RATIO: Final = 4

_ANCHOR: Final = 4  # words per anchor n-gram
_DIFFLIB_MAX_CELLS: Final = 250_000  # difflib is quadratic: only on gaps up to this size
_MERGE_EQUAL_BELOW: Final = 3

# Small replaced spans are template variables (a holder's name for "the
# copyright holder") unless they change one of these words.
_RESTRICTIVE: Final = frozenset(
    """
    not no non never neither nor none without except excluding exclude excludes unless only solely
    exclusively must shall may cannot can prohibited prohibit prohibits forbidden forbid restrict
    restricted restriction restrictions limited noncommercial commercial commercially military
    research evaluation personal internal revocable irrevocable exclusive nonexclusive perpetual
    royalty free fee fees charge pay payment terminate terminates termination permitted permit
    permits permission allowed allow allows grant granted grants required require requires
    obligation warranty warranties liability liable sell sale resell distribute redistribute modify
    copy use harm illegal lawful unlawful attribution
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Words whose deletion alone does not change terms: function words, list
# numbering, and the words SPDX templates let a licensor replace by a name.
_FILLER: Final = frozenset(
    """
    the a an of and or to in on at by for this that these those its it is be as with from s t inc
    ltd llc corp co section article clause authors author copyright-holder copyright-holders holder
    holders owner owners contributors regents university organization name
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_ADDRESS: Final = frozenset(
    """
    street st place suite floor ave avenue mass road rd box boston cambridge ma usa
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_ENUMERATOR_RE: Final = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,5})")
# Template variables: at most this many reference words (a placeholder such as
# "the copyright holder") replaced by at most this many words (a name).
_MAX_VAR_REF: Final = 6
_MAX_VAR_TEXT: Final = 12
_MAX_SMALL_INDEL: Final = 3  # words inserted or deleted alone that may still be neutral
# Appendix text placed elsewhere (a GPL notice on top): inserts of at least
# _MIN_MOVED words that repeat the appendix in runs of _MIN_MOVED_RUN.
_MIN_MOVED: Final = 8
_MIN_MOVED_RUN: Final = 4

# Licences whose template has a free-form part the SPDX text lacks:
# the Business Source License's "Parameters" block before "Terms", and its
# "Covenants of Licensor" that copies (e.g. HashiCorp's) routinely omit.
_FREE_PREAMBLE_UNTIL: Final[dict[str, tuple[str, ...]]] = {
    "BUSL-1.1": ("terms", "the", "licensor", "hereby", "grants"),
}
_OPTIONAL_FROM: Final[dict[str, tuple[str, ...]]] = {
    "BUSL-1.1": ("mariadb", "hereby", "grants", "you", "permission"),
}

_LATER_PHRASES: Final = (
    ("or", "at", "your", "option", "any", "later", "version"),
    ("or", "any", "later", "version"),
)
_SPDX_ID_RE: Final = re.compile(r"SPDX-License-Identifier\s*:\s*([A-Za-z0-9.+-]+)")


@dataclass(frozen=True)
class SpdxMatch:
    """The SPDX licence a text matches best, with its score and the differences."""

    id: str
    name: str
    score: float  # 0..1: share of both texts aligned or allowed to differ
    osi_approved: bool
    fsf_libre: bool
    deprecated: bool
    modified: bool  # substantive words added or removed
    added_text: tuple[str, ...]  # the text's sentences carrying added words
    removed_text: tuple[str, ...]  # the reference's sentences whose words are missing
    # The text ends before the licence does, with nothing else changed: a copy cut short.
    cut_short: bool = False


class _Eval(NamedTuple):
    group: int
    score: float
    raw: float  # Dice of the aligned words only: ranks candidates
    ref_coverage: float
    text_coverage: float
    added: list[tuple[int, int]]  # word ranges of the text
    removed: list[tuple[int, int]]  # word ranges of the reference
    matched: bytearray  # per text word: 1 if aligned to the reference


# ---------------------------------------------------------------- alignment


# The few reference texts a run aligns against again and again: 16 tables of a few thousand
# 4-grams each, about 10 MiB.
@functools.lru_cache(maxsize=16)
def _ref_grams(ix: SpdxIndex, g: int) -> _Grams:
    return _unique_grams(ix.tokens(g), _ANCHOR)


@functools.cache
def _sequence_matcher() -> Any:
    """difflib's SequenceMatcher in C (cydifflib: the same matching blocks, several times faster),
    imported when a text first needs aligning (an exact text never does)."""
    try:
        from cydifflib import SequenceMatcher
    except ImportError:  # pragma: no cover - a platform without its wheel
        from difflib import SequenceMatcher
    return SequenceMatcher


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of `pairs` (sorted by first) increasing in second."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    out.reverse()
    return out


_Grams = dict[tuple[int, ...], int]


def _unique_grams(a: Sequence[int], k: int) -> dict[tuple[int, ...], int]:
    """The k-grams that occur once in `a`, each with its position."""
    grams = list(zip(*(a[s:] for s in range(k)), strict=False)) if k > 1 else [(t,) for t in a]
    counts = Counter(grams)
    pos = {g: i for i, g in enumerate(grams)}
    return {g: pos[g] for g, n in counts.items() if n == 1}


def _anchors(a: Sequence[int], b: Sequence[int], k: int) -> list[tuple[int, int, int]]:
    """Blocks (i, j, n) from k-grams that occur once in each sequence, in order."""
    if len(a) < k or len(b) < k:
        return []
    return _anchor_blocks(_unique_grams(a, k), _unique_grams(b, k), k)


def _anchor_blocks(
    ua: dict[tuple[int, ...], int], ub: dict[tuple[int, ...], int], k: int
) -> list[tuple[int, int, int]]:
    """Blocks (i, j, n) from the k-grams unique in both sequences (`_unique_grams` of each)."""
    common = ua.keys() & ub.keys()
    pairs = sorted(zip(map(ua.__getitem__, common), map(ub.__getitem__, common), strict=True))
    blocks: list[tuple[int, int, int]] = []
    for i, j in _lis(pairs):
        if blocks:
            bi, bj, bn = blocks[-1]
            if i - bi == j - bj and i <= bi + bn:  # same diagonal, touching: extend
                blocks[-1] = (bi, bj, max(bn, i + k - bi))
                continue
            shift = max(bi + bn - i, bj + bn - j, 0)
            if shift >= k:
                continue
            i, j, n = i + shift, j + shift, k - shift
        else:
            n = k
        blocks.append((i, j, n))
    return blocks


def _shared_ends(a: Sequence[int], b: Sequence[int]) -> tuple[int, int]:
    """The lengths of the start and of the end (not overlapping it) that a and b share."""
    na, nb = len(a), len(b)
    p = 0
    while p < na and p < nb and a[p] == b[p]:
        p += 1
    s = 0
    while s < na - p and s < nb - p and a[na - 1 - s] == b[nb - 1 - s]:
        s += 1
    return p, s


def _fill(
    a: Sequence[int], b: Sequence[int], alo: int, blo: int, k: int, out: list[tuple[int, int, int]]
) -> None:
    """Matching blocks between a and b (offsets alo/blo added), appended to out."""
    na, nb = len(a), len(b)
    if not na or not nb:
        return
    p, s = _shared_ends(a, b)  # a common start and end cost nothing to take
    if p:
        out.append((alo, blo, p))
    ma, mb = a[p : na - s], b[p : nb - s]
    if ma and mb:
        if len(ma) * len(mb) <= _DIFFLIB_MAX_CELLS:
            sm = _sequence_matcher()(None, ma, mb, autojunk=False)
            for i, j, n in sm.get_matching_blocks():
                if n:
                    out.append((alo + p + i, blo + p + j, n))
        elif k > 0:
            anchors = _anchors(ma, mb, k)
            pi = pj = 0
            for i, j, n in anchors:
                _fill(ma[pi:i], mb[pj:j], alo + p + pi, blo + p + pj, k - 1 if k > 1 else 0, out)
                out.append((alo + p + i, blo + p + j, n))
                pi, pj = i + n, j + n
            _fill(ma[pi:], mb[pj:], alo + p + pi, blo + p + pj, k - 1 if k > 1 else 0, out)
    if s:
        out.append((alo + na - s, blo + nb - s, s))


# Share of the shorter sequence that a common start and end must cover to be taken whole.
_SHARED_ENDS = 0.5


def _matching_blocks(
    a: Sequence[int], b: Sequence[int], grams: Callable[[], tuple[_Grams, _Grams]] | None = None
) -> list[tuple[int, int, int]]:
    """`grams`: the `_unique_grams` of a and b (kept across candidates by the caller)."""
    out: list[tuple[int, int, int]] = []
    if len(a) * len(b) <= _DIFFLIB_MAX_CELLS:
        _fill(a, b, 0, 0, 0, out)
        return out
    # A text that is its reference with a few changes shares a long start and end with it:
    # taken whole, only the words between them are aligned.
    na, nb = len(a), len(b)
    p, s = _shared_ends(a, b)
    if p + s >= _SHARED_ENDS * min(na, nb):
        if p:
            out.append((0, 0, p))
        out.extend((i + p, j + p, n) for i, j, n in _matching_blocks(a[p : na - s], b[p : nb - s]))
        if s:
            out.append((na - s, nb - s, s))
        return out
    pi = pj = 0
    anchors = _anchors(a, b, _ANCHOR) if grams is None else _anchor_blocks(*grams(), _ANCHOR)
    for i, j, n in anchors:
        _fill(a[pi:i], b[pj:j], pi, pj, 1, out)
        out.append((i, j, n))
        pi, pj = i + n, j + n
    _fill(a[pi:], b[pj:], pi, pj, 1, out)
    return out


def _changes(blocks: list[tuple[int, int, int]], la: int, lb: int) -> list[tuple[int, int, int, int, int]]:
    """Change regions (i1, i2, j1, j2, inner) between sorted blocks.

    Equal runs shorter than _MERGE_EQUAL_BELOW between two changes (a stray
    "the" that difflib aligned inside a rewritten clause) join them into one;
    `inner` counts the equal words so absorbed.
    """
    regions: list[tuple[int, int, int, int, int]] = []
    pi = pj = 0
    for i, j, n in [*blocks, (la, lb, 0)]:
        if i > pi or j > pj:
            if regions:
                ri1, ri2, rj1, rj2, inner = regions[-1]
                gap = pi - ri2
                if gap < _MERGE_EQUAL_BELOW and pj - rj2 == gap:
                    regions[-1] = (ri1, i, rj1, j, inner + gap)
                    pi, pj = i + n, j + n
                    continue
            regions.append((pi, i, pj, j, 0))
        pi, pj = i + n, j + n
    return regions


# ---------------------------------------------------------------- classification


def _find(words: Sequence[str] | Sequence[int], phrase: Sequence[str] | Sequence[int]) -> int:
    """Index of the first occurrence of `phrase` in `words`, or -1."""
    n = len(phrase)
    first = phrase[0]
    for k in range(len(words) - n + 1):
        if words[k] == first and tuple(words[k : k + n]) == tuple(phrase):
            return k
    return -1


def _is_small_variation(ref: list[str], txt: list[str], context: Sequence[str] = ()) -> bool:
    """Whether a change is template-variable text rather than a change of terms.

    `context`: the reference words around the change; a postal address there
    (the FSF moved twice) lets numbers differ.
    """
    if not (any(w[0].isdigit() for w in ref) and any(w[0].isdigit() for w in txt)):
        # List numbering a reflow moved off a line start ("3. REQUIREMENTS 3.1
        # If"): drop it, unless a number was replaced by another number.
        ref = [w for w in ref if not _ENUMERATOR_RE.fullmatch(w)]
        txt = [w for w in txt if not _ENUMERATOR_RE.fullmatch(w)]
    if ref == txt:
        return True
    if ref and txt:
        if len(ref) > _MAX_VAR_REF or len(txt) > _MAX_VAR_TEXT:
            return False
        sr, st = set(ref), set(txt)
        if (sr ^ st) & _RESTRICTIVE:
            return False
        digits_r = {w for w in sr if w[0].isdigit()}
        digits_t = {w for w in st if w[0].isdigit()}
        return digits_r == digits_t or not _ADDRESS.isdisjoint(sr | st | set(context))
    if len(txt or ref) > _MAX_SMALL_INDEL:
        return False
    if txt:  # inserted: a name or a few neutral words
        return not any(w in _RESTRICTIVE or w[0].isdigit() for w in txt)
    return all(w in _FILLER or _ENUMERATOR_RE.fullmatch(w) for w in ref)


def _appendix_rest(
    tail_ids: Sequence[int], ids: list[int], words: Sequence[str], j1: int, j2: int
) -> list[tuple[int, int]] | None:
    """Inserted words [j1, j2) that are mostly the reference's appendix text
    (runs of >= _MIN_MOVED_RUN words in order): the ranges that are not, or
    None when the insertion is not appendix text."""
    sm = _sequence_matcher()(None, tail_ids, ids[j1:j2], autojunk=False)
    covered = 0
    rest: list[tuple[int, int]] = []
    pb = 0
    for _, b, n in sm.get_matching_blocks():
        if n and n < _MIN_MOVED_RUN:
            continue  # a stray common word, not a copied run
        if b > pb:
            # A gap: a filled-in placeholder ("<one line to give the program's
            # name ...>") or added words.
            gap = words[j1 + pb : j1 + b]
            if len(gap) > _MAX_VAR_TEXT or not _RESTRICTIVE.isdisjoint(gap):
                rest.append((j1 + pb, j1 + b))
        covered += n
        pb = b + n
    return rest if covered >= 0.6 * (j2 - j1) else None


def _evaluate(
    ix: SpdxIndex,
    g: int,
    ref_ids: Sequence[int],
    ref_words: list[str],
    text: NormalizedText,
    ids: list[int],
    text_grams: Callable[[], _Grams] | None = None,
) -> _Eval:
    group = ix.groups[g]
    la, lb = len(ref_ids), len(ids)
    grams = None if text_grams is None else lambda: (_ref_grams(ix, g), text_grams())
    blocks = _matching_blocks(ref_ids, ids, grams)
    blocks.sort()
    matched = bytearray(lb)
    m = 0
    for _, j, n in blocks:
        matched[j : j + n] = b"\x01" * n
        m += n
    # Reference words from `optional_from` on may be absent: the appendix after
    # "END OF TERMS AND CONDITIONS", or a licence's known optional part.
    optional_from = group.marker_start
    free_until = -1
    for lid in group.ids:
        if lid in _OPTIONAL_FROM:
            k = _find(ref_words, _OPTIONAL_FROM[lid])
            if k >= 0:
                optional_from = min(optional_from, k)
        if lid in _FREE_PREAMBLE_UNTIL:
            free_until = _find(ref_words, _FREE_PREAMBLE_UNTIL[lid])

    words = text.words
    ref_missing_ok = 0  # reference words allowed to be absent (appendix, optional part)
    ref_allowed = 0  # reference words differing in an allowed way (counted as covered)
    txt_allowed = 0
    added: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    for i1, i2, j1, j2, inner in _changes(blocks, la, lb):
        # The optional tail: its absence is fine, the text's own words there are judged below.
        if i2 > optional_from:
            cut = max(i1, optional_from)
            ref_missing_ok += i2 - cut
            i2 = cut
        rspan = ref_words[i1:i2]
        tspan = list(words[j1:j2])
        if i2 <= group.header_len and j2 <= text.header_len:
            # Title lines: another title is fine, a title that adds terms
            # ("NOT FOR COMMERCIAL USE") is not.
            allowed = not ((set(tspan) - set(rspan)) & _RESTRICTIVE)
        elif free_until >= 0 and i1 <= free_until and i2 <= free_until + 1:
            allowed = True  # the licence's own free-form preamble (BUSL parameters)
        else:
            allowed = _is_small_variation(
                rspan, tspan, ref_words[max(0, i1 - 3) : i1] + ref_words[i2 : i2 + 3]
            )
        if not allowed and i1 == i2 and j2 - j1 >= _MIN_MOVED and group.tail_start < la:
            rest = _appendix_rest(ref_ids[group.tail_start :], ids, words, j1, j2)
            if rest is not None:
                # The appendix's notice, placed elsewhere (a GPL notice on top).
                txt_allowed += j2 - j1 - inner - sum(b - a for a, b in rest)
                added.extend(rest)
                continue
        if allowed:  # the region's own equal words are already counted in m
            ref_allowed += max(0, i2 - i1 - inner)
            txt_allowed += j2 - j1 - inner
        else:
            if i2 > i1:
                removed.append((i1, i2))
            if j2 > j1:
                added.append((j1, j2))
    m_req = sum(max(0, min(i + n, optional_from) - i) for i, _, n in blocks)
    la_eff = la - ref_missing_ok
    ref_cov = (m_req + ref_allowed) / optional_from if optional_from else 0.0
    txt_cov = (m + txt_allowed) / lb if lb else 0.0
    denom = la_eff + lb
    score = (2 * m + ref_allowed + txt_allowed) / denom if denom else 0.0
    raw = 2 * m / denom if denom else 0.0
    return _Eval(g, min(score, 1.0), raw, min(ref_cov, 1.0), min(txt_cov, 1.0), added, removed, matched)


# ---------------------------------------------------------------- results


def _choose_id(ids: tuple[str, ...], text: str, words: Sequence[str], matched: bytearray) -> str:
    """Pick the id of a group of identical texts (GPL -only / -or-later, SPDX tags)."""
    tag = _SPDX_ID_RE.search(text)
    if tag:
        named = lookup_id(tag.group(1))
        if named in ids:
            return named
        if tag.group(1).endswith("+"):
            later = lookup_id(tag.group(1)[:-1] + "-or-later")
            if later in ids:
                return later
    best = ids[0]
    if best.endswith("-only") and best[:-5] + "-or-later" in ids:
        # The text alone cannot tell -only from -or-later; a licence notice
        # that the reference does not contain ("or (at your option) any later
        # version") can.
        for phrase in _LATER_PHRASES:
            n = len(phrase)
            for k in range(len(words) - n + 1):
                if (
                    words[k] == phrase[0]
                    and tuple(words[k : k + n]) == phrase
                    and not all(matched[k : k + n])
                ):
                    return best[:-5] + "-or-later"
    return best


@functools.lru_cache(maxsize=16)
def _reference(ix: SpdxIndex, g: int) -> tuple[str, NormalizedText, list[tuple[int, int]]]:
    """A reference text, its normalisation and its sentences (to quote what a text removed)."""
    text = ix.text(g)
    return text, normalize(text), sentence_spans(text)


def _sentences(text: str, offsets: list[int], spans: list[tuple[int, int]] | None = None) -> tuple[str, ...]:
    """The sentences of `text` that contain any of the character offsets, in order (`spans`:
    the text's `sentence_spans`, when the caller has them)."""
    if not offsets:
        return ()
    spans = sentence_spans(text) if spans is None else spans
    starts = [s for s, _ in spans]
    chosen: list[int] = []
    for off in sorted(set(offsets)):
        k = bisect.bisect_right(starts, off) - 1
        if k >= 0 and off < spans[k][1] and (not chosen or chosen[-1] != k):
            chosen.append(k)
    return tuple(" ".join(text[spans[k][0] : spans[k][1]].split()) for k in dict.fromkeys(chosen))


def _result(
    ix: SpdxIndex, ev: _Eval, text: str, norm: NormalizedText, entries: Mapping[str, CatalogEntry]
) -> SpdxMatch:
    group = ix.groups[ev.group]
    lid = _choose_id(group.ids, text, norm.words, ev.matched)
    entry = entries[lid]
    cut_short = _cut_short(ix, ev)
    if cut_short:
        ev = ev._replace(added=[])  # a last word cut in two adds no terms
    added = _sentences(text, [norm.starts[j] for j1, j2 in ev.added for j in range(j1, j2)])
    removed: tuple[str, ...] = ()
    if ev.removed:
        ref_text, ref_norm, ref_spans = _reference(ix, ev.group)
        if len(ref_norm.starts) == len(group.tokens) // array(ix.typecode).itemsize:
            removed = _sentences(
                ref_text, [ref_norm.starts[i] for i1, i2 in ev.removed for i in range(i1, i2)], ref_spans
            )
        else:  # index built by another normaliser: show the words themselves
            removed = tuple(" ".join(ref_norm.words[i1:i2]) for i1, i2 in ev.removed)
    return SpdxMatch(
        id=lid,
        name=entry.name,
        score=round(ev.score, 4),
        osi_approved=entry.osi_approved,
        fsf_libre=entry.fsf_libre,
        deprecated=entry.deprecated,
        modified=bool(ev.added or ev.removed),
        added_text=added,
        removed_text=removed,
        cut_short=cut_short,
    )


def _cut_short(ix: SpdxIndex, ev: _Eval) -> bool:
    """Whether the text is the reference up to some point, the rest missing (a last word cut in
    two aside), with no other change."""
    group = ix.groups[ev.group]
    required_end = min(group.marker_start, len(group.tokens) // array(ix.typecode).itemsize)
    lb = len(ev.matched)
    return len(ev.removed) == 1 and ev.removed[0][1] >= required_end and ev.added in ([], [(lb - 1, lb)])


def _encode(ix: SpdxIndex, words: Sequence[str]) -> tuple[list[int], bool]:
    """Vocabulary numbers of `words` (new numbers for unknown words); whether any was unknown."""
    vocab = ix.vocab
    base = len(vocab)
    extra: dict[str, int] = {}
    found: list[int | None] = list(map(vocab.get, words))
    if None not in found:
        return found, False  # type: ignore[return-value]  # every word is in the vocabulary
    ids = [extra.setdefault(words[k], base + len(extra)) if t is None else t for k, t in enumerate(found)]
    return ids, True


def _best(
    ix: SpdxIndex,
    norm: NormalizedText,
    ids: list[int],
    exclude: frozenset[int] = frozenset(),
    prune: bool = True,
) -> _Eval | None:
    """The closest SPDX text by aligned words, thresholds not applied.

    `prune` skips candidates that cannot reach the thresholds (off only to
    measure how close the nearest other licence comes).
    """
    base = len(ix.vocab)
    groups = ix.groups
    # Word-set Dice against every distinct SPDX text: one AND + popcount each.
    bits = bytearray((base + 8) // 8)
    distinct = set(ids)
    for t in distinct:
        if t < base:
            bits[t >> 3] |= 1 << (t & 7)
    mask = int.from_bytes(bits, "little")
    n_distinct = len(distinct)
    # The intersections in C (map), then one pass to score them.
    shared = map(int.bit_count, map(mask.__and__, ix.masks))
    dice = [(2 * c / (n_distinct + d), g) for g, (c, d) in enumerate(zip(shared, ix.n_distinct, strict=True))]
    if exclude:
        dice = [x for x in dice if x[1] not in exclude]
    top = heapq.nlargest(_MAX_CANDIDATES, dice)
    if not top or top[0][0] <= 0:
        return None
    # Cheap bounds before the alignment: word counts shared with the text
    # (multiset intersection) bound the aligned words from above.
    lb = len(ids)
    text_counts = Counter(ids)
    ranked: list[tuple[float, int, array[int]]] = []
    for d, g in top:
        if d < top[0][0] - _DICE_WINDOW:
            break
        group = groups[g]
        main = group.marker_start
        special = any(lid in _FREE_PREAMBLE_UNTIL or lid in _OPTIONAL_FROM for lid in group.ids)
        ref_ids = ix.tokens(g)
        if prune:  # lengths alone can rule it out
            min_len = _PRUNE_REF * main * (0.5 if special else 1)
            if lb < min_len or len(ref_ids) * (_MAX_PREAMBLE_RATIO if special else 1) < _PRUNE_TEXT * lb:
                continue
        inter = _shared(_ref_counts(ix, g, None), text_counts)
        if prune and not special:
            inter_main = inter if main == len(ref_ids) else _shared(_ref_counts(ix, g, main), text_counts)
            if inter_main < _PRUNE_REF * main or inter < _PRUNE_TEXT * lb:
                continue
        ranked.append((2 * inter / (main + lb), g, ref_ids))
    ranked.sort(key=lambda r: r[0], reverse=True)
    best: _Eval | None = None
    text_grams = functools.cache(lambda: _unique_grams(ids, _ANCHOR))  # once for all candidates
    for bound, g, ref_ids in ranked:
        if best is not None and bound < best.raw:
            break  # cannot align more words than the best so far
        ev = _evaluate(ix, g, ref_ids, _words_of(ix, ref_ids), norm, ids, text_grams)
        # The closest text wins: words aligned, not allowances, decide.
        if best is None or (ev.raw, ev.score) > (best.raw, best.score):
            best = ev
    return best


def identify_exact(
    text: str,
    norm: NormalizedText | None = None,
    exact: Mapping[bytes, tuple[str, ...]] | None = None,
    entries: Mapping[str, CatalogEntry] | None = None,
) -> SpdxMatch | None:
    """The SPDX licence whose text `text` is, after normalisation, or None: a digest lookup in a
    small table, without loading the match data. `exact` and `entries`: another catalogue's
    table (the LicenseDB)."""
    norm = norm or normalize(text)
    if len(norm.words) < 3:
        return None
    ids = exact_ids(norm.words) if exact is None else exact.get(words_digest(norm.words))
    if ids is None:
        return None
    lid = _choose_id(ids, text, norm.words, bytearray(b"\x01" * len(norm.words)))
    entry = (entries if entries is not None else catalog())[lid]
    return SpdxMatch(
        id=lid,
        name=entry.name,
        score=1.0,
        osi_approved=entry.osi_approved,
        fsf_libre=entry.fsf_libre,
        deprecated=entry.deprecated,
        modified=False,
        added_text=(),
        removed_text=(),
    )


def identify(
    text: str,
    norm: NormalizedText | None = None,
    index: SpdxIndex | None = None,
    entries: Mapping[str, CatalogEntry] | None = None,
    exact_table: Mapping[bytes, tuple[str, ...]] | None = None,
) -> SpdxMatch | None:
    """The SPDX licence `text` is (possibly modified), or None for an unknown licence. `norm`:
    the text's normalisation, when the caller has it already. `index`, `entries`, `exact_table`:
    another catalogue of texts in the same form (the LicenseDB)."""
    norm = norm or normalize(text)
    if len(norm.words) < 3:
        return None
    exact = identify_exact(text, norm, exact_table, entries)
    if exact is not None:
        return exact
    ix = index if index is not None else load_index()
    entries = entries if entries is not None else catalog()
    ids, _ = _encode(ix, norm.words)
    best = _best(ix, norm, ids)
    if best is None or best.text_coverage < MIN_TEXT_COVERAGE:
        return None
    subset = best.text_coverage >= SUBSET_TEXT_COVERAGE and best.ref_coverage >= SUBSET_REFERENCE_COVERAGE
    if best.ref_coverage < MIN_REFERENCE_COVERAGE and not subset:
        return None
    return _result(ix, best, text, norm, entries)


def closest_other(text: str, exclude_id: str) -> tuple[str, float, float, float] | None:
    """(id, aligned-word Dice, reference coverage, text coverage) of the closest
    SPDX licence other than `exclude_id`'s group, thresholds not applied.
    For measuring thresholds (bench/bench_matcher.py)."""
    ix = load_index()
    norm = normalize(text)
    ids, _ = _encode(ix, norm.words)
    exclude = frozenset(g for g, grp in enumerate(ix.groups) if exclude_id in grp.ids)
    best = _best(ix, norm, ids, exclude, prune=False)
    if best is None:
        return None
    return ix.groups[best.group].ids[0], best.raw, best.ref_coverage, best.text_coverage


def _shared(a: Counter[int], b: Counter[int]) -> int:
    """Size of the multiset intersection of two word counts."""
    if len(a) > len(b):
        a, b = b, a  # over the fewer distinct words
    get = b.get
    return sum(min(c, get(t, 0)) for t, c in a.items())


# Word counts of reference texts (or of their words up to a marker): the same references are
# ranked against every text of a run.
@functools.lru_cache(maxsize=4096)
def _ref_counts(ix: SpdxIndex, g: int, upto: int | None) -> Counter[int]:
    return Counter(ix.tokens(g)[:upto])


_reverse_vocab: dict[int, list[str]] = {}  # per index (SPDX, LicenseDB): number -> word


def _words_of(ix: SpdxIndex, ref_ids: Sequence[int]) -> list[str]:
    rev = _reverse_vocab.get(id(ix.vocab))
    if rev is None or len(rev) != len(ix.vocab):
        rev = [""] * len(ix.vocab)
        for w, k in ix.vocab.items():
            rev[k] = w
        _reverse_vocab[id(ix.vocab)] = rev
    return [rev[t] for t in ref_ids]


@functools.lru_cache(maxsize=32)
def reference_trigrams(license_id: str) -> frozenset[tuple[str, str, str]]:
    """The word trigrams of a catalogued licence's reference text (the SPDX texts; the LicenseDB's
    when it named the licence and is loaded), empty when there is none: how much of a piece of
    text a licence's own text holds."""
    ix = load_index()
    g = _group_of(ix, license_id)
    if g is None and license_id.startswith("LicenseRef-scancode-"):
        from openwash.licenses import licensedb

        db = licensedb.loaded()
        if db is not None:
            ix = db.index
            g = _group_of(ix, license_id)
    if g is None:
        return frozenset()
    return word_trigrams(_words_of(ix, ix.tokens(g)))


def word_trigrams(words: Sequence[str]) -> frozenset[tuple[str, str, str]]:
    return frozenset(zip(words, words[1:], words[2:], strict=False))


_group_ids: dict[int, dict[str, int]] = {}  # per index: licence id -> group


def _group_of(ix: SpdxIndex, license_id: str) -> int | None:
    table = _group_ids.get(id(ix.groups))
    if table is None:
        table = {lid: g for g, group in enumerate(ix.groups) for lid in group.ids}
        _group_ids[id(ix.groups)] = table
    return table.get(license_id)

"""What a licence text or a licence label is: one answer from the SPDX matcher, the named AI
licences and the Hugging Face licence ids."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from openwash.licenses import ai
from openwash.memo import TextMemo
from openwash.vocabulary import UNKNOWN_LICENCE

if TYPE_CHECKING:
    from openwash.licenses.matcher import SpdxMatch
    from openwash.licenses.normalize import NormalizedText

UNKNOWN = UNKNOWN_LICENCE

# Hugging Face ids that name a family, not one licence (ECOSYSTEM.md, "Hugging Face model cards").
HF_FAMILY_IDS = {"bsd", "gpl", "lgpl", "agpl", "cc", "openrail", "other", "unknown", "apple-ascl"}
# Hugging Face ids whose SPDX spelling differs by more than case.
_HF_TO_SPDX = {
    "gpl": None,
    "lgpl-lr": "LGPL-LR",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "bsd-3-clause-clear": "BSD-3-Clause-Clear",
    "afl-3.0": "AFL-3.0",
    "ecl-2.0": "ECL-2.0",
    "c-uda": "C-UDA-1.0",
    "pddl": "PDDL-1.0",
    "odc-by": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "cdla-permissive-2.0": "CDLA-Permissive-2.0",
    "wtfpl": "WTFPL",
    "gpl-3.0": "GPL-3.0-only",
    "gpl-2.0": "GPL-2.0-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "lgpl-2.1": "LGPL-2.1-only",
    "agpl-3.0": "AGPL-3.0-only",
}


@dataclass(frozen=True)
class TextIdentity:
    """What a licence text was identified as, and how closely it matches."""

    id: str
    name: str
    score: float
    osi_approved: bool
    modified: bool
    added_text: tuple[str, ...]
    removed_text: tuple[str, ...]
    ai: ai.AiLicense | None
    spdx_id: str | None  # the SPDX licence the text is (or is based on), if any
    # The text is (or is based on) a licence known to be free: OSI-approved, FSF-libre, an open
    # data licence the Model Openness Tool accepts, or a free LicenseDB category. Others are judged
    # by their clauses alone; for a modified text the added sentences decide.
    known_open: bool = False
    # The ScanCode LicenseDB category, when the text was named from it (Permissive, Source-available...).
    category: str | None = None
    # Named by a catalogue (SPDX, the named AI licences, the LicenseDB); False for a licence named
    # only by its own title (LicenseRef-<slug>) and for unknown texts.
    catalogued: bool = True
    # A file holding several licences: each with its lines, the main (first) one marked. The
    # identity's own fields are the main licence's (osi_approved, known_open: all sections').
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Section:
    """One licence within a file that holds several, with its lines."""

    line_start: int
    line_end: int
    identity: TextIdentity
    main: bool


def identify_text(text: str) -> TextIdentity:
    """Name a licence text: a named AI licence by its own terms, else the SPDX list, else the
    ScanCode LicenseDB, else by its own title; a file holding several licences names each."""
    return _memo.get(text, "file", lambda: _identify_file(text))


def _identify_file(text: str) -> TextIdentity:
    from openwash.licenses import sections

    blocks = sections.blocks(text)
    # A file that names two licences by their titles is read licence by licence first: aligning a
    # pile of licences as one text costs the most and names nothing. (A named AI licence the
    # whole file is, by its title, is that licence, as a file of one licence is.)
    pile = sum(sections.starts_licence(b.text) for b in blocks) >= 2 and ai.identify_ai(text) is None
    split = (_whole_texts(text) or _sections(text, blocks)) if pile else None
    if split is None:
        whole = _identify_one(text)
        if whole.catalogued and sum(len(a.split()) for a in whole.added_text) < _LICENCE_MIN_WORDS:
            return whole  # as it stands, or with a sentence or two added: no second licence in it
        split = _whole_texts(text) or _sections(text, blocks)
        if split is None:
            return whole
    main = next(s for s in split if s.main).identity
    return replace(
        main,
        osi_approved=all(s.identity.osi_approved for s in split),
        known_open=all(s.identity.known_open for s in split),
        sections=split,
    )


# Fewer words added to a catalogued text than the shortest licence (the WTFPL's ~40) hold no
# licence of their own: such a file is not cut into licences.
_LICENCE_MIN_WORDS = 40
# Blocks are identified one by one: a bound keeps the cost of a long document linear.
_MAX_BLOCKS = 120
# A piece belongs to a licence when this share of its word trigrams is in the licence's own text.
_BELONGS = 0.5


def _sections(text: str, blocks: list[Any]) -> tuple[Section, ...] | None:
    """The licences of a file that holds several, or None.

    The file is first cut where a licence's own name heads a block; a part that a catalogue names
    as it stands is one licence. The rest is read block by block: blocks that a catalogue names
    anchor the licences, and the blocks between two anchors (a licence's title, preamble or
    appendix, cut off by its own headings) go to the licence whose text holds them; a run that
    neither holds is named as one text (a licence whose parts name nothing alone); if it names
    nothing, a licence title in it starts the licence below."""
    if len(blocks) < 2:
        return None
    lines = text.split("\n")
    found = _by_licence_names(blocks, lines)
    if found is None:
        return None  # a document too long to be a pile of licence texts
    blocks, named = found
    anchors = [k for k, ident in enumerate(named) if ident.catalogued]
    if not anchors:
        return None
    grams: dict[int, frozenset[tuple[str, str, str]]] = {}  # per block, for both passes
    groups = _group(blocks, lines, anchors, named, grams)
    idents = [_name_group(blocks, lines, named, g) for g in groups]
    # Again with each licence as its whole text names it: a piece's closest text may be a relative
    # (a part of the GPL named as the SSPL) that lacks the licence's own title or appendix.
    refs = list(named)
    for group, ident in zip(groups, idents, strict=True):
        for k in group:
            if k in anchors and ident.catalogued:
                refs[k] = ident
    if refs != named:
        again = _group(blocks, lines, anchors, refs, grams)
        if again != groups:
            groups, idents = again, [_name_group(blocks, lines, named, g) for g in again]
    if len(groups) < 2:
        return None
    return tuple(
        Section(blocks[g[0]].line_start, blocks[g[-1]].line_end, ident, n == 0)
        for n, (g, ident) in enumerate(zip(groups, idents, strict=True))
    )


def _whole_texts(text: str) -> tuple[Section, ...] | None:
    """The licences of a file that holds whole SPDX texts, found word for word
    (`openwash.licenses.inside`) without reading them one by one, and what stands between them;
    None unless it holds at least one such text and two licences in all.

    What stands between two texts is read as a text of its own, after the paragraphs of headings
    that end it (they head the text below; a title adds no terms): a licence a catalogue names,
    or terms under a title of their own that end the file or are as long as a licence, are one
    more licence; other words (a note, a condition) are sentences added to the text above them
    (before the first text, below: its title or preamble), and their analysis decides."""
    from bisect import bisect_right

    from openwash.licenses import inside
    from openwash.licenses.normalize import NormalizedText, normalize, split_sentences
    from openwash.licenses.spdx_index import load_index

    norm = normalize(text)
    found = inside.whole_texts(norm.words, load_index())
    if not found:
        return None
    lines = text.split("\n")
    at = [0, *itertools.accumulate(len(ln) + 1 for ln in lines)]  # at[i]: where line i + 1 starts

    def line_of(k: int) -> int:  # 1-based line of word k
        return bisect_right(at, norm.starts[k])

    spans = [(line_of(f.start), line_of(f.end - 1)) for f in found]  # each text's first and last line
    if any(b >= a for (_, b), (a, _) in itertools.pairwise(spans)):
        return None  # two texts on one line: no line to cut at
    idents: list[TextIdentity] = []
    added: list[list[str]] = [[] for _ in found]
    for n, (f, (a, b)) in enumerate(zip(found, spans, strict=True)):
        chunk = "\n".join(lines[a - 1 : b])
        # The text's own words (proved word for word), at offsets in the chunk.
        words = norm.words[f.start : f.end]
        own = NormalizedText(
            words, tuple(map(at[a - 1].__rsub__, norm.starts[f.start : f.end])), len(words), len(words), 0
        )
        idents.append(_memo.get(chunk, "whole", functools.partial(_identify_uncached, chunk, own)))
        # Words on the text's own first or last line, before or after it ("Terms of the MIT License:").
        tail = f.end < len(norm.words) and line_of(f.end) == b  # the next word is on its last line
        for part in (
            text[at[a - 1] : norm.starts[f.start]],
            text[norm.starts[f.end] : at[b] - 1] if tail else "",
        ):
            if _has_letters(part) and not _heading(part):
                added[n].append(" ".join(part.split()))
    firsts = [a for a, _ in spans]
    lasts = [b for _, b in spans]
    extra: list[Section] = []  # licences between the texts
    gaps = [(1, firsts[0] - 1), *((lasts[n - 1] + 1, firsts[n] - 1) for n in range(1, len(found)))]
    gaps.append((lasts[-1] + 1, len(lines)))
    read = 0  # gaps read as texts: each may cost a search of the catalogues
    for g, (a, b) in enumerate(gaps):
        end = g == len(found)  # after the last text
        # The text the gap's lines go with, unless they are a licence of their own: the one above
        # (a note continues it), or below for what comes before the first (its title, preamble).
        owner = g - 1 if g else 0
        gap = lines[a - 1 : b] if a <= b else []
        if not end:  # the paragraphs of headings that end it head the text below ("--- zlib ---")
            k = _heading_paragraphs(gap)
            firsts[g] = a + k
            gap = gap[:k]
        if not gap:
            continue
        if end and all(_heading(ln) for ln in gap if _has_words(ln)):
            lasts[-1] = len(lines)
            continue
        read += 1
        if read > _MAX_BLOCKS:
            return None  # more pieces than a pile of licence texts has: read block by block (bounded)
        ident = identify_text("\n".join(gap))
        # Terms under a title of their own: a licence, when they end the file or are as long as one.
        own_title = ident.id != UNKNOWN and (end or sum(len(ln.split()) for ln in gap) >= _LICENCE_MIN_WORDS)
        if ident.sections or ident.catalogued or own_title:
            parts = ident.sections or (Section(_first_line(gap, 1), len(gap), ident, True),)
            extra.extend(Section(s.line_start + a - 1, s.line_end + a - 1, s.identity, False) for s in parts)
            continue
        added[owner] += [
            t for _, _, t in split_sentences("\n".join(gap)) if _has_letters(t) and not _standard(t)
        ]
        if g:
            lasts[owner] = a + len(gap) - 1
        else:
            firsts[0] = a
    out = [
        Section(
            _first_line(lines, a),
            b,
            _retitled(
                "\n".join(lines[a - 1 : b]),
                replace(ident, modified=True, osi_approved=False, added_text=ident.added_text + tuple(more)),
            )
            if more
            else ident,
            False,
        )
        for a, b, ident, more in zip(firsts, lasts, idents, added, strict=True)
    ]
    out = sorted([*out, *extra], key=lambda s: s.line_start)
    if len(out) < 2:
        return None  # one licence: named as a whole
    return tuple(replace(s, main=k == 0) for k, s in enumerate(out))


def _heading_paragraphs(lines: list[str]) -> int:
    """Where the last paragraphs of `lines` that hold only headings begin (len(lines): none)."""
    k = cut = len(lines)
    while k:
        start = k
        while start and lines[start - 1].strip():
            start -= 1  # the paragraph lines[start:k]
        para = [ln for ln in lines[start:k] if _has_words(ln)]
        if not all(map(_heading, para)) or sum(len(ln.split()) for ln in lines[start:cut]) > _HEADINGS_WORDS:
            break
        cut = start
        k = start
        while k and not lines[k - 1].strip():
            k -= 1  # the blank lines above it
    return cut


def _has_words(line: str) -> bool:
    return any(c.isalnum() for c in line)


def _has_letters(sentence: str) -> bool:
    return any(c.isalpha() for c in sentence)  # not a rule, a quote mark or a number alone


# What a heading is: a licence's title or a copyright line (`_standard`), or a short line that
# names a component and states no terms; the headings above a text hold at most so many words.
_HEADING_LINE_WORDS = 8
_HEADINGS_WORDS = 40
_NOT_A_HEADING = re.compile(
    r"non-?commercial|commercial|research|evaluation|personal|academic|educational|\bonly\b|\bnot?\b"
    r"|prohibit|restrict|requir|\bmust\b|\bshall\b|\bmay\b|permi|grant|\bfees?\b|\bpa(?:y|id)\b|\buse",
    re.I,
)


def _heading(line: str) -> bool:
    bare = line.strip().strip(_RULE_ENDS)
    if _NOT_A_HEADING.search(bare.replace("-only", "")):  # an SPDX id's "-only" states no terms
        return False
    if _COPYRIGHT_SENTENCE.match(bare):
        return True
    if bare.endswith((".", ";", ":", ",")):
        return False  # the end of a sentence ("... limitations under the License.")
    return _standard(bare) or len(bare.split()) <= _HEADING_LINE_WORDS


def _first_line(lines: list[str], first: int) -> int:
    """The first line from `first` on (1-based) that is neither blank nor a rule ("-----")."""
    while first < len(lines) and not lines[first - 1].strip(_RULE_ENDS + "\t\r"):
        first += 1
    return first


def _by_licence_names(blocks: list[Any], lines: list[str]) -> tuple[list[Any], list[TextIdentity]] | None:
    """The blocks with each part from one licence's name to the next that a catalogue names, with
    nothing added (as it stands, or cut short), made one block; and what every block is. None for a
    document with more blocks left to name one by one than a pile of licences has."""
    from openwash.licenses.sections import Block, starts_licence

    starts = [k for k, b in enumerate(blocks) if k == 0 or starts_licence(b.text)]
    if len(starts) > _MAX_BLOCKS:
        return None
    out: list[Any] = []
    named: list[TextIdentity] = []
    for s, e in zip(starts, [*starts[1:], len(blocks)], strict=True):
        part = list(range(s, e))
        whole, ident = "", None  # the part as one text, and what it is (parts of two blocks or more)
        if len(starts) > 1 and len(part) > 1:
            whole = _block_text(blocks, lines, part)
            ident = _identify_one(whole)
            if ident.catalogued and not ident.added_text:
                out.append(Block(blocks[s].line_start, blocks[e - 1].line_end, whole, False))
                named.append(ident)
                continue
        if len(out) + len(part) > _MAX_BLOCKS:
            return None
        alone = [_identify_one(blocks[k].text) for k in part]
        if ident is not None and ident.catalogued and not any(i.catalogued for i in alone):
            # Named as a whole (with text added), and by no block of it alone: one licence.
            out.append(Block(blocks[s].line_start, blocks[e - 1].line_end, whole, False))
            named.append(ident)
            continue
        out.extend(blocks[k] for k in part)
        named.extend(alone)
    return out, named


def _group(
    blocks: list[Any],
    lines: list[str],
    anchors: list[int],
    refs: list[TextIdentity],
    grams: dict[int, frozenset[tuple[str, str, str]]],
) -> list[list[int]]:
    """Blocks grouped into licences, each anchor's licence known as `refs[anchor]`."""
    groups: list[list[int]] = []
    for a, b in zip([-1, *anchors], [*anchors, len(blocks)], strict=True):
        above = refs[a] if a >= 0 else None
        below = refs[b] if b < len(blocks) else None
        to_above, own, to_below = _split_run(blocks, lines, list(range(a + 1, b)), above, below, grams)
        if groups:
            groups[-1].extend(to_above)
        else:
            to_below = to_above + to_below  # nothing above: the first licence's title or preamble
        groups.extend(own)
        if b < len(blocks):
            groups.append([*to_below, b])
        elif groups:
            groups[-1].extend(to_below)
    return groups


def _block_text(blocks: list[Any], lines: list[str], group: list[int]) -> str:
    return "\n".join(lines[blocks[group[0]].line_start - 1 : blocks[group[-1]].line_end])


def _name_group(
    blocks: list[Any], lines: list[str], named: list[TextIdentity], group: list[int]
) -> TextIdentity:
    return named[group[0]] if len(group) == 1 else _identify_one(_block_text(blocks, lines, group))


def _split_run(
    blocks: list[Any],
    lines: list[str],
    run: list[int],
    above: TextIdentity | None,
    below: TextIdentity | None,
    grams: dict[int, frozenset[tuple[str, str, str]]],
) -> tuple[list[int], list[list[int]], list[int]]:
    """Blocks of `run` (between the licences `above` and `below`) that go to the licence above, the
    licences of their own among them, and the blocks that go to the licence below."""
    if not run:
        return [], [], []
    from openwash.licenses import sections
    from openwash.licenses.matcher import reference_trigrams, word_trigrams
    from openwash.licenses.normalize import normalize

    refs = [reference_trigrams(x.spdx_id or x.id) if x is not None else frozenset() for x in (above, below)]
    held: list[tuple[float, float]] = []
    for k in run:
        if k not in grams:
            grams[k] = word_trigrams(normalize(blocks[k].text).words)
        share = [len(grams[k] & r) / len(grams[k]) if grams[k] else 0.0 for r in refs]
        held.append((share[0], share[1]))
    # The split ([0, s1) above, [s1, s2) neither, [s2, n) below) that best agrees with what holds what.
    n = len(run)
    up = [0.0]  # up[i]: what the licence above holds of the first i blocks
    for h in held:
        up.append(up[-1] + h[0])
    down = [0.0] * (n + 1)  # down[i]: what the licence below holds from block i on
    for i in range(n - 1, -1, -1):
        down[i] = down[i + 1] + held[i][1]
    best = (-1.0, 0, 0)
    for s1 in range(n + 1 if above is not None else 1):
        for s2 in range(s1 if below is not None else n, n + 1):
            fit = up[s1] + _BELONGS * (s2 - s1) + down[s2]
            if fit > best[0]:
                best = (fit, s1, s2)
    _, s1, s2 = best
    middle, to_above, to_below = run[s1:s2], run[:s1], run[s2:]
    # Text neither licence holds: cut where a licence's own name heads a block; a piece that a
    # catalogue names (or, at the end of the file, that names itself) is a licence of its own, the
    # last piece otherwise heads the licence below, and any other continues the one before it.
    pieces: list[list[int]] = []
    for k in middle:
        if not pieces or sections.starts_licence(blocks[k].text):
            pieces.append([])
        pieces[-1].append(k)
    own: list[list[int]] = []
    for m, piece in enumerate(pieces):
        titled = sections.starts_licence(blocks[piece[0]].text)
        last = m == len(pieces) - 1
        if len(piece) > 1 and _identify_one(_block_text(blocks, lines, piece)).catalogued:
            own.append(piece)
        elif last and below is not None and (titled or (not own and above is None)):
            to_below = piece + to_below
        elif last and below is None and titled:
            own.append(piece)
        elif own:
            own[-1].extend(piece)
        elif above is not None:
            to_above.extend(piece)
        else:
            to_below = piece + to_below
    return to_above, own, to_below


# Texts already named in this process (vendored licences repeat): see openwash.memo. A whole
# file's answer (key "file") and a text's own (key None) apart: the parts of one file recur in others.
_memo: TextMemo[TextIdentity] = TextMemo(max_chars=8_000_000)


def _identify_one(text: str) -> TextIdentity:
    return _memo.get(text, None, lambda: _identify_uncached(text))


def _identify_uncached(text: str, norm: NormalizedText | None = None) -> TextIdentity:
    from openwash.licenses.matcher import identify, identify_exact
    from openwash.licenses.normalize import normalize

    norm = norm or normalize(text)  # once, for both lookups
    exact = identify_exact(text, norm)
    # An exact OSI-approved or FSF-libre text is no named AI licence (a test holds the catalogue
    # to that): one digest lookup names it, neither the catalogue nor the match data is needed.
    named = None if exact and (exact.osi_approved or exact.fsf_libre) else ai.identify_ai(text)
    if named is not None and named.base_spdx is None:
        # Titles and version lines identify these; there is no reference text to score against.
        return TextIdentity(named.id, named.name, 1.0, False, False, (), (), named, None)
    match = exact or identify(text, norm)
    if named is not None and match is not None:
        # A known SPDX licence with terms added: named by its own rule, reported as modified.
        return TextIdentity(
            named.id,
            named.name,
            match.score,
            False,
            True,
            match.added_text,
            match.removed_text,
            named,
            match.id,
        )
    category = None
    if match is None or (match.modified and not match.cut_short):
        # Not an SPDX text as it stands: the LicenseDB's texts (loaded only now) may hold it, or a
        # closer one (a standard notice the SPDX text lacks, a variant differing by a few words).
        # A copy cut short is its licence: a variant would differ within the text, not after it.
        from openwash.licenses import licensedb

        found = licensedb.identify(text, norm)
        if found is not None and (match is None or _closer(found[0], match)):
            match, category = found[0], found[1].category
    if match is None:
        return _uncatalogued(text)
    match = _without_standard_parts(match)
    free = match.osi_approved or match.fsf_libre or _open_data(match.id) or category in _free_categories()
    # The SPDX licence the text is based on (a LicenseDB text is no SPDX licence).
    spdx_id = match.id if category is None or not match.id.startswith("LicenseRef-") else None
    return _retitled(
        text,
        TextIdentity(
            match.id,
            match.name,
            match.score,
            match.osi_approved and not match.modified,
            match.modified,
            match.added_text,
            match.removed_text,
            None,
            spdx_id,
            free,
            category,
        ),
    )


def _retitled(text: str, ident: TextIdentity) -> TextIdentity:
    """A known text with terms added under a title of its own ("Noncommercial Use License" over
    the MIT text) is that licence, not the one it is based on; as for any modified text, the
    added sentences decide whether a free one stays free, and a catalogue's verdict on the text
    it is based on still holds."""
    if not (ident.modified and ident.added_text):
        return ident
    own = _own_title(text, ident.name, ident.id)
    if own is None:
        return ident
    return replace(
        own,
        score=ident.score,
        modified=True,
        added_text=ident.added_text,
        removed_text=ident.removed_text,
        spdx_id=ident.spdx_id,
        known_open=ident.known_open,
        category=ident.category,
    )


# Sentences a known text may carry without being modified: a filled-in copyright line ("Copyright
# (c) 2020, the respective contributors, as shown by the AUTHORS file.") and a short title line
# that adds no terms ("BSD 3-Clause License").
_COPYRIGHT_SENTENCE = re.compile(
    r"^\W{0,3}(?:[A-Z][a-z]+ ){0,2}(?:copyright\b|©|\(c\) ?\d)|^all rights reserved", re.I
)
_TITLE_SENTENCE = re.compile(r"^[\w .,()'-]{0,80}\blicen[cs]e\b[\w .()-]{0,60}$", re.I)
_RULE_ENDS = "-=*_#~ "  # a banner's rules ("----- LICENSE FOR bundled code -----")
_TERMS_WORD = re.compile(
    r"non-?commercial|research|evaluation|personal|academic|educational|\bonly\b|\bnot?\b|prohibit|restrict",
    re.I,
)


def _standard(sentence: str) -> bool:
    sentence = sentence.strip(_RULE_ENDS)
    if _COPYRIGHT_SENTENCE.match(sentence):
        return True
    return bool(_TITLE_SENTENCE.match(sentence)) and not _TERMS_WORD.search(sentence)


def _without_standard_parts(match: SpdxMatch) -> SpdxMatch:
    """The match with a filled-in copyright line and a plain title not counted as added terms."""
    added = tuple(a for a in match.added_text if not _standard(a))
    if added == match.added_text:
        return match
    return replace(match, added_text=added, modified=bool(added or match.removed_text))


def _closer(a: SpdxMatch, b: SpdxMatch) -> bool:
    """Whether match `a` is a better whole-text match than `b`: fewer changed sentences, then score."""
    return (len(a.added_text) + len(a.removed_text), -a.score) < (
        len(b.added_text) + len(b.removed_text),
        -b.score,
    )


def _free_categories() -> frozenset[str]:
    from openwash.licenses.licensedb import FREE_CATEGORIES

    return FREE_CATEGORIES


def _own_title(text: str, reference_name: str, reference_id: str) -> TextIdentity | None:
    from openwash.licenses import sections

    found = sections.title(text)
    if found is None:
        return None
    lid = sections.own_id(found[1])
    if lid is None or sections.slug(found[1]) in sections.slug(reference_name):
        return None
    if identify_label(found[1]).id == reference_id:
        return None  # the title names the same licence ("BSD 3-Clause License")
    from openwash.licenses.matcher import reference_trigrams, word_trigrams
    from openwash.licenses.normalize import normalize

    own = word_trigrams(normalize(found[1]).words)
    if own and own <= reference_trigrams(reference_id):
        return None  # the title the licence's own text carries ("Mozilla Public License Version 2.0")
    return TextIdentity(
        lid, found[1].strip(_RULE_ENDS), 1.0, False, False, (), (), None, None, catalogued=False
    )


def _uncatalogued(text: str) -> TextIdentity:
    """Terms no catalogue names: a stable id from their own title, else unknown."""
    from openwash.licenses import sections

    found = sections.title(text)
    lid = sections.own_id(found[1]) if found is not None else None
    if found is None or lid is None:
        return TextIdentity(
            UNKNOWN, "Unknown licence", 0.0, False, False, (), (), None, None, catalogued=False
        )
    return TextIdentity(
        lid, found[1].strip(_RULE_ENDS), 0.0, False, False, (), (), None, None, catalogued=False
    )


def _open_data(spdx_id: str) -> bool:
    from openwash.licenses.classes import mot_open

    return mot_open(spdx_id)


@dataclass(frozen=True)
class LabelIdentity:
    """The licence a card label or SBOM expression names."""

    id: str | None  # None: a family or "other"/"unknown" that names no one licence
    name: str
    ai: ai.AiLicense | None
    family_only: bool = False


def spdx_name(spdx_id: str) -> str:
    from openwash.licenses.spdx_index import catalog

    entry = catalog().get(spdx_id)
    return entry[0] if entry else spdx_id


def osi_approved(spdx_id: str) -> bool:
    from openwash.licenses.spdx_index import catalog

    entry = catalog().get(spdx_id)
    return bool(entry and entry[1])


def identify_label(label: str) -> LabelIdentity:
    """A licence as a card or SBOM names it: a Hugging Face id, an SPDX id, or a licence name."""
    from openwash.licenses.spdx_index import lookup_id

    raw = label.strip()
    key = raw.lower()
    named = ai.by_hf_id(key)
    if named is not None:
        return LabelIdentity(named.id, named.name, named)
    if key in _HF_TO_SPDX:
        mapped = _HF_TO_SPDX[key]
        if mapped:
            return LabelIdentity(mapped, spdx_name(mapped), None)
    spdx = lookup_id(raw) or _lookup_spelling(raw)
    if spdx is not None:
        return LabelIdentity(spdx, spdx_name(spdx), None)
    if key in HF_FAMILY_IDS:
        return LabelIdentity(None, raw, None, family_only=True)
    # A licence written out by name ("Apache 2.0", "Llama 2 Community License").
    flat = ai.flatten(raw)
    for lic in ai.catalog():
        if lic.matches(flat) or re.sub(r"[^a-z0-9]+", "", lic.name.lower()) == re.sub(
            r"[^a-z0-9]+", "", flat
        ):
            return LabelIdentity(lic.id, lic.name, lic)
    m = re.fullmatch(r"(apache|mit|bsd|gpl)[ -]?(?:license)?[ -]?v?(\d(?:\.\d)?)?(?: license)?", flat)
    if m:
        guess = {"apache": "Apache-2.0", "mit": "MIT"}.get(m.group(1))
        if guess:
            return LabelIdentity(guess, spdx_name(guess), None)
    return LabelIdentity(None, raw, None)


_SPELLING_SUFFIX = re.compile(r"(?:international)?(?:public)?(?:license|licence)?$")


def _lookup_spelling(label: str) -> str | None:
    """An SPDX id written with other separators or by its full name: "CC BY-NC-ND 4.0",
    "CC-BY-NC 4.0", "Creative Commons Attribution-NonCommercial 4.0 International"."""
    from openwash.licenses.spdx_index import catalog

    key = re.sub(r"[^a-z0-9+]", "", label.lower())
    if len(key) < 3:
        return None
    found = _spellings().get(key) or _spellings().get(_SPELLING_SUFFIX.sub("", key))
    return found if found in catalog() else None


@functools.cache
def _spellings() -> dict[str, str]:
    from openwash.licenses.spdx_index import catalog

    out: dict[str, str] = {}
    for lid, entry in catalog().items():
        if entry.deprecated:
            continue
        out.setdefault(re.sub(r"[^a-z0-9+]", "", lid.lower()), lid)
        name = re.sub(r"[^a-z0-9+]", "", entry.name.lower())
        out.setdefault(name, lid)
        out.setdefault(_SPELLING_SUFFIX.sub("", name), lid)
    return out


def same_licence(a: str | None, b: str | None) -> bool:
    """Two ids name the same licence (the same AI family counts: HF `llama2` vs the file's id)."""
    if a is None or b is None:
        return False
    if a.lower() == b.lower():
        return True
    la, lb = ai.by_id(a), ai.by_id(b)
    return bool(la and lb and la.id == lb.id)

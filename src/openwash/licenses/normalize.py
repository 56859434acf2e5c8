"""Licence text normalisation after the SPDX matching guidelines.

Both sides of a comparison (the SPDX reference texts and the text under test)
go through the same functions, so every choice here only has to be
consistent, not faithful to the typography of the original:

- words are lower-cased runs of letters/digits ("2.0" stays one word; each
  CJK character is a word); all punctuation is dropped, which makes dashes,
  quotes, comment prefixes, separator runs, bullets, Markdown emphasis and
  table bars vanish at once;
- list numbering at a line start ("1.", "(a)", "a)", "iv.", "Section 3.")
  and parenthesised enumerators anywhere ("(i)", "(2)") are dropped;
- copyright notices ("Copyright (c) 2023 Foo", "© Foo", "Copyright [yyyy]
  [name]", to the end of the holder's name: see _notice_end), "All rights
  reserved" and SPDX-License-Identifier tags are dropped;
- HTML tags, HTML entities and the URL of a Markdown link whose text is
  already a URL are dropped;
- equivalent words (licence/license, organisation/organization, https/http,
  "non commercial"/noncommercial, "&"/and, ...) map to one spelling.

Every word keeps the offset of its first character in the original text, so
differences can be shown as the original sentences (`split_sentences`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable
from typing import Final, NamedTuple

__all__ = [
    "END_OF_TERMS",
    "NormalizedText",
    "normalize",
    "normalize_words",
    "sentence_spans",
    "split_sentences",
]

# The Apache/GPL family puts an optional "how to apply" appendix after this.
END_OF_TERMS: Final = ("end", "of", "terms", "and", "conditions")

# A word: a dotted number ("2.0", "1.1.3"), a run of letters/digits, or "&".
_WORD_RE: Final = re.compile(r"\d+(?:\.\d+)+|[^\W_]+|&")
_WORD_SPLIT_RE: Final = re.compile(f"({_WORD_RE.pattern})")


def _is_cjk(c: str) -> bool:
    # Kana, CJK ideographs, compatibility ideographs, Hangul syllables. (A
    # regex class over these ranges costs ~5 ms to compile at import.)
    o = ord(c)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xAC00 <= o <= 0xD7AF


_FIRST_CJK: Final = "\u3040"  # no character below it is CJK (see _is_cjk)


def _split_cjk(word: str, start: int, words: list[str], starts: list[int]) -> None:
    """One word per CJK character: those scripts put no spaces between words,
    and a rewrap may break a line anywhere."""
    run = -1
    for k, c in enumerate(word):
        if _is_cjk(c):
            if run >= 0:
                words.append(word[run:k])
                starts.append(start + run)
                run = -1
            words.append(c)
            starts.append(start + k)
        elif run < 0:
            run = k
    if run >= 0:
        words.append(word[run:])
        starts.append(start + run)


# Leading decoration of a line: whitespace, comment leaders, Markdown heading
# and quote marks, bullets, separator runs. "(" is kept for "(a)" numbering.
_LINE_LEAD_RE: Final = re.compile(r"[^\w(&]*")

_ROMAN: Final = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xvi{0,3}|xix|xx)"
# One list marker at a line start; applied repeatedly ("1. (a) ...").
_ENUM_RE: Final = re.compile(
    r"(?:"
    r"(?:section|article|clause|§)\s*\d{1,3}(?:\.\d{1,3})*[.:)]?"
    r"|\d{1,3}(?:\.\d{1,3})+\.?"
    r"|\d{1,3}[.)]"
    rf"|\(\s*(?:\d{{1,3}}|[a-z]|{_ROMAN})\s*\)"
    rf"|(?:[a-z]|{_ROMAN})[.)]"
    r")(?=\s|$)[^\w(&]*",
    re.IGNORECASE,
)

# Parenthesised enumerators inside a line: "(i)", "(2)", "(b)". Requiring
# whitespace (or a line edge) around them spares "holder(s)".
_INLINE_ENUM_RE: Final = re.compile(rf"(?<!\S)\(\s*(?:\d{{1,3}}|[a-z]|{_ROMAN})\s*\)(?=[\s,;:.]|$)", re.I)

# A copyright notice starts at "copyright" followed by a notice cue (a mark,
# a year or a template placeholder), or at a bare © / "(c) <year>". The cue
# keeps body text such as "the above copyright notice" intact.
_NOTICE_RE: Final = re.compile(
    # A word or two may name what the notice covers: "Software Copyright (c) 2019 OpenAI".
    r"(?:^[ \t]*(?:(?-i:[A-Z][a-z]+)[ \t]){1,2}(?=copyright\b))?"
    r"\bcopyright\b[\s:,]*(?:\(c\)|©|\d{4}|[<\[{])"  # whitespace may be a line break
    r"|©"
    r"|\(c\)\s*(?:\d{4}|[<\[{])",
    re.IGNORECASE | re.MULTILINE,
)
_NOTICE_WORD_RE: Final = re.compile(r"\S+")
_NOT_NEWLINE_RE: Final = re.compile(r"[^\n]")
_CONTINUED_RE: Final = re.compile(r"(?:,|\band|\bby|\bof|&|[-–—])\s*$", re.IGNORECASE)
# A word that ends a sentence inside a notice: a full stop, but not an initial ("James W. Newkirk").
_SENTENCE_STOP_RE: Final = re.compile(r"(?<![\s.][A-Z])\.[\"'”’)]*$")
_SENTENCE_START: Final = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"“(')
_PUNCT: Final = "\"'“”‘’()[]{}<>,;:.!?*_`"
_NOTICE_CONNECTORS: Final = frozenset(
    """
    of and the for by at in de du des la le van von der den da di et al inc ltd llc co corp gmbh ag
    sa bv plc pty its their his her affiliates affiliate contributors authors author individual all
    rights reserved present current onwards year years to or
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# An SPDX tag and its expression (ids joined by AND / OR / WITH).
_SPDX_TAG_RE: Final = re.compile(
    r"spdx-license-identifier\s*:\s*\(?[\w.+-]+\)?(?:\s+(?:and|or|with)\s+\(?[\w.+-]+\)?)*", re.IGNORECASE
)
# Patterns that start with a run (\s*, [a-z]+) begin only where that run begins, and bracket
# classes stop at the next bracket: linear under search() too, on runs of spaces or "[[[[".
_FENCE_RE: Final = re.compile(r"(?<!\s)\s*(?:```|~~~)[\w+-]*\s*$")

_HTML_TAGS: Final = (
    "a|abbr|b|big|blockquote|body|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|head|hr|html|"
    "i|img|ins|kbd|li|link|meta|ol|p|pre|s|small|span|strike|strong|sub|summary|sup|table|tbody|td|"
    "tfoot|th|thead|title|tr|tt|u|ul"
)
# Markup that carries no words of the licence: HTML tags (known names only,
# so placeholders such as "<year>" or "<copyright holders>" survive), HTML
# comment marks and entities.
_MARKUP_RE: Final = re.compile(
    rf"</?(?:{_HTML_TAGS})\b[^<>]*>"
    r"|<!--|-->"
    r"|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});",
    re.IGNORECASE,
)
_ENTITY_AND_RE: Final = re.compile(r"&amp;", re.IGNORECASE)
_MD_LINK_RE: Final = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)\)")
_URLISH_RE: Final = re.compile(r"(?<!\s)\s*(?:(?<![a-z])[a-z]+://|www\.|<?https?:)", re.IGNORECASE)

# SPDX equivalent words: every variant maps to one spelling. Applied to both
# sides, so which spelling is "canonical" does not matter.
_EQUIVALENT: Final[dict[str, str]] = {
    "https": "http",
    "&": "and",
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "analogue": "analog",
    "analyse": "analyze",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "calibre": "caliber",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "catalogue": "catalog",
    "centre": "center",
    "centres": "centers",
    "colour": "color",
    "defence": "defense",
    "favour": "favor",
    "favourite": "favorite",
    "fulfil": "fulfill",
    "fulfils": "fulfills",
    "fulfilment": "fulfillment",
    "judgement": "judgment",
    "judgements": "judgments",
    "labelling": "labeling",
    "labelled": "labeled",
    "labour": "labor",
    "modelled": "modeled",
    "modelling": "modeling",
    "noncommercially": "noncommercial",
    "offence": "offense",
    "offences": "offenses",
    "practise": "practice",
    "programme": "program",
    "programmes": "programs",
    "signalling": "signaling",
    "travelled": "traveled",
    "whilst": "while",
    "willful": "wilful",
    "wilfull": "wilful",
    "willfully": "wilfully",
    "merchantibility": "merchantability",
}
# British "-is-" stems whose "-iz-" spelling is equivalent (authorise,
# organisation, recognised, ...): a stem rewrite covers every inflection.
_IS_STEMS: Final = (
    "authoris",
    "organis",
    "recognis",
    "realis",
    "optimis",
    "maximis",
    "minimis",
    "initialis",
    "categoris",
    "utilis",
    "emphasis",
    "capitalis",
    "customis",
    "finalis",
    "normalis",
    "penalis",
    "standardis",
    "summaris",
    "characteris",
    "prioritis",
    "localis",
    "internationalis",
    "commercialis",
)
# Two-word variants that become one word.
_JOINED: Final[dict[tuple[str, str], str]] = {
    ("non", "commercial"): "noncommercial",
    ("non", "commercially"): "noncommercial",
    ("sub", "license"): "sublicense",
    ("sub", "licenses"): "sublicenses",
    ("sub", "licensed"): "sublicensed",
    ("sub", "licensing"): "sublicensing",
    ("sub", "licensee"): "sublicensee",
    ("per", "cent"): "percent",
    ("copyright", "owner"): "copyright-holder",
    ("copyright", "owners"): "copyright-holders",
    ("copyright", "holder"): "copyright-holder",
    ("copyright", "holders"): "copyright-holders",
    ("e", "mail"): "email",
}


def _canonical(word: str) -> str:
    """One spelling per SPDX-equivalent word."""
    mapped = _EQUIVALENT.get(word)
    if mapped is not None:
        return mapped
    if "licenc" in word:  # licence, licenced, sublicence, licencee, ...
        return word.replace("licenc", "licens")
    if "is" in word:
        for stem in _IS_STEMS:
            if word.startswith(stem):
                return stem[:-1] + "z" + word[len(stem) :]
    return word


class NormalizedText(NamedTuple):
    """Normalised words of a text, each with the offset of its first character."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    # Index range of the "END OF TERMS AND CONDITIONS" marker words; both are
    # len(words) when the text has no such marker.
    marker_start: int
    tail_start: int
    # Number of leading words that sit on title-like lines (see _header_end).
    header_len: int


def _blank_markup(text: str) -> str:
    """Replace markup and notices by spaces of the same length, so offsets stay valid."""

    def link(m: re.Match[str]) -> str:
        # [text](url): keep "text url", or only the text when it is a URL.
        if _URLISH_RE.match(m.group(1)) or not m.group(2):
            return " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1)
        return m.group(0)

    if "\r" in text:  # CRLF and CR line ends, keeping every offset
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    text = _MD_LINK_RE.sub(link, text) if "](" in text else text
    text = _ENTITY_AND_RE.sub("&    ", text) if "&" in text else text
    text = _MARKUP_RE.sub(lambda m: " " * len(m.group(0)), text)
    if "SPDX" in text or "spdx" in text:
        text = _SPDX_TAG_RE.sub(lambda m: " " * len(m.group(0)), text)
    return _blank_notices(text)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the sorted, disjoint spans replaced by spaces, line breaks kept."""
    parts: list[str] = []
    pos = 0
    for lo, hi in spans:
        parts.append(text[pos:lo])
        parts.append(_NOT_NEWLINE_RE.sub(" ", text[lo:hi]))
        pos = hi
    parts.append(text[pos:])
    return "".join(parts)


def _notice_end(text: str, start: int, eol: int) -> tuple[int, bool]:
    """Where a copyright notice that starts before `start` ends (at most
    `eol`), and whether running text resumes there.

    Holder names are capitalised words, numbers, placeholders in brackets and
    a few connectors ("of", "and", "Inc."). The notice stops at a full stop
    before a new sentence ("... Inc. 51 Franklin Street"), or where running
    text resumes: before a lower-case word, or before the capitalised word
    that starts that text ("... McPhee Everyone is welcome", "... Cowan #
    Redistribution of this"). So a paragraph rewrapped to put body text
    after the notice still compares equal.
    """
    depth = 0
    prev: re.Match[str] | None = None
    sentence_start = -1  # a capitalised word outside brackets, then only connectors since
    for m in _NOTICE_WORD_RE.finditer(text, start, eol):
        w = m.group()
        opens = w.count("(") + w.count("[") + w.count("{") + w.count("<")
        closes = w.count(")") + w.count("]") + w.count("}") + w.count(">")
        inside = depth > 0 or opens > 0
        depth = max(0, depth + opens - closes)
        if inside:
            prev, sentence_start = m, -1
            continue
        if prev is not None and _SENTENCE_STOP_RE.search(prev.group()) and w[0] in _SENTENCE_START:
            return prev.end(), False
        core = w.strip(_PUNCT)
        lower = core.lower()
        if core[:1].islower() and lower not in _NOTICE_CONNECTORS:
            return (sentence_start if sentence_start >= 0 else m.start()), True
        if core[:1].isupper() and not w.endswith((",", ";")):
            sentence_start = m.start()
        elif lower not in _NOTICE_CONNECTORS or w.endswith((",", ";")):
            sentence_start = -1
        prev = m
    return eol, False


def _continues_notice(text: str, nxt: int, nxt_eol: int) -> bool:
    """Whether the line at `nxt` goes on with a notice's holder name: it starts
    with a year, a connector or a capitalised (not all-caps) word, and has no
    running text."""
    m = _NOTICE_WORD_RE.search(text, nxt, nxt_eol)
    if m is None:
        return False
    core = m.group().strip(_PUNCT)
    if not core or (len(core) > 1 and core.isupper()):
        return False  # an all-caps line is a disclaimer, not a name
    if not (
        core[0].isdigit() or core.lower() in _NOTICE_CONNECTORS or (core[0].isupper() and not core.isupper())
    ):
        return False
    return not _notice_end(text, m.start(), nxt_eol)[1]


def _notice_finder(text: str, low: str) -> Callable[[int], re.Match[str] | None]:
    """A function of `pos` that is `_NOTICE_RE.search(text, pos)` for increasing `pos`, tried only
    where a notice can start: a notice holds one of its cues ("copyright", "©", "(c)") and starts
    at the cue or at the start of the cue's line. `low`: the text in lower case, where str.find
    finds the cues far faster than the search. Each cue's next place is kept, so that the whole
    text is looked through once."""
    nxt = dict.fromkeys(_NOTICE_CUES, -2)  # next place of each cue at or after the last pos; -1: none

    def cue_at(pos: int) -> int:
        k = -1
        for cue, at in nxt.items():
            if -1 < at < pos or at == -2:
                at = nxt[cue] = low.find(cue, pos)
            if at >= 0 and (k < 0 or at < k):
                k = at
        return k

    def search(pos: int) -> re.Match[str] | None:
        while (k := cue_at(pos)) >= 0:
            # The cue's line start, if at or after pos (a match cannot start before pos).
            line = text.rfind("\n", pos, k) + 1 or (pos if pos == 0 or text[pos - 1] == "\n" else -1)
            if line >= 0 and (m := _NOTICE_RE.match(text, line)) is not None:
                return m
            if (m := _NOTICE_RE.match(text, k)) is not None:
                return m
            pos = k + 1
        return None

    return search


_NOTICE_CUES: Final = ("copyright", "©", "(c)")


def _blank_notices(text: str) -> str:
    """Blank the copyright notices of a text (see _notice_end for their extent).

    A notice continues on the next line where its line plainly does not end
    it (after a comma, "and", "by", "of", "&" or a dash) or where the next
    line goes on with the holder's name (see _continues_notice).
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    low = text.lower()
    # (A character whose lower case is longer leaves no offsets to share: the plain search.)
    search = _notice_finder(text, low) if len(low) == n else functools.partial(_NOTICE_RE.search, text)
    while True:
        m = search(pos)
        if m is None:
            return _blank_spans(text, spans) if spans else text
        start = m.end()
        while True:
            eol = text.find("\n", start)
            eol = n if eol < 0 else eol
            stop, _ = _notice_end(text, start, eol)
            if stop < eol or eol == n:
                break
            nxt = eol + 1
            nxt_eol = text.find("\n", nxt)
            nxt_eol = n if nxt_eol < 0 else nxt_eol
            if not (_CONTINUED_RE.search(text, m.start(), eol) or _continues_notice(text, nxt, nxt_eol)):
                break
            start = nxt
        spans.append((m.start(), stop))
        pos = max(stop, m.end())


def _line_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """Raw words with offsets, line by line; also the offset of each line start."""
    line_starts: list[int] = []
    # Line leads, list markers and fenced-code lines become spaces, so one pass over the whole
    # text finds the words at their own offsets.
    parts: list[str] = []
    pos = 0
    n = len(text)
    lead_match = _LINE_LEAD_RE.match
    enum_match = _ENUM_RE.match
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line_starts.append(pos)
        lead = lead_match(text, pos, end)
        p = lead.end() if lead is not None else pos
        while p < end:
            m = enum_match(text, p, end)
            if m is None or m.end() == p:
                break
            p = m.end()
        line = text[p:end]
        if line:
            if _FENCE_RE.match(line):
                line = " " * len(line)
            elif "(" in line:
                line = _INLINE_ENUM_RE.sub(lambda m: " " * len(m.group(0)), line)
        parts.append(" " * (p - pos) + line)
        pos = end + 1
    # One split gives [gap, word, gap, word, ..., gap]; a word starts where the text before it ends.
    blanked = "\n".join(parts)
    pieces = _WORD_SPLIT_RE.split(blanked)
    words = pieces[1::2]
    starts = list(itertools.accumulate(map(len, pieces)))[0:-1:2]
    if blanked and max(blanked) >= _FIRST_CJK:
        words, starts = _split_words(words, starts)
    return words, starts, line_starts


def _split_words(raw: list[str], raw_starts: list[int]) -> tuple[list[str], list[int]]:
    """Words with the CJK characters split off (see _split_cjk)."""
    words: list[str] = []
    starts: list[int] = []
    for w, start in zip(raw, raw_starts, strict=True):
        if w.isascii():
            words.append(w)
            starts.append(start)
        else:
            _split_cjk(w, start, words, starts)
    return words, starts


def _header_end(text: str, starts: list[int], line_starts: list[int]) -> int:
    """Offset where the title block ends.

    The title block is the leading run of short paragraphs (at most 4 lines of
    at most 12 words each) whose last line does not end like a sentence:
    "Apache License / Version 2.0, January 2004", "# Modified MIT License".
    Paragraphs without words (copyright notices) neither end nor extend it.
    """
    end = 0
    para_lines = 0
    nlines = len(line_starts)
    for k, ls in enumerate(line_starts):
        le = line_starts[k + 1] - 1 if k + 1 < nlines else len(text)
        line = text[ls:le]
        if not line.strip():
            para_lines = 0
            continue
        lo = bisect.bisect_left(starts, ls)
        hi = bisect.bisect_left(starts, le)
        if lo == hi:
            continue
        para_lines += 1
        if hi - lo > 12 or para_lines > 4:
            break
        if line.rstrip(" \t*_#>|-=~`").endswith((".", ";", ":", ",")):
            break
        # A title paragraph ends at a blank line; a line followed by more
        # text of the same paragraph only counts once that paragraph ends.
        nxt = text[le + 1 : line_starts[k + 2] - 1] if k + 2 < nlines else text[le + 1 :]
        if k + 1 >= nlines or not nxt.strip():
            end = le
    return end


_JOIN_FIRSTS: Final = frozenset(a for a, _ in _JOINED) | {"all"}


def _find_phrase(words: list[str], phrase: tuple[str, ...]) -> int:
    """Index of the first occurrence of `phrase` in `words`, or -1."""
    k = -1
    try:
        while True:
            k = words.index(phrase[0], k + 1)
            if tuple(words[k : k + len(phrase)]) == phrase:
                return k
    except ValueError:
        return -1


def normalize(text: str) -> NormalizedText:
    """Normalise a licence text into comparable words (see module doc)."""
    clean = _blank_markup(text)
    raw, raw_starts, line_starts = _line_words(clean)
    spelling = {w: _canonical(w.lower()) for w in set(raw)}  # each distinct word once
    canon = list(map(spelling.__getitem__, raw))
    words: list[str] = []
    starts: list[int] = []
    n = len(canon)
    # Only the first word of a two-word variant, or "all" (rights reserved), changes anything.
    firsts = {w for w in spelling.values() if w in _JOIN_FIRSTS}
    pending = [i for i, w in enumerate(canon) if w in firsts] if firsts else []
    done = 0  # canon[:done] is in words
    for i in pending:
        if i < done or i + 1 >= n:
            continue
        w, nxt = canon[i], canon[i + 1]
        joined = _JOINED.get((w, nxt))
        if joined is not None:
            words += canon[done:i]
            starts += raw_starts[done:i]
            words.append(joined)
            starts.append(raw_starts[i])
            done = i + 2
        elif w == "all" and nxt == "rights" and i + 2 < n and canon[i + 2] == "reserved":
            words += canon[done:i]
            starts += raw_starts[done:i]
            done = i + 3
    words += canon[done:]
    starts += raw_starts[done:]
    marker_start = tail_start = len(words)
    k = _find_phrase(words, END_OF_TERMS)
    if k >= 0:
        marker_start, tail_start = k, k + len(END_OF_TERMS)
    header = _header_end(clean, starts, line_starts)
    header_len = bisect.bisect_left(starts, header) if header else 0
    return NormalizedText(tuple(words), tuple(starts), marker_start, tail_start, header_len)


def normalize_words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return list(normalize(text).words)


# Sentence ends: . ! ? (closing quotes/brackets allowed) followed by space and
# something that does not continue the sentence in lower case.
_SENTENCE_END_RE: Final = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[^\sa-z])")
# Lines that start a new block: list items, headings, separators.
_BLOCK_START_RE: Final = re.compile(
    rf"(?<!\s)\s*(?:[-*+•·▪‣◦#]|\(?(?:(?<![\d.])\d{{1,3}}(?:\.\d{{1,3}})*+|[a-z]|{_ROMAN})[.)](?=\s)|(?:section|article)\s+\d)",
    re.IGNORECASE,
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (blank-line and list-item aware)."""
    spans: list[tuple[int, int]] = []
    block_start = -1
    pos = 0
    n = len(text)

    def close(lo: int, hi: int) -> None:
        s = lo
        for m in _SENTENCE_END_RE.finditer(text, lo, hi):
            spans.append((s, m.start() + 1))
            s = m.end()
        spans.append((s, hi))

    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        blank = not line.strip()
        if block_start >= 0 and (blank or _BLOCK_START_RE.match(line)):
            close(block_start, pos - 1)
            block_start = -1
        if not blank and block_start < 0:
            block_start = pos + (len(line) - len(line.lstrip()))
        pos = end + 1
    if block_start >= 0:
        close(block_start, n)
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo:
            out.append((lo, hi))
    return out


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of `text` as (first line, last line, sentence), lines 1-based."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    result: list[tuple[int, int, str]] = []
    for lo, hi in sentence_spans(text):
        first = bisect.bisect_left(newlines, lo) + 1
        last = bisect.bisect_left(newlines, hi - 1) + 1
        result.append((first, last, " ".join(text[lo:hi].split())))
    return result

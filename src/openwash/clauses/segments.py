"""Cutting a licence text into sentences and list items, each with its 1-based line range.

Licence texts are hard-wrapped, so a sentence often spans lines; quotes and line ranges must
still point at the exact lines of the file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

# A new block starts at a list marker or a heading at the start of a line.
_ITEM_START = re.compile(
    r"^\s*(?:[-*•·+]\s+|\(?\d{1,3}[.)]\s+|\(?[a-zA-Z][.)]\s+|\(?[ivxIVX]{1,5}[.)]\s+|\d+(?:\.\d+)+\.?\s+|#+\s+|"
    r"section\s+\d+|article\s+\d+|attachment\s+[a-z]\b)",
    re.IGNORECASE,
)
# Sentence ends: . ! ? ; or the Chinese full stop, followed by space and a plausible sentence start;
# not after a common abbreviation ("e.g.", "Inc.", "No."), each length a fixed-width look-behind.
# A match is the end mark and the space after it: the sentence ends after its first character.
_SENTENCE_END = re.compile(
    r"[.!?;。]"
    r"(?<!(?i:\b(?:co|no|vs|dr|mr|ms|st|cf)\.))"
    r"(?<!(?i:\b(?:e\.g|i\.e|etc|inc|ltd|u\.s|sec|art)\.))"
    r"(?<!(?i:\bpara\.))"
    r"\s+(?=[\"'“‘(\[A-Z0-9•*-])|。"
)


# Bounds that make every clause rule's cost linear in the text, whatever the rule: a "sentence"
# longer than MAX_SEGMENT characters (no real one is) is cut into pieces at spaces, and a "word"
# longer than MAX_WORD characters is cut into pieces, so that no pattern ever scans further.
MAX_SEGMENT = 2000
MAX_WORD = 400


@dataclass(frozen=True)
class Segment:
    """A paragraph or list item of a licence text, with its lines."""

    line_start: int
    line_end: int
    text: str  # whitespace collapsed
    led: bool = False  # a list item read with the lead above it (the item is also given alone)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Paragraphs and list items: (first line number, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if current and (_ITEM_START.match(line) or _is_heading(current[-1], line)):
            blocks.append((start, current))
            current = []
        if not current:
            start = i
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _is_heading(previous: str, line: str) -> bool:
    """A short line without closing punctuation, followed by a capitalised line, is a heading."""
    prev = previous.strip()
    return (
        len(prev) <= 50 and not prev.endswith((".", ",", ";", ":", "-", "(")) and line.strip()[:1].isupper()
    )


# A lead that the list under it completes: "You may not:", "YOU MAY NOT", "The licence does not
# allow:", "You agree not to use the Model:". Tried on a segment's last LEAD_TAIL characters only.
_LEAD = re.compile(
    r"(?:\b(?:may|shall|must|will|can)\s+not(?:\s+[\w-]{1,40}){0,4}\s*:?|"
    r"\b(?:agrees?|undertakes?)\s+not\s+to(?:\s+[\w-]{1,40}){0,3}\s*:?|"
    r"\b(?:do|does|is|are)\s+not\s+(?:allow|permit|authori[sz]e|grant|licen[sc]e)\w{0,4}(?:\s+[\w-]{1,40}){0,3}\s*:?|"
    r"\b(?:prohibited|forbidden|not (?:permitted|allowed))\s*:)\s*$",
    re.IGNORECASE,
)
LEAD_TAIL = 120
# Every lead holds one of these (lower-cased: no other character matches n, o, t, f, r, b, p, h
# case-insensitively), so most blocks need no regex search.
_LEAD_WORDS = ("not", "forb", "proh")


def _is_lead(tail: str) -> bool:
    low = tail.lower()
    return any(w in low for w in _LEAD_WORDS) and _LEAD.search(tail) is not None


MAX_LEAD_ITEMS = 30  # list items read with one lead


def segments(text: str) -> list[Segment]:
    """Sentences and list items of a text, in order, with their line ranges. Linear in the text:
    each sentence end is looked at once, with only the few characters before it.

    A list under a lead ("You may not:" then "- rent, lease or lend the software;") says what it
    says only with its lead: each item of such a list is also given as one segment with the lead
    before it, from the lead's line to the item's."""
    out: list[Segment] = []
    lead: Segment | None = None
    style = ""  # how the lead's items are marked: a bullet, a number, a letter, an indent
    items = 0
    for first_line, block in _blocks(text.split("\n")):
        marker = _marker_style(block[0])
        if lead is not None and not marker and block[0][:1].islower():
            _block_segments(first_line, block, out)  # an item wrapped across a blank line goes on
            continue
        if lead is not None and (not marker or (style and marker != style)):
            lead = None  # a paragraph of its own, or a list of another kind, ends the list
        if lead is None or items >= MAX_LEAD_ITEMS:
            before = len(out)
            _block_segments(first_line, block, out)
            if len(out) > before and _is_lead(out[-1].text[-LEAD_TAIL:]):
                lead, items, style = out[-1], 0, ""
            continue
        style = style or marker
        # Under a lead, each line that ends in ";" is an item of its own ("rent, lease or lend
        # the software;"), even without a list marker or a capital letter.
        start = 0
        for k, line in enumerate(block):
            if line.rstrip().endswith((";", "; or", "; and")) or k == len(block) - 1:
                before = len(out)
                _block_segments(first_line + start, block[start : k + 1], out)
                start = k + 1
                if len(out) > before and items < MAX_LEAD_ITEMS:
                    item = out[before]  # the item is its first sentence; what follows is not led
                    said = _MARKER.sub("", item.text, count=1)
                    out.append(
                        Segment(lead.line_start, item.line_end, f"{lead.text} {said}"[:MAX_SEGMENT], True)
                    )
                    items += 1
    return out


# A list item's marker, dropped when the item is read with its lead ("· share the software").
_MARKER = re.compile(r"^(?:[-*•·+]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])\s")


def _marker_style(line: str) -> str:
    """How a block starts: 'bullet', 'number', 'letter', 'indent', or '' for a paragraph."""
    if not _ITEM_START.match(line):
        return "indent" if line[:1] in (" ", "\t") else ""
    first = line.lstrip()[:2]
    if first[:1] in "-*•·+":
        return "bullet"
    if first[:1].isdigit() or first[1:2].isdigit():
        return "number"
    return "letter" if first[:1].isalpha() or first[1:2].isalpha() else "indent"


def _block_segments(first_line: int, block: list[str], out: list[Segment]) -> None:
    """The sentences of one paragraph or list item, appended to `out`."""
    # Whitespace collapsed first (as the sentences are anyway).
    stripped = [" ".join(line.split()) for line in block]
    joined = " ".join(stripped)
    if len(stripped) > 1:
        offsets = list(itertools.accumulate([len(line) + 1 for line in stripped[:-1]], initial=0))
    else:
        offsets = [0]
    spans = [m.span() for m in _SENTENCE_END.finditer(joined)]
    pieces = list(zip([0, *(e for _, e in spans)], [*(a + 1 for a, _ in spans), len(joined)], strict=True))
    # Single spaces only: a sentence is its slice without the spaces around it, unless a word is
    # too long (then cut by _words).
    short_words = len(joined) <= MAX_WORD or max(map(len, joined.split(" "))) <= MAX_WORD
    if len(joined) > MAX_SEGMENT:
        pieces = _bounded(joined, pieces)
    for a, b in pieces:
        sentence = joined[a:b].strip(" ") if short_words else _words(joined[a:b])
        if not sentence:
            continue
        if len(offsets) == 1:
            out.append(Segment(first_line, first_line, sentence))
        else:
            line_a = first_line + bisect.bisect_right(offsets, a) - 1
            line_b = first_line + bisect.bisect_right(offsets, max(a, b - 1)) - 1
            out.append(Segment(line_a, line_b, sentence))


def _bounded(joined: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces, with any longer than MAX_SEGMENT cut at the last space before the limit."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        while b - a > MAX_SEGMENT:
            cut = joined.rfind(" ", a + 1, a + MAX_SEGMENT)
            if cut < 0:
                cut = a + MAX_SEGMENT
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def _words(text: str) -> str:
    """Whitespace collapsed, and words longer than MAX_WORD cut into pieces."""
    words = text.split()
    if max(map(len, words), default=0) <= MAX_WORD:
        return " ".join(words)
    return " ".join(w[i : i + MAX_WORD] for w in words for i in range(0, len(w), MAX_WORD))

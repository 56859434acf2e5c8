"""Tables in a card or doc (Markdown pipe tables and HTML tables), row by row with line numbers:
model tables name each model's base LLM, licence or commercial-use terms.

Linear: each line is looked at once; an HTML table is read within a size bound.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from openwash.evidence.card import Card

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*){0,40}\|?\s*$")
_TR = re.compile(r"<tr\b", re.IGNORECASE)
_CELL_OPEN = re.compile(r"<t([hd])\b[^>]{0,200}>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,300}>")
MAX_HTML_TABLE = 256 * 1024


@dataclass(frozen=True)
class Row:
    """One row of a table: its line, the cells' text and the row as written."""

    line: int
    cells: tuple[str, ...]  # plain text of each cell (tags stripped, entities decoded)
    raw: str  # the row as written, for quoting


@dataclass(frozen=True)
class Table:
    """A Markdown or HTML table of a card or doc."""

    path: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def column(self, pattern: re.Pattern[str]) -> int | None:
        for i, h in enumerate(self.header):
            if pattern.search(h):
                return i
        return None


def _plain(cell: str) -> str:
    import html  # only for a card with tables: html.entities is a large table

    text = html.unescape(_TAG.sub(" ", cell)).replace("\u2011", "-").replace("\u00a0", " ")
    return " ".join(text.split())


def _pipe_cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(c.strip() for c in inner.split("|"))


def tables(card: Card) -> list[Table]:
    out: list[Table] = []
    lines = card.body()
    i = 0
    while i < len(lines):
        text = lines[i][1]
        stripped = text.strip()
        if "|" in stripped and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1][1].strip()):
            header = tuple(_plain(c) for c in _pipe_cells(stripped))
            rows = []
            i += 2
            while i < len(lines) and "|" in lines[i][1]:
                m, row = lines[i]
                rows.append(Row(m, tuple(_plain(c) for c in _pipe_cells(row)), row.strip()))
                i += 1
            out.append(Table(card.path, header, tuple(rows)))
            continue
        if stripped.lower().startswith("<table"):
            start = i
            size = 0
            while i < len(lines) and "</table>" not in lines[i][1].lower() and size < MAX_HTML_TABLE:
                size += len(lines[i][1])
                i += 1
            block = lines[start : i + 1]
            out.append(_html_table(card.path, block))
        i += 1
    return out


def _html_table(path: str, block: list[tuple[int, str]]) -> Table:
    joined = ""
    starts: list[tuple[int, int]] = []
    for n, text in block:
        starts.append((len(joined), n))
        joined += text + "\n"
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    # Rows and cells are cut at their opening tags (no lazy scans for a closing tag that may be
    # missing): one pass over the table.
    opens = [m.start() for m in _TR.finditer(joined)] + [len(joined)]
    for start, end in itertools.pairwise(opens):
        segment = joined[start:end]
        marks = list(_CELL_OPEN.finditer(segment))
        cells = [
            (
                m.group(1).lower(),
                segment[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(segment)],
            )
            for k, m in enumerate(marks)
        ]
        plain = tuple(_plain(c) for _, c in cells)
        if cells and all(kind == "h" for kind, _ in cells) and not header:
            header = plain
            continue
        if not cells:
            continue
        line = max(n for o, n in starts if o <= start)
        rows.append(Row(line, plain, " | ".join(plain)))
    return Table(path, header, tuple(rows))

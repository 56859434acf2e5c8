"""Catalogue verdicts quoted from the licence itself: a licence a catalogue names as failing the
OSD (a Creative Commons NC or ND licence, a non-free ScanCode LicenseDB category: the verdict is
`licenses.names.verdict`) yields its clause violations quoted from its own sentence when its text
is at hand (rules/catalogue.yaml says which), else from the line that names it."""

from __future__ import annotations

import functools
import re

from openwash.clauses.analyser import MAX_QUOTE, sentences
from openwash.datafiles import load_yaml
from openwash.licenses import names
from openwash.report import KIND_OSD, Finding


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


@functools.cache
def _quote_patterns() -> dict[int, tuple[re.Pattern[str], ...]]:
    quotes = load_yaml("clauses/rules/catalogue.yaml")["quotes"]
    return {int(c): tuple(re.compile(p) for p in ps) for c, ps in quotes.items()}


def verdict(licence_id: str, category: str | None = None) -> list[tuple[int, str, str]]:
    """(clause, severity, why) of a catalogued licence: by its id, else by the LicenseDB category
    the text was named from."""
    found = names.verdict(licence_id)
    if not found and category is not None:
        from openwash.licenses import licensedb  # only for a text the LicenseDB named

        found = [(c, "violation", why) for c, why in licensedb.category_verdict(category)]
    return found


def catalogue_findings(
    licence_id: str,
    quote_path: str,
    quote_line: int | None,
    quote_text: str,
    category: str | None = None,
    text: str | None = None,
    already: frozenset[int] = frozenset(),
) -> list[Finding]:
    """Violation findings for a named licence. `text`: the licence text when the repository has
    it (each clause is then quoted from its own sentence); else `quote_text` at `quote_line` (a
    card label, a README sentence naming the licence) is quoted. Clauses in `already` (found by
    the clause rules) are skipped."""
    out: list[Finding] = []
    wanted = [
        (c, why)
        for c, severity, why in verdict(licence_id, category)
        if c not in already and severity == "violation"
    ]
    if not wanted:
        return out  # most licences: nothing to quote, the text need not be cut into sentences
    segs, flats = sentences(text) if text is not None else ([], [])
    for clause, why in wanted:
        line_a, line_b, quote = quote_line, quote_line, quote_text
        for pattern in _quote_patterns().get(clause, ()):
            k = next((i for i, f in enumerate(flats) if pattern.search(f)), None)
            if k is not None:
                line_a, line_b, quote = segs[k].line_start, segs[k].line_end, segs[k].text
                break
        out.append(
            Finding(
                kind=KIND_OSD,
                clause=clause,
                severity="violation",
                path=quote_path,
                line_start=line_a,
                line_end=line_b,
                quote=_quote(quote),
                explanation=f"{licence_id}: {why}",
                rule=f"catalogue-{clause}",
            )
        )
    return out

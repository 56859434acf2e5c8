"""Applies the clause rules (rules/osd.yaml) to a text and returns findings with quotes and lines."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from openwash.clauses.segments import Segment, segments
from openwash.datafiles import load_yaml
from openwash.licenses.ai import flatten
from openwash.memo import TextMemo
from openwash.prefilter import LazyPattern, Needles, NeedleScan, indices, rarity, rule_needles
from openwash.report import KIND_OSD, KIND_TERMS_CONCERN, Finding, Severity

MAX_QUOTE = 400
_CHUNK = 2048  # sentences whose needles are found, and rules tried, together


@dataclass(frozen=True)
class Rule:
    """One clause rule, or context, of clauses/rules/osd.yaml with its patterns."""

    id: str
    clauses: tuple[int | None, ...]
    severity: Severity
    all: tuple[LazyPattern, ...]
    any: tuple[LazyPattern, ...]
    none: tuple[LazyPattern, ...]
    scope: frozenset[str]
    opens: str | None
    requires: str | None
    max: int | None
    why: str
    unless: str | None = None  # no finding in a text where a sentence shows this context
    context: bool = False  # a context (rules/osd.yaml `contexts`): shows one, reports nothing


@functools.cache
def rules() -> tuple[Rule, ...]:
    out = []
    for r in load_yaml("clauses/rules/osd.yaml")["rules"]:
        clause = r.get("clause")
        clauses = tuple(clause) if isinstance(clause, list) else (clause,)
        out.append(
            Rule(
                id=r["id"],
                clauses=clauses,
                severity=r["severity"],
                all=tuple(LazyPattern(p) for p in r.get("all") or ()),
                any=tuple(LazyPattern(p) for p in r.get("any") or ()),
                none=tuple(LazyPattern(p) for p in r.get("none") or ()),
                scope=frozenset(r.get("scope") or ("license", "policy")),
                opens=r.get("opens"),
                requires=r.get("requires"),
                max=r.get("max"),
                why=r["why"].strip(),
                unless=r.get("unless"),
            )
        )
    return tuple(out)


@functools.cache
def _contexts() -> tuple[Rule, ...]:
    """What a text says elsewhere that changes how a rule's sentence reads (rules/osd.yaml)."""
    return tuple(
        Rule(
            id=c["id"],
            clauses=(),
            severity="concern",
            all=tuple(LazyPattern(p) for p in c.get("all") or ()),
            any=tuple(LazyPattern(p) for p in c.get("any") or ()),
            none=tuple(LazyPattern(p) for p in c.get("none") or ()),
            scope=frozenset(("license", "policy", "card")),
            opens=c["id"],
            requires=None,
            max=None,
            why="",
            context=True,
        )
        for c in load_yaml("clauses/rules/osd.yaml").get("contexts") or ()
    )


@functools.cache
def _scoped(scope: str) -> tuple[tuple[tuple[Rule, Needles], ...], NeedleScan]:
    """The rules that apply to a scope, each with the needle sets a text must hit for the rule to
    match anywhere in it (rarest first), and the scan that finds their patterns' needles."""
    applicable = tuple(r for r in (*_contexts(), *rules()) if scope in r.scope)
    needs = [tuple(sorted(rule_needles(r.all, r.any), key=rarity, reverse=True)) for r in applicable]
    scan = NeedleScan(p for r in applicable for p in (*r.all, *r.any, *r.none))
    return tuple(zip(applicable, needs, strict=True)), scan


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def sentences(text: str) -> tuple[list[Segment], list[str]]:
    """The segments of a text and their flattened forms, kept for the next reader of the same
    text (the clause rules, then the catalogue's quotes)."""
    return _sentences.get(text, None, lambda: _cut(text))


def _cut(text: str) -> tuple[list[Segment], list[str]]:
    segs = segments(text)
    return segs, [flatten(s.text) for s in segs]


_sentences: TextMemo[tuple[list[Segment], list[str]]] = TextMemo(max_chars=1_000_000)


def analyse(
    text: str,
    path: str,
    scope: str = "license",
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """Findings for one file. `scope` is license, policy or card. `only`, when given, limits the
    analysis to sentences that overlap these texts (the sentences added to a known licence)."""
    only = tuple(only) if only is not None else None
    hits = _memo.get(text, (scope, only), lambda: _hits(text, scope, only))
    return [_finding(rule, clause, seg, path) for rule, clause, seg in hits]


# Texts already read in this process (vendored licences repeat): see openwash.memo.
_memo: TextMemo[list[tuple[Rule, int | None, Segment]]] = TextMemo(max_chars=8_000_000)


def _overlapping(flats: list[str], keep: list[int], only: tuple[str, ...]) -> list[int]:
    """The sentences of `keep` that overlap one of the texts `only`: holding the first 60
    characters of one, or their own first 60 within one."""
    wanted = [w for w in (flatten(t)[:60] for t in only) if w]
    if not wanted:
        return []
    joined = "\n".join(wanted)  # a flattened sentence holds no newline: no false overlap
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for w in wanted:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return [i for i in keep if flats[i][:60] in joined or next(automaton.iter(flats[i]), None) is not None]


def _hits(text: str, scope: str, only: tuple[str, ...] | None) -> list[tuple[Rule, int | None, Segment]]:
    """(rule, clause, sentence) of each finding in `text`, in order.

    Which rules match which sentence does not depend on the others, so it is found rule by rule:
    one pass over all sentences finds every needle, and a rule is run only on the sentences
    holding its needles. The findings are then read in sentence order, where the rules' contexts,
    caps and the one-finding-per-clause order apply."""
    segs, flats = sentences(text)
    keep = [i for i, f in enumerate(flats) if len(f) >= 8]
    if only is not None:
        keep = _overlapping(flats, keep, only)
    applicable, scan = _scoped(scope)
    matched: dict[int, list[Rule]] = {}  # index in `keep` -> its matching rules, in rule order
    # By chunks of sentences, so that the bit sets stay small ints and the cost linear.
    for base in range(0, len(keep), _CHUNK):
        texts = [flats[i] for i in keep[base : base + _CHUNK]]
        where = scan.occurrences(texts)
        present = where.present
        for rule, needs in applicable:
            if any(present.isdisjoint(found) for found in needs):
                continue  # a needle the rule cannot match without is in no sentence
            cand = where.candidates(rule.all, rule.any)
            if not cand:
                continue
            anys = [(p, where.may(p)) for p in rule.any]
            nones = [(p, where.may(p)) for p in rule.none]
            for k in indices(cand):
                flat = texts[k]  # every `all`, one `any` (when given), no `none` pattern matches
                if (
                    all(p.search(flat) for p in rule.all)
                    and (not anys or any(m >> k & 1 and p.search(flat) for p, m in anys))
                    and not any(m >> k & 1 and p.search(flat) for p, m in nones)
                ):
                    matched.setdefault(base + k, []).append(rule)
    found: list[tuple[Rule, int | None, Segment]] = []
    open_contexts: set[str] = set()
    per_rule: dict[str, int] = {}
    # Clauses already found on an item alone: read again with its lead, it adds only new ones.
    alone: dict[int, set[int | None]] = {}
    shown = {r.id for rs in matched.values() for r in rs if r.context}  # anywhere in the text
    for k in sorted(matched):
        seg = segs[keep[k]]
        reported: set[int | None] = set(alone.get(seg.line_end, ())) if seg.led else set()
        for rule in matched[k]:
            if rule.context or (rule.unless and rule.unless in shown):
                continue
            if rule.requires and rule.requires not in open_contexts:
                continue
            if rule.max is not None and per_rule.get(rule.id, 0) >= rule.max:
                continue
            if all(c in reported for c in rule.clauses):
                continue
            if rule.opens:
                open_contexts.add(rule.opens)
            per_rule[rule.id] = per_rule.get(rule.id, 0) + 1
            for clause in rule.clauses:
                if clause in reported:
                    continue
                reported.add(clause)
                found.append((rule, clause, seg))
        if not seg.led:
            alone.setdefault(seg.line_end, set()).update(reported)
    return found


def _finding(rule: Rule, clause: int | None, seg: Segment, path: str) -> Finding:
    return Finding(
        kind=KIND_OSD if clause is not None else KIND_TERMS_CONCERN,
        clause=clause,
        severity=rule.severity,
        path=path,
        line_start=seg.line_start,
        line_end=seg.line_end,
        quote=_quote(seg.text),
        explanation=rule.why,
        rule=rule.id,
    )

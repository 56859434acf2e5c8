"""Applies the clause rules (rules/osd.yaml) to a text and returns findings with quotes and lines."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from openwash.clauses.segments import Segment, segments
from openwash.datafiles import load_yaml
from openwash.licenses.ai import flatten
from openwash.memo import TextMemo
from openwash.prefilter import LazyPattern, NeedleScan, Prefilter, may_match, rule_needles
from openwash.report import KIND_OSD, KIND_TERMS_CONCERN, Finding, Severity

MAX_QUOTE = 400


@dataclass(frozen=True)
class Rule:
    """One clause rule (clauses/rules/*.yaml) with its patterns."""

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

    def matches(self, flat: str, present: set[str] | None = None) -> bool:
        """Whether the rule matches the flattened sentence; `present`: the sentence's needles
        (`NeedleScan`), so that a pattern that cannot match is not run."""
        if present is None:
            return (
                all(p.search(flat) for p in self.all)
                and (not self.any or any(p.search(flat) for p in self.any))
                and not any(p.search(flat) for p in self.none)
            )
        return (
            all(may_match(p, present) and p.search(flat) for p in self.all)
            and (not self.any or any(may_match(p, present) and p.search(flat) for p in self.any))
            and not any(may_match(p, present) and p.search(flat) for p in self.none)
        )


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
            )
        )
    return tuple(out)


@functools.cache
def _scoped(scope: str) -> tuple[tuple[Rule, ...], Prefilter, NeedleScan]:
    """The rules that apply to a scope, the prefilter that says which may match a sentence, and
    the needles of every pattern (which of a candidate rule's patterns may match)."""
    applicable = tuple(r for r in rules() if scope in r.scope)
    patterns = [p for r in applicable for p in (*r.all, *r.any, *r.none)]
    return applicable, Prefilter(rule_needles(r.all, r.any) for r in applicable), NeedleScan(patterns)


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


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


def _hits(text: str, scope: str, only: tuple[str, ...] | None) -> list[tuple[Rule, int | None, Segment]]:
    """(rule, clause, sentence) of each finding in `text`, in order."""
    wanted = [flatten(t)[:60] for t in only] if only is not None else None
    found: list[tuple[Rule, int | None, Segment]] = []
    open_contexts: set[str] = set()
    per_rule: dict[str, int] = {}
    applicable, prefilter, scan = _scoped(scope)
    # Clauses already found on an item alone: read again with its lead, it adds only new ones.
    alone: dict[int, set[int | None]] = {}
    for seg in segments(text):
        flat = flatten(seg.text)
        if len(flat) < 8:
            continue
        if wanted is not None and not any(w and (w in flat or flat[:60] in w) for w in wanted):
            continue
        reported: set[int | None] = set(alone.get(seg.line_end, ())) if seg.led else set()
        present: set[str] | None = None  # the sentence's needles, found when a rule is tried
        # The rules whose needed words all occur, in order: no other rule can match.
        for k in prefilter.candidates(flat):
            rule = applicable[k]
            if rule.requires and rule.requires not in open_contexts:
                continue
            if rule.max is not None and per_rule.get(rule.id, 0) >= rule.max:
                continue
            if all(c in reported for c in rule.clauses):
                continue
            if present is None:
                present = scan.present(flat)
            if not rule.matches(flat, present):
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

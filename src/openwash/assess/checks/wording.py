"""The findings the checks emit, as data (data/checks.yaml): kind, severity, clause, rule id and
the plain-language why; loaded once and validated on load, so a check only says which finding,
where, with which quote and which words fill its template."""

from __future__ import annotations

import functools
from typing import Any, cast

from openwash.datafiles import load_yaml
from openwash.report import Finding, Kind, Severity
from openwash.vocabulary import KINDS, SEVERITIES

GIVEN = "given"  # the check supplies the severity or the clause


class Wording:
    """What a finding of one rule says (data/checks.yaml): kind, severity, clause and why. (Read
    from data once: plain, as making a dataclass costs about 0.15 ms at every start.)"""

    def __init__(self, kind: Kind, severity: str, clause: int | str | None, rule: str, why: str) -> None:
        self.kind = kind
        self.severity = severity  # a severity, or GIVEN
        self.clause = clause  # an OSD clause, GIVEN, or None
        self.rule, self.why = rule, why


def _fields(template: str) -> set[str]:
    # What string.Formatter().parse calls, without importing `string` (its Template class
    # compiles a pattern at import).
    from _string import formatter_parser  # type: ignore[import-not-found]

    return {name for _, name, _, _ in formatter_parser(template) if name is not None}


def _entry(name: str, raw: Any) -> Wording:
    if not isinstance(raw, dict) or set(raw) - {"kind", "severity", "clause", "rule", "why"}:
        raise ValueError(f"data/checks.yaml: {name}: expected kind, severity, clause, rule, why")
    kind, severity, clause = raw.get("kind"), raw.get("severity"), raw.get("clause")
    rule, why = raw.get("rule", name), raw.get("why")
    if kind not in KINDS:
        raise ValueError(f"data/checks.yaml: {name}: kind {kind!r} is not a finding kind of the vocabulary")
    if severity not in (*SEVERITIES, GIVEN):
        raise ValueError(f"data/checks.yaml: {name}: severity {severity!r}")
    if not (clause is None or clause == GIVEN or (isinstance(clause, int) and 1 <= clause <= 10)):
        raise ValueError(f"data/checks.yaml: {name}: clause {clause!r}")
    if not isinstance(why, str) or not why.strip() or not isinstance(rule, str):
        raise ValueError(f"data/checks.yaml: {name}: a rule id and a why are required")
    if any(not f.isidentifier() for f in _fields(why) | _fields(rule)):
        raise ValueError(f"data/checks.yaml: {name}: template fields must be names")
    return Wording(cast(Kind, kind), severity, clause, rule, why)


@functools.cache
def wordings() -> dict[str, Wording]:
    data = load_yaml("checks.yaml")
    return {name: _entry(name, raw) for name, raw in data["findings"].items()}


def finding(
    name: str,
    path: str | None,
    line: int | None,
    quote: str,
    *,
    severity: Severity | None = None,
    clause: int | None = None,
    **fields: object,
) -> Finding:
    """The finding `name` of data/checks.yaml at `path`:`line`, quoting `quote`."""
    w = wordings()[name]
    if (severity is None) != (w.severity != GIVEN) or (clause is None) != (w.clause != GIVEN):
        raise ValueError(f"{name}: severity or clause given where data/checks.yaml fixes it, or missing")
    sev = cast(Severity, w.severity) if severity is None else severity
    number = clause if clause is not None else cast("int | None", w.clause)
    fields = {**fields, "clause": number}
    return Finding(
        w.kind, number, sev, path, line, line, quote, w.why.format(**fields), w.rule.format(**fields)
    )

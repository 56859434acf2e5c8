"""A check's context built the way the engine builds it, from a small repository on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from openwash.assess import components
from openwash.assess.checks import Context
from openwash.assess.terms import resolve_terms
from openwash.evidence.collect import gather
from openwash.report import Finding
from openwash.sources.local import LocalSource


def context(root: Path, rating: str | None = None, **evidence: Any) -> Context:
    """`evidence` replaces fields of the gathered Evidence (a hub's `gated`, `upstream` facts)."""
    ev = replace(gather(LocalSource(str(root))), **evidence)
    terms = resolve_terms(ev)
    facts = components.gather_facts(ev)
    return Context(ev, terms, facts, components.components(ev, terms, facts), rating)


def card(front: str, body: str = "# Model\n") -> str:
    return f"---\n{front.strip()}\n---\n{body}"


def where(f: Finding) -> tuple[str, str, str | None, int | None, str]:
    """What a test asserts of every finding: its kind, severity, path, line and quote."""
    return (f.kind, f.severity, f.path, f.line_start, f.quote)

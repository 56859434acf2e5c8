"""The Open Source Definition's clauses (data/osd.yaml): titles and what each requires."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from openwash.datafiles import load_yaml


@dataclass(frozen=True)
class Clause:
    """One clause of the Open Source Definition (data/osd.yaml)."""

    number: int
    title: str
    requires: str
    breaks: tuple[str, ...]


@functools.cache
def clauses() -> dict[int, Clause]:
    data = load_yaml("osd.yaml")["clauses"]
    return {int(n): Clause(int(n), c["title"], c["requires"], tuple(c["breaks"])) for n, c in data.items()}


def title(number: int | None) -> str:
    if number is None:
        return "Other terms"
    return f"OSD {number}: {clauses()[number].title}"

"""The Open Source Definition's clauses (data/osd.yaml): titles and what each requires."""

from __future__ import annotations

import functools

from openwash.datafiles import load_yaml


class Clause:
    """One clause of the Open Source Definition (data/osd.yaml). (Read from data once: plain, as
    making a dataclass costs about 0.15 ms at every start.)"""

    def __init__(self, number: int, title: str, requires: str, breaks: tuple[str, ...]) -> None:
        self.number, self.title, self.requires, self.breaks = number, title, requires, breaks


@functools.cache
def clauses() -> dict[int, Clause]:
    data = load_yaml("osd.yaml")["clauses"]
    return {int(n): Clause(int(n), c["title"], c["requires"], tuple(c["breaks"])) for n, c in data.items()}


def title(number: int | None) -> str:
    if number is None:
        return "Other terms"
    return f"OSD {number}: {clauses()[number].title}"

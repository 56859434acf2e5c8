from __future__ import annotations

from pathlib import Path

import pytest
from check_context import card, context
from weights import write

from conftest import RESTRICTIVE
from openwash.assess.checks import claims

CLAIM = "Acme is a SOTA open-source text-to-speech system built for everyone."


@pytest.mark.parametrize(
    ("rating", "found"), [("open-access", True), ("open-source-ai", False), (None, False)]
)
def test_open_source_said_of_a_model_below_open_source_ai(
    tmp_path: Path, rating: str | None, found: bool
) -> None:
    write(tmp_path, {"README.md": card("license: other", f"# Acme\n\n{CLAIM}\n"), "LICENSE": RESTRICTIVE})
    got = claims.check(context(tmp_path, rating=rating))
    assert [(f.kind, f.path, f.line_start, f.quote) for f in got] == (
        [("open-source-claim", "README.md", 6, CLAIM)] if found else []
    )
    assert all(f"its openness tier is {rating}:" in f.explanation for f in got)

"""data/checks.yaml: every entry valid and used, and a bad entry refused when loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openwash.assess.checks import CHECKS, wording
from openwash.assess.checks.wording import _entry, finding

CHECKS_DIR = Path(wording.__file__).parent


def test_every_entry_is_emitted_by_a_check() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in CHECKS_DIR.glob("*.py"))
    named = set(re.findall(r'"([a-z-]+)"', source))
    assert set(wording.wordings()) <= named


def test_every_check_module_is_in_the_table() -> None:
    helpers = {"__init__", "context", "wording", "shared"}
    modules = {p.stem for p in CHECKS_DIR.glob("*.py")} - helpers
    assert modules == {c.run.__module__.rsplit(".", 1)[-1] for c in CHECKS}


@pytest.mark.parametrize(
    "raw",
    [
        {"kind": "no-such-kind", "severity": "concern", "why": "x"},
        {"kind": "gated-access", "severity": "fatal", "why": "x"},
        {"kind": "gated-access", "severity": "concern", "clause": 11, "why": "x"},
        {"kind": "gated-access", "severity": "concern"},
        {"kind": "gated-access", "severity": "concern", "why": "x {0}"},
        {"kind": "gated-access", "severity": "concern", "why": "x", "title": "y"},
    ],
)
def test_a_bad_entry_is_refused(raw: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"checks\.yaml: bad"):
        _entry("bad", raw)


def test_a_given_severity_must_be_given() -> None:
    with pytest.raises(ValueError):
        finding("card-license-mismatch", "README.md", 2, "license: mit", label="mit", governing="x")
    with pytest.raises(ValueError):
        finding("gated-access", "README.md", 2, "gated: true", severity="violation")

from __future__ import annotations

from pathlib import Path

from check_context import card, context, where
from weights import write

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.assess.checks import card_label


def test_an_open_label_over_failing_terms_is_a_violation(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": RESTRICTIVE})
    (f,) = card_label.check(context(tmp_path))
    assert where(f) == ("card-license-mismatch", "violation", "README.md", 2, "license: mit")
    assert f.explanation.startswith("The card's licence label says mit, but the weights are governed by")


def test_a_label_naming_the_licence_file_agrees(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": PERMISSIVE})
    assert card_label.check(context(tmp_path)) == []

from __future__ import annotations

from pathlib import Path

from check_context import card, context
from weights import write

from conftest import PERMISSIVE
from openwash.assess.checks import label_text


def test_a_label_with_no_text_behind_it(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit")})
    (f,) = label_text.check(context(tmp_path))
    assert (f.kind, f.path, f.line_start, f.quote) == ("missing-license-text", "README.md", 2, "license: mit")
    assert f.explanation.startswith("The card declares mit, but the repository carries no licence text")
    assert f.explanation.endswith("the label alone grants nothing a user can rely on.")


def test_under_a_base_model_the_base_governs(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit\nbase_model: meta-llama/Llama-2-7b-hf")})
    (f,) = label_text.check(context(tmp_path))
    assert f.explanation.endswith("what governs the weights is the base model's licence.")


def test_a_label_with_its_text(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": PERMISSIVE})
    assert label_text.check(context(tmp_path)) == []

from __future__ import annotations

from pathlib import Path

from check_context import card, context
from weights import write

from openwash.assess.checks import base_license


def test_a_fine_tune_inherits_the_base_models_terms(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("base_model: meta-llama/Llama-2-7b-hf")})
    found = base_license.check(context(tmp_path))
    assert found and {f.kind for f in found} == {"inherited-terms"}
    assert {f.clause for f in found} >= {5, 6}
    for f in found:
        assert (f.path, f.line_start, f.quote) == ("README.md", 2, "base_model: meta-llama/Llama-2-7b-hf")
        assert f.rule == f"inherited-{f.clause}"
        assert f.explanation.startswith("Inherited from the base model meta-llama/Llama-2-7b-hf (")


def test_own_terms_of_the_base_inherit_nothing_more(tmp_path: Path) -> None:
    from conftest import PERMISSIVE

    # An Apache-2.0 base with the repository's own MIT text: the own text governs.
    write(tmp_path, {"README.md": card("base_model: mistralai/Mistral-7B-v0.1"), "LICENSE": PERMISSIVE})
    assert base_license.check(context(tmp_path)) == []

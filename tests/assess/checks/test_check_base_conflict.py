from __future__ import annotations

from pathlib import Path

from check_context import card, context, where
from weights import write

from openwash.assess.checks import base_conflict


def test_a_permissive_label_over_a_restrictive_base(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: apache-2.0\nbase_model: meta-llama/Llama-2-7b-hf")})
    (f,) = base_conflict.check(context(tmp_path))
    assert where(f) == ("license-conflict", "violation", "README.md", 2, "license: apache-2.0")
    assert "the base model meta-llama/Llama-2-7b-hf is under" in f.explanation


def test_the_base_models_own_label_is_no_conflict(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: llama2\nbase_model: meta-llama/Llama-2-7b-hf")})
    assert base_conflict.check(context(tmp_path)) == []

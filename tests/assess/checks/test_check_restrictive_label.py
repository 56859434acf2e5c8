from __future__ import annotations

from pathlib import Path

from check_context import card, context, where
from weights import write

from conftest import PERMISSIVE
from openwash.assess.checks import restrictive_label


def test_a_restrictive_label_beside_a_permissive_file(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: llama3.1"), "LICENSE": PERMISSIVE})
    ctx = context(tmp_path)
    mismatch, *verdicts = restrictive_label.check(ctx)
    assert where(mismatch) == ("card-license-mismatch", "violation", "README.md", 2, "license: llama3.1")
    assert "but the licence file LICENSE says MIT:" in mismatch.explanation
    assert verdicts and all(f.kind == "inherited-terms" and f.rule == f"label-{f.clause}" for f in verdicts)
    assert all(f.quote == "license: llama3.1" for f in verdicts)
    assert ctx.terms.weights_source == "label-only"  # the resolution the check reports


def test_a_matching_label_is_not(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": PERMISSIVE})
    assert restrictive_label.check(context(tmp_path)) == []

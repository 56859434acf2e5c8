from __future__ import annotations

from pathlib import Path

from check_context import card, context
from weights import WEIGHTS, write

from conftest import PERMISSIVE
from openwash.assess.checks import preferred_form


def test_open_weights_alone_are_not_the_preferred_form(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": PERMISSIVE})
    (f,) = preferred_form.check(context(tmp_path, rating="open-weight"))
    assert (f.kind, f.clause, f.severity, f.path, f.line_start) == ("osd-clause", 2, "concern", WEIGHTS, None)
    assert f.quote == f"{WEIGHTS} (Git LFS pointer)"
    assert f.explanation.startswith("Weights are published without training code and data information:")


def test_only_for_open_weight(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit"), "LICENSE": PERMISSIVE})
    assert preferred_form.check(context(tmp_path, rating="open-access")) == []

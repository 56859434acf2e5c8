from __future__ import annotations

from pathlib import Path

from check_context import card, context, where
from weights import write

from conftest import PERMISSIVE
from openwash.assess.checks import datasets


def test_restrictive_training_data_behind_a_permissive_model(tmp_path: Path) -> None:
    write(
        tmp_path, {"README.md": card("license: mit\ndatasets:\n- bigcode/the-stack"), "LICENSE": PERMISSIVE}
    )
    (f,) = datasets.check(context(tmp_path))
    assert where(f) == ("dataset-terms", "concern", "README.md", 3, "datasets:")
    assert f.explanation.startswith(
        "Trained on bigcode/the-stack, whose terms (LicenseRef-the-stack-terms-of-use;"
    )


def test_open_training_data(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit\ndatasets:\n- wikipedia"), "LICENSE": PERMISSIVE})
    assert datasets.check(context(tmp_path)) == []

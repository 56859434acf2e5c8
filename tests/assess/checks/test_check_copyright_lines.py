from __future__ import annotations

from pathlib import Path

from check_context import context, where

from conftest import PERMISSIVE
from openwash.assess.checks import copyright_lines


def test_an_mit_text_without_its_copyright_line(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(PERMISSIVE.replace("Copyright (c) 2025 Example Labs\n", ""))
    (f,) = copyright_lines.check(context(tmp_path))
    assert where(f) == ("missing-notice", "concern", "LICENSE", 1, "MIT License")
    assert f.rule == "missing-copyright-line"
    assert f.explanation.startswith("This MIT text has no copyright line")


def test_with_its_copyright_line(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(PERMISSIVE)
    assert copyright_lines.check(context(tmp_path)) == []

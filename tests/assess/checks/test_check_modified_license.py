from __future__ import annotations

from pathlib import Path

from check_context import context

from conftest import PERMISSIVE
from openwash.assess.checks import modified_license

ADDED = "The Software may not be used for military purposes."


def test_terms_added_to_a_known_licence_are_quoted(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(PERMISSIVE + "\n" + ADDED + "\n")
    (f,) = modified_license.check(context(tmp_path))
    assert (f.kind, f.path, f.line_start) == ("modified-license", "LICENSE", None)
    assert ADDED in f.quote
    assert f.explanation.startswith("A known licence (MIT) with terms added")


def test_an_unmodified_licence_is_not(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(PERMISSIVE)
    assert modified_license.check(context(tmp_path)) == []

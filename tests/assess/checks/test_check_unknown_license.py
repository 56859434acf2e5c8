from __future__ import annotations

from pathlib import Path

from check_context import context, where

from openwash.assess.checks import unknown_license


def test_an_uncatalogued_licence_text_is_named_unknown(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(
        "\nZORBLAX PUBLIC TERMS\n\nYou may use the Zorblax model for any purpose whatsoever.\n"
    )
    (f,) = unknown_license.check(context(tmp_path))
    assert where(f) == ("unknown-license", "concern", "LICENSE", 1, "ZORBLAX PUBLIC TERMS")
    assert "cannot name this licence" in f.explanation


def test_a_catalogued_licence_is_not(tmp_path: Path) -> None:
    from conftest import PERMISSIVE

    (tmp_path / "LICENSE").write_text(PERMISSIVE)
    assert unknown_license.check(context(tmp_path)) == []

from __future__ import annotations

from pathlib import Path

from check_context import card, context
from weights import write

from openwash.assess.checks import gated


def test_the_cards_gating_prompt_is_quoted(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card('license: mit\nextra_gated_prompt: "Accept our terms to download"')})
    (f,) = gated.check(context(tmp_path))
    assert (f.kind, f.clause, f.severity, f.path, f.line_start) == (
        "gated-access",
        7,
        "concern",
        "README.md",
        3,
    )
    assert f.quote == 'extra_gated_prompt: "Accept our terms to download"'


def test_the_hubs_word_when_the_card_says_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit")})
    (f,) = gated.check(context(tmp_path, gated="manual", label="hf:acme/model"))
    assert (f.path, f.line_start, f.quote) == ("hf:acme/model", None, "gated: manual")


def test_ungated(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": card("license: mit")})
    assert gated.check(context(tmp_path)) == []

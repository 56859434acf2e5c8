"""Which sentences of a terms file are analysed (assess/terms.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import spdx_text
from openwash.engine import scan

Repo = Callable[..., Path]


def test_every_licence_of_a_file_is_read_not_only_what_the_first_one_adds(make_repo: Repo) -> None:
    terms = (
        "Acme Model Licence\n\n"
        "Copyright 2024 Acme Labs\n\n"
        "You may use the model weights for non-commercial research purposes only.\n"
    )
    text = spdx_text("Apache-2.0") + "\n\nA note on the project.\n\n" + terms
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    quotes = [f.quote for f in report.findings if f.severity == "violation"]
    assert any("non-commercial research purposes only" in q for q in quotes)
    assert report.tier == "open-access"
    # The same file without the model licence: the note adds nothing restrictive.
    clean = scan(
        str(make_repo({"LICENSE": spdx_text("Apache-2.0") + "\n\nA note on the project.\n"}, name="n"))
    )
    assert not [f for f in clean.findings if f.severity == "violation"]

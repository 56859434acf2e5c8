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


def test_an_unmodified_osi_approved_licence_in_a_pile_has_nothing_to_find(make_repo: Repo) -> None:
    # The Attribution Assurance License (OSI-approved) asks for a notice to be displayed: alone,
    # its exact text is clean by definition, and so it is beside another licence.
    aal, nc = spdx_text("AAL"), spdx_text("CC-BY-NC-4.0")
    report = scan(str(make_repo({"LICENSE": aal + "\n\n" + nc}, weights=True)))
    aal_lines = aal.count("\n") + 1
    assert not [
        f
        for f in report.findings
        if f.path == "LICENSE" and f.line_start is not None and f.line_start <= aal_lines
    ]
    nc_quotes = [f.quote for f in report.findings if f.path == "LICENSE" and f.clause == 6]
    assert any("NonCommercial" in q or "commercial" in q.lower() for q in nc_quotes)
    assert scan(str(make_repo({"LICENSE": aal}, name="alone"))).findings == ()

"""A file holding several whole licences: each named with its own lines (licenses/identify.py's
sections, licenses/sections.py's cuts)."""

from __future__ import annotations

import pytest

from conftest import spdx_text
from openwash.licenses import sections
from openwash.licenses.identify import identify_text


def _named(ids: list[str]) -> list[tuple[str, bool, str]]:
    texts = [spdx_text(i) for i in ids]
    text = "\n\n".join(texts)
    lines = text.split("\n")
    return [
        (s.identity.id, s.identity.modified, lines[s.line_start - 1].strip())
        for s in identify_text(text).sections
    ]


@pytest.mark.parametrize(
    "ids",
    [
        # Long licences cut by their own headings ("TERMS AND CONDITIONS", "2. License Grants"),
        # with no separator between them: each is found whole, from its title on.
        ["GPL-2.0-only", "MPL-2.0", "CC-BY-NC-4.0", "Apache-2.0"],
        ["CC-BY-SA-4.0", "CC-BY-NC-4.0", "OSL-3.0", "EPL-2.0"],
        # Relatives: a piece of the AGPL is closest to the GPL or the SSPL alone.
        ["Apache-2.0", "GPL-3.0-only", "AGPL-3.0-only", "LGPL-2.1-only"],
    ],
)
def test_whole_licences_one_after_another_are_each_named_unmodified(ids: list[str]) -> None:
    found = _named(ids)
    assert [(i, m) for i, m, _ in found] == [(i, False) for i in ids]
    for (_, _, first), lid in zip(found, ids, strict=True):
        assert first == spdx_text(lid).split("\n", 1)[0].strip()  # the section starts at its title


def test_a_cut_off_licence_at_the_end_stays_apart_from_the_one_above() -> None:
    mpl = spdx_text("MPL-2.0")
    text = spdx_text("Apache-2.0") + "\n\n" + mpl[: len(mpl) // 2]
    found = identify_text(text).sections
    assert found[0].identity.id == "Apache-2.0" and not found[0].identity.modified
    assert len(found) == 2 and found[1].identity.id != "Apache-2.0"


@pytest.mark.parametrize(
    ("line", "starts"),
    [
        ("GNU AFFERO GENERAL PUBLIC LICENSE", True),
        ("Mozilla Public License Version 2.0", True),
        ("Creative Commons Attribution-NonCommercial 4.0 International", True),
        ("## The MIT License (MIT)", True),
        ("XFree86 License (version 1.1)", True),
        ("2. License Grants and Conditions", False),
        ("TERMS AND CONDITIONS", False),
        ("   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", False),
        ("END OF TERMS AND CONDITIONS", False),
        ("Exhibit A - Source Code Form License Notice", False),
        ("If you create software not governed by this License, and you want to", False),
    ],
)
def test_a_licence_starts_at_its_own_name_not_at_a_heading_inside_one(line: str, starts: bool) -> None:
    assert sections.starts_licence(line + "\n\nSome text.") is starts


def test_bundled_licences_under_banners_after_a_project_note_are_each_named() -> None:
    text = (
        spdx_text("Apache-2.0")
        + "\n\nThis repository also bundles code from other projects, under their own licences.\n\n"
        + "------------- LICENSE FOR Acme code --------------\n\n"
        + spdx_text("BSD-3-Clause").replace("<year>", "2021").replace("<owner>", "Acme")
        + "\n\n------------- LICENSE FOR Widget code --------------\n\n"
        + spdx_text("MIT").replace("<year>", "2020").replace("<copyright holders>", "Widget")
    )
    ident = identify_text(text)
    assert [s.identity.id for s in ident.sections] == ["Apache-2.0", "BSD-3-Clause", "MIT"]
    # The note is the Apache text's only addition; no restriction in it: the file stays free.
    assert ident.sections[0].identity.added_text == (
        "This repository also bundles code from other projects, under their own licences.",
    )
    assert ident.known_open


def test_a_title_in_html_or_a_wrapped_sentence() -> None:
    assert sections.title('<h2 align="center"> ACME-7B LICENSE AGREEMENT </h2>\n\nThis Agreement ...') == (
        1,
        "ACME-7B LICENSE AGREEMENT",
    )
    wrapped = "Notice: this model is released for research only, and using the\nmodel means acceptance of this agreement. If you do not agree, do not use it.\n"
    assert sections.title(wrapped) is None


@pytest.mark.parametrize("unit", [" ", "<a>", "#", "<a", "</b "])
def test_cutting_a_file_into_blocks_is_linear_in_a_long_line(unit: str) -> None:
    from growth import superlinear

    def make(n: int) -> str:
        return "MIT License\n\nx" + unit * n + "y\n\n" + unit * n + "\n"

    ratio = superlinear(sections.blocks, make, 20_000)
    assert ratio is None, f"cutting into blocks grows x{ratio:.1f} for a line twice as long"

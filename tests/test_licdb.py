"""Issue 14, licence part: the LicenseDB catalogue, files holding several licences, standard
parts that are not modifications, catalogue verdicts, own ids for uncatalogued terms, rules."""

from __future__ import annotations

from typing import Any

import pytest

from openwash.clauses.analyser import analyse
from openwash.clauses.catalogue import catalogue_findings
from openwash.engine import scan
from openwash.licenses import licensedb, sections
from openwash.licenses.identify import UNKNOWN, identify_text
from openwash.licenses.spdx_index import load_index

needs_db = pytest.mark.skipif(licensedb.data_dir() is None, reason="licensedcode-data is not installed")


def _spdx_text(spdx_id: str) -> str:
    ix = load_index()
    return next(ix.text(g) for g, grp in enumerate(ix.groups) if spdx_id in grp.ids)


def _db_text(key: str) -> str:
    return next(text for entry, text in licensedb.entries() if entry.key == key)


MIT_BODY = _spdx_text("MIT").split("\n\n", 2)[2]  # without its title and copyright lines


def test_a_file_holding_several_licences_names_each_with_its_lines() -> None:
    text = (
        _spdx_text("Apache-2.0")
        + "\n\n--------------------------------------------------------------\n\n"
        + "MIT License\n\nCopyright (c) 2021 Bundled Authors\n\n"
        + MIT_BODY
        + "\n\n==============================================================\n\n"
        + _spdx_text("BSD-3-Clause")
    )
    ident = identify_text(text)
    assert ident.id == "Apache-2.0"
    ids = [s.identity.id for s in ident.sections]
    assert ids == ["Apache-2.0", "MIT", "BSD-3-Clause"]
    assert [s.main for s in ident.sections] == [True, False, False]
    lines = text.split("\n")
    mit = ident.sections[1]
    assert lines[mit.line_start - 1] == "MIT License"
    assert ident.sections[0].line_end < mit.line_start <= mit.line_end < ident.sections[2].line_start


def test_one_licence_is_not_split() -> None:
    assert identify_text(_spdx_text("Apache-2.0")).sections == ()


def test_a_filled_in_copyright_line_and_a_title_are_not_modifications() -> None:
    body = _spdx_text("BSD-3-Clause")
    text = (
        "BSD 3-Clause License\n\nCopyright (c) 2020, the respective contributors, as shown by the AUTHORS file.\nAll rights reserved.\n\n"
        + body.split("\n\n", 1)[1]
    )
    ident = identify_text(text)
    assert (ident.id, ident.modified, ident.osi_approved) == ("BSD-3-Clause", False, True)


def test_software_copyright_line_is_a_notice() -> None:
    text = "MIT License\n\nSoftware Copyright (c) 2019 OpenAI\n\n" + MIT_BODY
    ident = identify_text(text)
    assert (ident.id, ident.modified) == ("MIT", False)


@needs_db
def test_creative_commons_notices_are_not_modifications() -> None:
    ident = identify_text(_db_text("cc-by-nc-4.0"))
    assert (ident.id, ident.modified, ident.category) == ("CC-BY-NC-4.0", False, "Source-available")


@needs_db
def test_a_licencedb_text_is_named_by_its_key() -> None:
    entry, text = next(
        (e, t)
        for e, t in licensedb.entries()
        if e.id.startswith("LicenseRef-scancode-") and e.category == "Proprietary Free" and len(t) > 2000
    )
    assert identify_text(text).id == entry.id


@needs_db
def test_catalogue_verdicts_quote_the_licence_or_the_naming_line() -> None:
    text = _db_text("cc-by-nc-4.0")
    found = catalogue_findings("CC-BY-NC-4.0", "LICENSE", 1, "Attribution-NonCommercial 4.0", text=text)
    assert {f.clause for f in found} == {1, 6}
    assert all("ommercial" in f.quote and f.line_start and f.line_start > 1 for f in found)
    named = catalogue_findings("CC-BY-NC-ND-4.0", "README.md", 7, "licensed under CC-BY-NC-ND 4.0")
    assert {f.clause for f in named} == {1, 3, 6}
    assert all(f.line_start == 7 and f.severity == "violation" for f in named)
    assert catalogue_findings("MIT", "README.md", 3, "MIT") == []
    assert catalogue_findings("Apache-2.0", "README.md", 3, "Apache") == []


def test_uncatalogued_terms_get_an_id_from_their_title() -> None:
    text = (
        "Copyright (c) 2021, Example Corp. All rights reserved.\n\n"
        "Example Source Code License for WidgetNet\n\n=====\n\n"
        '1. Definitions\n\n"Work" means the software.\n\n2. Grant\n\nYou may use the Work.\n'
    )
    ident = identify_text(text)
    assert ident.id == "LicenseRef-example-source-code-license-widgetnet"
    assert not ident.catalogued
    assert (
        sections.own_id("FISH AUDIO RESEARCH LICENSE AGREEMENT") == "LicenseRef-fish-audio-research-license"
    )
    assert sections.own_id("Software License Agreement") is None
    assert identify_text("Some words here without any title at all.\nMore words.").id == UNKNOWN


def test_a_model_licence_file_names_its_own_terms_the_model_licence(make_repo: Any) -> None:
    assert (
        sections.own_id_for_file("LicenseRef-acme-license", "MODEL_LICENSE")
        == "LicenseRef-acme-model-license"
    )
    assert sections.own_id_for_file("LicenseRef-acme-license", "weights-license.md") == (
        "LicenseRef-acme-weights-license"
    )
    assert sections.own_id_for_file("LicenseRef-acme-model-license", "MODEL_LICENSE") == (
        "LicenseRef-acme-model-license"
    )
    assert sections.own_id_for_file("LicenseRef-acme-license", "LICENSE") == "LicenseRef-acme-license"
    terms = "The Acme License\n\n1. Definitions\n\nYou may use the Software for research only.\n"
    report = scan(str(make_repo({"MODEL_LICENSE": terms, "README.md": "# Acme\n"}, weights=True)))
    assert [i.id for i in report.licenses] == ["LicenseRef-acme-model-license"]


def test_a_known_text_with_terms_under_its_own_title_is_that_licence() -> None:
    text = "Noncommercial Use License\n\n" + MIT_BODY.replace(
        "The above copyright notice",
        "No portion of the Software may be used for commercial purposes.\n\nThe above copyright notice",
    )
    ident = identify_text(text)
    assert ident.id == "LicenseRef-noncommercial-use-license"
    assert ident.modified and ident.spdx_id == "MIT"


@pytest.mark.parametrize("lid", ["MPL-2.0", "BSL-1.0"])
def test_a_known_text_with_a_sentence_added_under_its_own_usual_title_keeps_its_name(lid: str) -> None:
    # The title its own text carries ("Mozilla Public License Version 2.0") is no title of another
    # licence, though it is not spelled as the licence's name.
    paras = _spdx_text(lid).split("\n\n")
    paras.insert(2, "This copy is distributed together with the Acme widget toolkit.")
    ident = identify_text("\n\n".join(paras))
    assert ident.id == lid and ident.modified and ident.catalogued


@needs_db
def test_a_licencedb_text_under_a_title_of_its_own_keeps_the_catalogue_verdict(make_repo: Any) -> None:
    # A restricted LicenseDB text (the Allen Institute's non-commercial software licence) with a
    # title and a sentence of its own: named by its title, still judged as the text it is.
    text = "Acme Research Model License\n\n" + _db_text("allen-institute-software-2018")
    text += "\n\nYou must cite the Acme paper in any publication.\n"
    ident = identify_text(text)
    assert ident.id == "LicenseRef-acme-research-model-license" and ident.modified
    assert ident.category == "Free Restricted" and ident.spdx_id is None
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    assert report.tier == "open-access"
    assert any(f.severity == "violation" and f.path == "LICENSE" for f in report.findings)


def _clauses(text: str) -> set[int]:
    return {f.clause for f in analyse(text, "LICENSE") if f.severity == "violation" and f.clause}


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        ("You may not redistribute the Model.", {1}),
        (
            "You may not copy, sell or distribute the Software without the prior written permission of Acme.",
            {1},
        ),
        (
            "If your service has more than 1,000,000 visits per month, you must request a license from us.",
            {5},
        ),
        (
            "Users who wish to use the models for commercial purposes must register with the licensor first.",
            {7},
        ),
        (
            "The Work and any derivative works thereof only may be used or intended for use non-commercially.",
            {1, 6},
        ),
        ("Non-commercial means for research or evaluation purposes only.", {6}),
        ("The Software may be used solely for your internal evaluation purposes.", {6}),
        ("This licence is for non-commercial research purposes.", {1, 6}),
    ],
)
def test_rules_that_generalise(sentence: str, clauses: set[int]) -> None:
    assert clauses <= _clauses(sentence)


def test_termination_at_will_is_a_concern() -> None:
    found = analyse("The Licensor may terminate this licence at any time for any reason.", "LICENSE")
    assert [f.severity for f in found if f.rule == "termination-at-will"] == ["concern"]
    assert not _clauses("The Licensor may terminate this licence at any time for any reason.")


@pytest.mark.parametrize(
    "sentence",
    [
        "You may not copy, modify, sublicense, or distribute the Program except as expressly provided under this License.",
        "Neither the name of the copyright holder may be used to endorse or promote products without specific prior written permission.",
        "You may copy and distribute the Work, even for commercial purposes, all without asking permission.",
        "You may not sublicense the Work.",
    ],
)
def test_free_wording_is_no_violation(sentence: str) -> None:
    assert not _clauses(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If your service has more than 1,000,000 visits per month, you may not use the Model.",
        "Permission is granted to use the Software in products with more than 100 million users only if you obtain a separate license.",
    ],
)
def test_a_size_cap_is_a_clause_5_violation(sentence: str) -> None:
    assert 5 in _clauses(sentence)


def test_no_violation_on_osi_approved_texts() -> None:
    """The rules must not fire on any OSI-approved SPDX text. IPA's "The Recipient may not alter
    or otherwise modify the Licensed Program" (a condition on its derived programs, read alone
    a ban) is the one known exception; an unmodified OSI text is never analysed by the engine."""
    from openwash.licenses.spdx_index import catalog

    ix = load_index()
    cat = catalog()
    flagged = {
        grp.ids[0]
        for g, grp in enumerate(ix.groups)
        if any(cat[i].osi_approved for i in grp.ids) and _clauses(ix.text(g))
    }
    assert flagged <= {"IPA"}


@needs_db
def test_a_licencedb_id_named_without_its_text_carries_its_category() -> None:
    from openwash.licenses import names

    non_free = next(
        e for e, _ in licensedb.entries() if e.category == "Proprietary Free" and e.spdx_id is None
    )
    free = next(e for e, _ in licensedb.entries() if e.category == "Permissive" and e.spdx_id is None)
    assert [c for c, _, _ in names.verdict(non_free.id)] == [1]
    assert names.compliant(non_free.id) is False
    assert names.verdict(free.id) == [] and names.compliant(free.id) is True


def test_a_licensor_that_may_stop_distributing_does_not_terminate_at_will() -> None:
    text = "The Licensor may stop distributing the Licensed Material at any time; however, doing so will not terminate this Public License."
    assert not [f for f in analyse(text, "LICENSE") if f.rule == "termination-at-will"]

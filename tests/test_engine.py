"""The scan engine on repositories the tests write themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE, RESTRICTIVE
from openwash.engine import scan
from openwash.report import Report

Repo = Callable[..., Path]

CARD = """---
license: {license}
datasets:
- {dataset}
{extra}---

# Example model

This model was trained on the {dataset} dataset (1T tokens, deduplicated and filtered).
"""


def violated(report: Report) -> set[int]:
    return {f.clause for f in report.violations if f.clause is not None}


def test_permissive_weights_without_training_code_are_open_weight(make_repo: Repo) -> None:
    repo = make_repo(
        {"LICENSE": PERMISSIVE, "README.md": CARD.format(license="mit", dataset="allenai/c4", extra="")},
        weights=True,
    )
    report = scan(str(repo))
    assert report.tier == "open-weight"
    assert report.licenses[0].id == "MIT" and report.licenses[0].osi_approved
    assert not report.violations
    clause2 = [f for f in report.findings if f.clause == 2]
    assert clause2 and clause2[0].severity == "concern" and "training code" in clause2[0].explanation
    assert report.components["weights"].present and report.components["weights"].terms_source == "own-text"


def test_training_code_and_data_information_reach_open_source_ai(make_repo: Repo) -> None:
    repo = make_repo(
        {
            "LICENSE": PERMISSIVE,
            "scripts/train.py": "print('train')\n",
            "README.md": CARD.format(license="mit", dataset="togethercomputer/RedPajama-Data-1T", extra=""),
        },
        weights=True,
    )
    report = scan(str(repo))
    assert report.tier == "open-source-ai"
    assert any("open data terms" in s for s in report.next_steps)


def test_restrictive_terms_are_open_access_with_quoted_clauses(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE}, weights=True)
    report = scan(str(repo))
    assert report.tier == "open-access"
    assert violated(report) >= {3, 5, 6}
    five = next(f for f in report.violations if f.clause == 5)
    assert "500 million monthly active users" in five.quote
    assert (five.path, five.line_start, five.line_end) == ("LICENSE", 5, 8)
    # Terms no catalogue names get an id from their own title line.
    assert report.licenses[0].id == "LicenseRef-acme-model-community-license"
    assert report.licenses[0].osd_compliant is False
    assert all(f.quote for f in report.findings)


def test_no_weights_is_closed(make_repo: Repo) -> None:
    repo = make_repo({"MODEL_CARD.md": "# Model card\n\nAn API-only model.\n"})
    assert scan(str(repo)).tier == "closed"


def test_no_model_is_rated_on_the_licence_alone(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE": PERMISSIVE, "README.md": "# A library\n"})
    report = scan(str(repo))
    assert (report.tier, report.model_found) == ("open-source", False)
    assert "No model found" in report.warnings[0]


def test_card_label_disagreeing_with_licence_file(make_repo: Repo) -> None:
    repo = make_repo(
        {"LICENSE": RESTRICTIVE, "README.md": CARD.format(license="apache-2.0", dataset="c4", extra="")},
        weights=True,
    )
    report = scan(str(repo))
    mismatch = [f for f in report.findings if f.kind == "card-license-mismatch"]
    assert mismatch and mismatch[0].quote == "license: apache-2.0" and mismatch[0].line_start == 2


def test_fine_tune_inherits_base_terms_and_conflicts_with_its_label(make_repo: Repo) -> None:
    card = "---\nlicense: mit\n---\n\n# Tuned\n\n- **Finetuned from:** [Llama 2 13B](https://huggingface.co/meta-llama/Llama-2-13b-hf)\n"
    report = scan(str(make_repo({"README.md": card}, weights=True)))
    assert report.tier == "open-access"
    inherited = [lic for lic in report.licenses if lic.inherited_from]
    assert inherited and inherited[0].id == "LicenseRef-scancode-llama-2-license-2023"
    kinds = {f.kind for f in report.findings}
    assert {"inherited-terms", "license-conflict", "card-license-mismatch", "missing-license-text"} <= kinds
    inherited_findings = [f for f in report.findings if f.kind == "inherited-terms"]
    assert all(f.line_start == 7 and "Finetuned from" in f.quote for f in inherited_findings)
    assert report.components["weights"].terms_source == "inherited"


def test_permissive_label_without_text_is_unknown_terms(make_repo: Repo) -> None:
    report = scan(
        str(
            make_repo(
                {"README.md": "---\nlicense: apache-2.0\npipeline_tag: text-generation\n---\n# M\n"},
                weights=True,
            )
        )
    )
    assert report.tier == "open-access"
    assert any(f.kind == "missing-license-text" for f in report.findings)
    assert report.components["weights"].terms_source == "label-only"


def test_open_source_claim_below_open_source_ai(make_repo: Repo) -> None:
    card = "# Model\n\nWe open-source our ACME models for everyone.\n"
    report = scan(str(make_repo({"LICENSE": RESTRICTIVE, "README.md": card}, weights=True)))
    claims = [f for f in report.findings if f.kind == "open-source-claim"]
    assert claims and claims[0].line_start == 3


def test_appended_restriction_makes_a_known_licence_modified(make_repo: Repo) -> None:
    text = PERMISSIVE + "\nYou may not use the Software for military purposes.\n"
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    lic = report.licenses[0]
    assert lic.id == "MIT" and lic.modified and not lic.osi_approved
    assert any("military" in t for t in lic.added_text)
    assert 6 in violated(report) and report.tier == "open-access"


def test_dataset_terms_behind_a_permissive_label(make_repo: Repo) -> None:
    repo = make_repo(
        {
            "LICENSE": PERMISSIVE,
            "README.md": CARD.format(license="mit", dataset="tatsu-lab/alpaca", extra=""),
        },
        weights=True,
    )
    findings = [f for f in scan(str(repo)).findings if f.kind == "dataset-terms"]
    assert findings and "CC-BY-NC-4.0" in findings[0].explanation


def test_gated_front_matter_is_a_clause_7_concern(make_repo: Repo) -> None:
    card = CARD.format(license="mit", dataset="c4", extra="extra_gated_prompt: You agree to the terms.\n")
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card}, weights=True)))
    gated = [f for f in report.findings if f.kind == "gated-access"]
    assert gated and gated[0].clause == 7 and gated[0].severity == "concern"


def test_release_style_model_and_code_licences_split(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE-CODE": PERMISSIVE, "LICENSE-MODEL": RESTRICTIVE}, weights=True)
    report = scan(str(repo))
    by_path = {lic.path: lic for lic in report.licenses}
    assert by_path["LICENSE-CODE"].governs == ("code",)
    assert "weights" in by_path["LICENSE-MODEL"].governs
    assert report.tier == "open-access"


def test_weight_files_are_never_read(make_repo: Repo) -> None:
    repo = make_repo({"LICENSE": PERMISSIVE})
    (repo / "pytorch_model.bin").write_bytes(b"\x00\xff" * 5000)  # binary, not a pointer
    report = scan(str(repo))
    assert report.components["weights"].present and report.tier == "open-weight"


def test_an_intro_line_above_a_free_licence_keeps_it_compliant(make_repo: Repo) -> None:
    text = "This model and its code are released under the following licence.\n\n" + PERMISSIVE
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    lic = report.licenses[0]
    assert lic.id == "MIT" and lic.osd_compliant is True
    assert report.tier == "open-weight"


def test_weights_said_to_be_withheld_are_not_published(make_repo: Repo) -> None:
    card = (
        "# Model card\n\nWe are not releasing the model weights; download the model outputs from our API.\n"
    )
    assert scan(str(make_repo({"MODEL_CARD.md": card}))).tier == "closed"
    published = "# Model card\n\nDownload the weights: `huggingface-cli download acme/model`\n"
    assert scan(str(make_repo({"MODEL_CARD.md": published}, name="pub"))).tier == "open-access"

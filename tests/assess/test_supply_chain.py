"""Permissive-washing and licence breaks along the supply chain (dataset -> base model -> model),
on the corpus cases and on texts the tests write themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CORPUS, PERMISSIVE, materialize_case, needs_shared
from openwash.engine import scan
from openwash.report import Report

SUPPLY_KINDS = {
    "license-conflict",
    "missing-license-text",
    "missing-notice",
    "dataset-terms",
    "inherited-terms",
}


def scan_case(name: str, tmp_path: Path) -> Report:
    assert (CORPUS / name).is_dir(), f"corpus case {name} is not in {CORPUS}"
    return scan(str(materialize_case(name, tmp_path / name)))


@needs_shared
def test_fine_tune_labelled_apache_over_llama_2(tmp_path: Path) -> None:
    report = scan_case("llama-2-70b-oasst-1-200", tmp_path)
    assert report.tier == "open-access"
    by_kind = {f.kind: f for f in report.findings}
    conflict = by_kind["license-conflict"]
    assert conflict.clause is None and conflict.quote == "license: apache-2.0" and conflict.line_start == 2
    assert by_kind["card-license-mismatch"].quote == "license: apache-2.0"
    assert by_kind["missing-license-text"].severity == "concern"
    inherited = [f for f in report.findings if f.kind == "inherited-terms"]
    assert {f.clause for f in inherited} == {3, 5, 6, 10}
    assert all("Llama2 70B" in f.quote and f.path == "README.md" for f in inherited)
    weights = report.components["weights"]
    assert (
        weights.terms_source == "inherited" and weights.license == "LicenseRef-scancode-llama-2-license-2023"
    )
    base = [lic for lic in report.licenses if lic.inherited_from]
    assert base and base[0].path is None


@needs_shared
@pytest.mark.parametrize(
    "case", ["mixtral-8x7b", "whisper", "pythia-6.9b", "olmo-7b", "grok-1", "qwen2.5-7b"]
)
def test_no_supply_chain_finding_with_a_complete_licence_text(case: str, tmp_path: Path) -> None:
    report = scan_case(case, tmp_path)
    found = [f for f in report.findings if f.kind in SUPPLY_KINDS | {"card-license-mismatch"}]
    assert found == [], found


@needs_shared
def test_deepseek_r1_does_not_import_distilled_models_llama_terms(tmp_path: Path) -> None:
    report = scan_case("deepseek-r1", tmp_path)
    assert report.base_model is None and not any(lic.inherited_from for lic in report.licenses)


def test_mit_text_without_copyright_line_is_missing_attribution(make_repo: Callable[..., Path]) -> None:
    text = "\n".join(line for line in PERMISSIVE.splitlines() if not line.startswith("Copyright"))
    report = scan(str(make_repo({"LICENSE": text}, weights=True)))
    notice = [f for f in report.findings if f.kind == "missing-notice"]
    assert notice and notice[0].path == "LICENSE" and notice[0].severity == "concern"


def test_apache_base_notice_is_reported_as_unchecked_offline(make_repo: Callable[..., Path]) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n# Tuned Mistral\n"
    report = scan(str(make_repo({"README.md": card}, weights=True)))
    notice = [f for f in report.findings if f.kind == "missing-notice"]
    assert notice and "could not check" in notice[0].explanation and notice[0].quote.startswith("base_model:")

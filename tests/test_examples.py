"""The example model repositories in examples/ and the report each gives.

Each report is checked two ways: the facts a reader of the README relies on, asserted here, and the
whole report's substance (tier, licences, components, every finding with its quote) compared with
tests/expected/<example>.json, so that any change of behaviour shows up as a diff in review. After
an intended change: `OPENWASH_UPDATE_EXAMPLES=1 python -m pytest tests/test_examples.py`, then read
the diff before committing it.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT
from openwash.cli import main

EXPECTED = ROOT / "tests" / "expected"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
LLAMA_2 = "LicenseRef-scancode-llama-2-license-2023"


def json_report(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["scan", str(EXAMPLES / name), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def substance(report: dict[str, Any]) -> dict[str, Any]:
    """What the report says about the repository, without wording that may be polished freely."""
    return {
        "tier": report["tier"],
        "model_found": report["model_found"],
        "mof_class": report["mof_class"],
        "base_model": report["base_model"],
        "licenses": [
            {
                k: lic[k]
                for k in ("path", "id", "source", "governs", "osi_approved", "osd_compliant", "modified")
            }
            for lic in report["licenses"]
        ],
        "components": {
            name: {k: c[k] for k in ("present", "license", "osd_compliant", "terms_source")}
            for name, c in report["components"].items()
        },
        "findings": [
            {k: f[k] for k in ("kind", "clause", "severity", "path", "line_start", "line_end", "quote")}
            for f in report["findings"]
        ],
    }


def violated(report: dict[str, Any]) -> set[int]:
    return {f["clause"] for f in report["findings"] if f["severity"] == "violation" and f["clause"]}


def test_there_are_three_examples() -> None:
    assert NAMES == ["apache-2.0-model", "llama-2-finetune", "non-commercial-weights"]


@pytest.mark.parametrize("name", NAMES)
def test_report_matches_the_checked_in_one(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    got = substance(json_report(name, capsys))
    path = EXPECTED / f"{name}.json"
    if os.environ.get("OPENWASH_UPDATE_EXAMPLES") == "1":
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_weights_are_lfs_pointers_only(name: str) -> None:
    weights = [p for p in (EXAMPLES / name).iterdir() if p.suffix == ".safetensors"]
    assert weights
    for p in weights:
        assert p.stat().st_size < 200
        assert p.read_text(encoding="utf-8").startswith("version https://git-lfs.github.com/spec/v1\n")


def test_apache_model_is_open_weight(capsys: pytest.CaptureFixture[str]) -> None:
    report = json_report("apache-2.0-model", capsys)
    assert report["tier"] == "open-weight"
    assert {lic["id"] for lic in report["licenses"]} == {"Apache-2.0"}
    assert violated(report) == set()
    assert report["components"]["weights"]["license"] == "Apache-2.0"


def test_llama_fine_tune_labelled_apache_is_open_access(capsys: pytest.CaptureFixture[str]) -> None:
    report = json_report("llama-2-finetune", capsys)
    assert report["tier"] == "open-access"
    assert report["base_model"] == "meta-llama/Llama-2-7b-hf"
    ids = {lic["id"]: lic for lic in report["licenses"]}
    assert set(ids) == {"Apache-2.0", LLAMA_2}
    assert ids[LLAMA_2]["inherited_from"] == "meta-llama/Llama-2-7b-hf"
    weights = report["components"]["weights"]
    assert (weights["license"], weights["terms_source"]) == (LLAMA_2, "inherited")
    assert violated(report) == {3, 5, 6, 10}
    by_kind = {f["kind"]: f for f in report["findings"]}
    assert by_kind["license-conflict"]["quote"] == "license: apache-2.0"
    assert by_kind["inherited-terms"]["quote"] == "base_model: meta-llama/Llama-2-7b-hf"


def test_non_commercial_weights_are_open_access(capsys: pytest.CaptureFixture[str]) -> None:
    report = json_report("non-commercial-weights", capsys)
    assert report["tier"] == "open-access"
    assert {(lic["id"], lic["osi_approved"]) for lic in report["licenses"]} == {("CC-BY-NC-4.0", False)}
    assert violated(report) == {1, 6}
    assert all("NonCommercial" in f["quote"] for f in report["findings"] if f["clause"] in (1, 6))


def test_comment_quotes_an_inherited_licence_once_with_its_clauses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert main(["scan", str(EXAMPLES / "llama-2-finetune"), "--format", "markdown"]) == 0
    comment = capsys.readouterr().out
    assert comment.count("> base\\_model: meta-llama/Llama-2-7b-hf") == 1
    section = comment.split("#### Terms inherited from the base model\n", 1)[1].split("\n#### ", 1)[0]
    assert "🔴 **violation** · README.md:L3 · OSD 3, 5, 6, 10" in section
    assert section.count("(Llama 2 Community License Agreement)") == 1
    bullets = [line for line in section.splitlines() if line.startswith("- **OSD ")]
    assert [b.split("**")[1] for b in bullets] == [
        "OSD 3 (Derived Works)",
        "OSD 5 (No Discrimination Against Persons or Groups)",
        "OSD 6 (No Discrimination Against Fields of Endeavor)",
        "OSD 10 (License Must Be Technology-Neutral)",
    ]
    assert "700 million monthly active users" in bullets[1]

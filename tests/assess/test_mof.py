"""Model Openness Framework class, checked against the Model Openness Tool's own results."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA, ROOT, SHARED, needs_shared
from openwash.assess import mof
from openwash.assess.mof import (
    COMPONENT_NAMES,
    DATA_CARD,
    DATA_PREPROCESSING_CODE,
    DATASETS,
    EVALUATION_CODE,
    EVALUATION_DATA,
    EVALUATION_RESULTS,
    INFERENCE_CODE,
    MODEL_ARCHITECTURE,
    MODEL_CARD,
    MODEL_METADATA,
    MODEL_PARAMETERS_FINAL,
    MODEL_PARAMETERS_INTERMEDIATE,
    RESEARCH_PAPER,
    SAMPLE_MODEL_OUTPUTS,
    TECHNICAL_REPORT,
    TRAINING_CODE,
    MofResult,
    classify,
    classify_model,
    is_open_license,
)
from openwash.cli import main
from openwash.commands.mof import percent
from openwash.report import MofSummary

# MOT's own files (MIT, tests/data/mot/LICENSE); regenerating the package data needs the whole
# published set, in ../shared/frameworks.
MOT = DATA / "mot"
MOT_TEST_DATA = MOT / "mot_test_data"
TEST_FILES = sorted(MOT_TEST_DATA.glob("*.yml"))
FRAMEWORKS = SHARED / "frameworks"

CLASS_III = [MODEL_ARCHITECTURE, MODEL_PARAMETERS_FINAL, TECHNICAL_REPORT, EVALUATION_RESULTS, MODEL_CARD]
CLASS_III += [DATA_CARD]
CLASS_II = [TRAINING_CODE, INFERENCE_CODE, EVALUATION_CODE, EVALUATION_DATA]
CLASS_I = [DATASETS, DATA_PREPROCESSING_CODE, MODEL_PARAMETERS_INTERMEDIATE, RESEARCH_PAPER]
OPEN = "Apache-2.0"


def _all_open(names: list[str]) -> dict[str, str | None]:
    return dict.fromkeys(names, OPEN)


def _expected() -> dict[str, dict[str, Any]]:
    # MOT's API output with every "date" line deleted: drop the trailing commas left behind.
    text = (MOT_TEST_DATA / "expected_results.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    return {m["release"]["name"]: m["classification"] for m in data["models"]}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- MOT's own test suite ------------------------------------------------------------------


def test_mot_test_data_is_complete() -> None:
    expected = _expected()
    assert len(TEST_FILES) == 27
    assert len(expected) == 27
    assert {_load(p)["release"]["name"] for p in TEST_FILES} == set(expected)


@pytest.mark.parametrize("path", TEST_FILES, ids=[p.stem for p in TEST_FILES])
def test_mot_test_data_matches_expected_results(path: Path) -> None:
    data = _load(path)
    expected = _expected()[data["release"]["name"]]
    result = classify_model(data)
    assert result.mof_class == expected["class"]
    assert result.label == expected["label"]
    assert set(result.progress) == {"1", "2", "3"}
    for level in ("1", "2", "3"):
        assert isinstance(result.progress[level], float)
        assert result.progress[level] == expected["progress"][level], level


def test_amber_is_class_i() -> None:
    result = classify_model(_load(MOT / "Amber.yml"))
    assert result.mof_class == 1
    assert result.label == "Class I - Open Science Model"
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}
    assert result.missing == {"1": [], "2": [], "3": []}
    # Apache-2.0 on weights counts, but is off MOT's list of data licences.
    assert any(w.startswith(f"{MODEL_PARAMETERS_FINAL}: Apache-2.0") for w in result.warnings)


def test_llama_2_is_unclassified() -> None:
    result = classify_model(_load(MOT / "Llama-2-7B.yml"))
    assert result.mof_class == 0
    assert result.label == "Unclassified"
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 0.0}
    assert result.invalid["3"] == [MODEL_ARCHITECTURE, MODEL_PARAMETERS_FINAL]
    assert result.unlicensed["3"] == [RESEARCH_PAPER]  # `license: unlicensed`, stands in for the report
    assert TECHNICAL_REPORT not in result.missing["3"]


def test_mixtral_is_unclassified() -> None:
    result = classify_model(_load(MOT / "Mixtral-8x7B-v0.1.yml"))
    assert result.mof_class == 0
    assert result.label == "Unclassified"
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}
    assert result.missing["3"] == [DATA_CARD]


# --- classify() on hand-made component sets -------------------------------------------------


def test_everything_open_is_class_i() -> None:
    result = classify(_all_open(CLASS_III + CLASS_II + CLASS_I))
    assert (result.mof_class, result.label) == (1, "Class I - Open Science Model")
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}


def test_class_iii_and_ii_labels() -> None:
    assert classify(_all_open(CLASS_III)).label == "Class III - Open Model"
    assert classify(_all_open(CLASS_III)).mof_class == 3
    result = classify(_all_open(CLASS_III + CLASS_II))
    assert (result.mof_class, result.label) == (2, "Class II - Open Tooling Model")
    assert result.progress["1"] == 10 / 14 * 100


def test_one_of_six_is_mots_float() -> None:
    result = classify({MODEL_CARD: "CC-BY-4.0"})
    assert result.progress["3"] == 16.666666666666664  # (1 / 6) * 100, in that order
    assert result.progress["2"] == 0.0  # the walk stops at Class III
    assert result.progress["1"] == 0.0
    assert result.mof_class == 0


def test_walk_stops_at_first_unmet_class() -> None:
    components = _all_open(CLASS_III + CLASS_II + CLASS_I)
    del components[DATA_CARD]
    result = classify(components)
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 5 / 6 * 100}
    assert result.missing == {"1": [DATA_CARD], "2": [DATA_CARD], "3": [DATA_CARD]}


def test_optional_components_never_count() -> None:
    result = classify(_all_open([SAMPLE_MODEL_OUTPUTS, MODEL_METADATA, "Supporting libraries and tools"]))
    assert result.progress == {"1": 0.0, "2": 0.0, "3": 0.0}
    assert len(result.missing["1"]) == 14


def test_research_paper_stands_in_for_technical_report() -> None:
    components = _all_open(CLASS_III)
    del components[TECHNICAL_REPORT]
    assert classify(components).progress["3"] == 5 / 6 * 100
    components[RESEARCH_PAPER] = "CC-BY-4.0"
    result = classify(components)
    assert result.mof_class == 3
    assert result.progress["3"] == 100.0
    assert all(TECHNICAL_REPORT not in result.missing[c] for c in ("1", "2", "3"))


def test_unlicensed_research_paper_joins_class_iii_and_ii_lists() -> None:
    components = _all_open(CLASS_III)
    del components[TECHNICAL_REPORT]
    components[RESEARCH_PAPER] = None
    result = classify(components)
    assert result.progress["3"] == 5 / 6 * 100
    assert result.unlicensed == {"1": [RESEARCH_PAPER], "2": [RESEARCH_PAPER], "3": [RESEARCH_PAPER]}
    assert TECHNICAL_REPORT not in result.missing["3"]


def test_no_substitution_without_a_research_paper() -> None:
    components = _all_open(CLASS_III)
    del components[TECHNICAL_REPORT]
    result = classify(components)
    assert result.missing["3"] == [TECHNICAL_REPORT]
    assert result.missing["1"][-1] == RESEARCH_PAPER


def test_class_i_denominator_is_13_with_paper_for_report() -> None:
    components = _all_open(CLASS_III + CLASS_II + CLASS_I)
    del components[TECHNICAL_REPORT]
    result = classify(components)
    assert result.progress == {"1": 100.0, "2": 100.0, "3": 100.0}  # 13 of 13 at Class I
    assert result.mof_class == 1
    # One class-I component short: 12 of 13, not 12 of 14.
    del components[DATASETS]
    result = classify(components)
    assert result.progress["1"] == 12 / 13 * 100
    assert result.mof_class == 2


def test_invalid_technical_report_is_replaced_by_open_paper() -> None:
    components = _all_open(CLASS_III + CLASS_II + CLASS_I)
    components[TECHNICAL_REPORT] = "Proprietary"
    result = classify(components)
    assert result.mof_class == 1
    assert result.invalid["3"] == [TECHNICAL_REPORT]


def test_both_report_and_paper_keep_14() -> None:
    components = _all_open(CLASS_III + CLASS_II + CLASS_I)
    del components[DATASETS]
    result = classify(components)
    assert result.progress["1"] == 13 / 14 * 100
    assert result.mof_class == 2


@pytest.mark.parametrize("license_id", [None, "", "unlicensed"])
def test_unlicensed(license_id: str | None) -> None:
    result = classify({MODEL_CARD: license_id})
    assert result.unlicensed["3"] == [MODEL_CARD]
    assert result.invalid["3"] == []
    assert MODEL_CARD not in result.missing["3"]
    assert result.progress["3"] == 0.0


@pytest.mark.parametrize("license_id", ["Llama 2 Community License", "mit", "MIT OR Apache-2.0", " MIT"])
def test_invalid(license_id: str) -> None:
    result = classify({MODEL_ARCHITECTURE: license_id})
    assert result.invalid["3"] == [MODEL_ARCHITECTURE]
    assert result.unlicensed["3"] == []
    assert result.progress["3"] == 0.0


def test_off_list_licence_counts_with_warning() -> None:
    result = classify({MODEL_PARAMETERS_FINAL: OPEN, MODEL_ARCHITECTURE: "MIT", DATASETS: "CC-BY-4.0"})
    assert result.progress["3"] == 2 / 6 * 100  # both class III components count
    assert result.warnings == [
        f"{MODEL_PARAMETERS_FINAL}: Apache-2.0 is open but not on the tool's list of data licences",
        f"{DATASETS}: CC-BY-4.0 is open but not on the tool's list of data licences",
    ]


def test_optional_component_warns_too() -> None:
    assert classify({SAMPLE_MODEL_OUTPUTS: "MIT"}).warnings == [
        f"{SAMPLE_MODEL_OUTPUTS}: MIT is open but not on the tool's list of document licences"
    ]


def test_no_warning_for_invalid_or_on_list() -> None:
    assert (
        classify({MODEL_ARCHITECTURE: "MIT", MODEL_CARD: "Proprietary", DATASETS: "CC0-1.0"}).warnings == []
    )


def test_unknown_component_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="Weights"):
        classify({"Weights": "MIT"})


@pytest.mark.parametrize(
    ("license_id", "is_open"),
    [
        ("MIT", True),
        ("Apache-2.0", True),
        ("AGPL-1.0", True),  # deprecated, FSF libre
        ("GFDL-1.1", True),  # deprecated, FSF libre
        ("OpenMDW-1.0", True),
        ("ODC-PDDL-1.0", True),
        ("CC-BY-3.0-IGO", True),
        ("CC-BY-SA-2.1-JP", True),
        ("OGL-UK-3.0", True),
        ("CC-BY-SA-3.0-DE", False),
        ("PDDL-1.0", False),
        ("CDDL-1.1", False),  # open only in a newer SPDX list than MOT's
        ("curl", False),
        ("mit", False),
        ("MIT OR Apache-2.0", False),
        ("Llama 2 Community License", False),
        ("", False),
    ],
)
def test_is_open_license(license_id: str, is_open: bool) -> None:
    assert is_open_license(license_id) is is_open


def test_component_names_match_mot_settings() -> None:
    settings = yaml.safe_load((MOT / "mof.settings.yml").read_text(encoding="utf-8"))
    assert len(COMPONENT_NAMES) == 17
    assert set(COMPONENT_NAMES) == {c["name"] for c in settings["components"]}
    assert set(CLASS_III + CLASS_II + CLASS_I) == {c["name"] for c in settings["components"] if c["required"]}


def test_result_summary_and_dict() -> None:
    result = classify(_all_open(CLASS_III))
    assert isinstance(result, MofResult)
    assert result.to_summary() == MofSummary(3, "Class III - Open Model", result.progress)
    d = result.to_dict()
    assert d["class"] == 3
    assert d["label"] == "Class III - Open Model"
    assert d["progress"] == {"1": 0.0, "2": 60.0, "3": 100.0}  # 6 of 10 at Class II
    assert d["missing"]["2"] == CLASS_II
    assert set(d) == {"class", "label", "progress", "missing", "unlicensed", "invalid", "warnings"}
    json.dumps(d)


# --- classify_model(): MOT's licence resolution ----------------------------------------------


def _model(components: list[dict[str, Any]], license: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
        "release": {"name": "t", "producer": "p", "license": license or {}, "components": components},
    }


def test_own_licence_beats_global() -> None:
    data = _model([{"name": MODEL_CARD, "license": "Proprietary"}], {"distribution": {"name": "MIT"}})
    assert classify_model(data).invalid["3"] == [MODEL_CARD]


@pytest.mark.parametrize("own", ["unlicensed", ""])
def test_unlicensed_has_no_fallback(own: str) -> None:
    data = _model([{"name": MODEL_CARD, "license": own}], {"distribution": {"name": "MIT"}})
    assert classify_model(data).unlicensed["3"] == [MODEL_CARD]


def test_missing_or_null_licence_falls_back_to_type_then_distribution() -> None:
    data = _model(
        [{"name": MODEL_CARD}, {"name": MODEL_ARCHITECTURE, "license": None}],
        {"document": {"name": "CC-BY-4.0"}, "code": {"name": None}, "distribution": {"name": "Proprietary"}},
    )
    result = classify_model(data)
    assert result.invalid["3"] == [MODEL_ARCHITECTURE]  # code name null: distribution's licence
    assert result.progress["3"] == 1 / 6 * 100  # the model card has the document licence


def test_empty_global_names_leave_component_unlicensed() -> None:
    data = _model([{"name": MODEL_CARD}], {"document": {"name": ""}, "distribution": {"name": ""}})
    assert classify_model(data).unlicensed["3"] == [MODEL_CARD]
    assert classify_model(_model([{"name": MODEL_CARD}])).unlicensed["3"] == [MODEL_CARD]


def test_last_entry_wins() -> None:
    data = _model(
        [{"name": MODEL_CARD, "license": "CC-BY-4.0"}, {"name": MODEL_CARD, "license": "unlicensed"}]
    )
    assert classify_model(data).unlicensed["3"] == [MODEL_CARD]
    data["release"]["components"].reverse()
    assert classify_model(data).progress["3"] == 1 / 6 * 100


def test_unknown_component_in_model_is_ignored_with_warning() -> None:
    result = classify_model(_model([{"name": "Weights", "license": "MIT"}]))
    assert result.progress["3"] == 0.0
    assert result.warnings == ["release.components[0]: unknown component name 'Weights' ignored"]


def test_model_without_release_is_an_error() -> None:
    with pytest.raises(ValueError):
        classify_model({"components": []})


# --- package data ------------------------------------------------------------------------------


@needs_shared
def test_package_data_regenerates_identically(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_mof_data", ROOT / "bench" / "make_mof_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--source", str(FRAMEWORKS), "--out", str(tmp_path)]) == 0
    shipped = ROOT / "src" / "openwash" / "data" / "mof"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in shipped.iterdir())
    for name in names:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


# --- the CLI -----------------------------------------------------------------------------------


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mof", str(MOT / "Amber.yml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Amber: Class I - Open Science Model\n")
    assert "Class III: 100%" in out
    assert "warning: Model parameters (Final): Apache-2.0" in out


def test_cli_text_unclassified(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mof", str(MOT / "Mixtral-8x7B-v0.1.yml")]) == 0
    out = capsys.readouterr().out
    assert "Mixtral-8x7B-v0.1: Unclassified" in out
    assert "Class III: 83%, Class II: 0%, Class I: 0%" in out
    assert "missing: Data card" in out
    assert "listed without a licence: Technical report (not needed" in out


def test_cli_text_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mof", str(MOT / "Llama-2-7B.yml")]) == 0
    out = capsys.readouterr().out
    assert "does not accept: Model architecture, Model parameters (Final)" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = MOT_TEST_DATA / "RandomTestFile_C1_73%-C2_82%-C3_83%_15C_4G_15L_13V_2I_11T.yml"
    assert main(["mof", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == classify_model(_load(path)).to_dict()
    assert json.loads(out)["progress"] == _expected()[_load(path)["release"]["name"]]["progress"]
    assert out.startswith('{\n  "class": ')


def test_percent_display() -> None:
    assert percent(100.0) == "100%"
    assert percent(0.0) == "0%"
    assert percent(250 / 3) == "83%"
    assert percent(99.6) == "99%"
    assert percent(0.2) == "1%"
    assert percent(12.5) == "13%"


def _fails(capsys: pytest.CaptureFixture[str], path: Path, *needles: str) -> None:
    assert main(["mof", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith("openwash: error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert str(path) in err
    for needle in needles:
        assert needle in err, err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fails(capsys, tmp_path / "nope.yml", "no such file")


def test_cli_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fails(capsys, tmp_path, "directory")


def test_cli_malformed_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("release:\n  name: [unclosed\n  producer: x\n", encoding="utf-8")
    _fails(capsys, path, "invalid YAML", "line")


def test_cli_schema_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _load(MOT / "Amber.yml")
    data["release"]["components"][0]["license"] = 2.0
    path = tmp_path / "invalid.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    _fails(capsys, path, "schema", "$.release.components[0].license", "not of type 'string'")


def test_cli_schema_missing_release(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "norelease.yml"
    path.write_text("framework:\n  name: Model Openness Framework\n", encoding="utf-8")
    _fails(capsys, path, "schema", "'release' is a required property")


def test_cli_billion_laughs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    path = tmp_path / "lol.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _fails(capsys, path, "alias")


def test_cli_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes("release:\n  name: Modèle\n".encode("latin-1"))
    _fails(capsys, path, "not UTF-8")


def test_cli_huge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.yml"
    path.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    _fails(capsys, path, "larger than")


@pytest.mark.parametrize(("text", "needle"), [("- a\n- b\n", "not a mapping"), ("", "empty")])
def test_cli_top_level_not_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str
) -> None:
    path = tmp_path / "top.yml"
    path.write_text(text, encoding="utf-8")
    _fails(capsys, path, needle)


def test_cli_duplicate_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dup.yml"
    path.write_text((MOT / "Amber.yml").read_text(encoding="utf-8") + "release: {}\n", encoding="utf-8")
    _fails(capsys, path, "duplicate key 'release'")


def test_cli_unquoted_date_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (MOT / "Amber.yml").read_text(encoding="utf-8").replace("'2025-05-22'", "2025-05-22")
    path = tmp_path / "date.yml"
    path.write_text(text, encoding="utf-8")
    assert main(["mof", str(path)]) == 0
    assert "Class I - Open Science Model" in capsys.readouterr().out


def test_module_has_cli_interface() -> None:
    from openwash.commands import mof as command

    assert isinstance(command.HELP, str) and command.HELP
    assert callable(command.add_arguments) and callable(command.run)
    assert mof.model_schema()["required"] == ["framework", "release"]


@needs_shared
def test_mot_files_in_tests_are_the_published_ones() -> None:
    copies = [p for p in MOT.rglob("*") if p.is_file() and p.name not in ("LICENSE", "README.md")]
    assert len(copies) == 32
    for copy in copies:
        assert copy.read_bytes() == (FRAMEWORKS / copy.relative_to(MOT)).read_bytes(), copy

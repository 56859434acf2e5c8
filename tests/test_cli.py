"""The CLI: formats, exit statuses, policy, and one-line errors (exit 2) on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PERMISSIVE, RESTRICTIVE, spdx_text
from openwash.cli import main

Repo = Callable[..., Path]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_text_is_plain_when_piped(make_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["scan", str(make_repo({"LICENSE": RESTRICTIVE}, weights=True))], capsys)
    assert code == 0  # the plain CLI reports and passes unless a policy says otherwise
    assert "tier open-access" in out and "\x1b[" not in out
    assert "OSD 5: No Discrimination Against Persons or Groups" in out


def test_json_report_validates_against_shipped_schema(
    make_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlib import resources

    import jsonschema

    _code, out, _ = run(
        ["scan", "--format", "json", str(make_repo({"LICENSE": RESTRICTIVE}, weights=True))], capsys
    )
    data = json.loads(out)
    schema = json.loads(resources.files("openwash.data").joinpath("report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "1.3" and data["tier"] == "open-access"
    assert {f["kind"] for f in data["findings"]} >= {"osd-clause"}
    assert all(
        {"clause", "severity", "path", "line_start", "line_end", "quote", "explanation"} <= set(f)
        for f in data["findings"]
    )


def test_json_report_is_the_whole_result(make_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """Datasets, MOF component evidence and the policy's overrides are in the JSON report (they
    were only in the AI-BOMs and the comment), and the schema documents every key it has."""
    from importlib import resources

    import jsonschema

    card = "---\nlicense: mit\ndatasets:\n- allenai/c4\npipeline_tag: text-generation\n---\n# M\n"
    policy = "overrides:\n  - clause: 5\n    justification: reviewed with counsel\n"
    repo = make_repo({"LICENSE": PERMISSIVE, "README.md": card, ".openwash.yml": policy}, weights=True)
    _code, out, _ = run(["scan", "--format", "json", str(repo)], capsys)
    data = json.loads(out)
    schema = json.loads(resources.files("openwash.data").joinpath("report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert set(data) <= set(schema["properties"])
    assert [d["id"] for d in data["datasets"]] == ["allenai/c4"] and data["datasets"][0]["license"]
    assert data["model"]["task"] == "text-generation" and data["model"]["card"] == "README.md"
    weights = next(c for c in data["mof_components"] if c["name"] == "Model parameters (Final)")
    assert weights["license"] == "MIT" and weights["path"] and weights["evidence"]
    assert data["overrides"] == [
        {"justification": "reviewed with counsel", "rule": None, "clause": 5, "path": None}
    ]


def test_a_file_of_several_licences_lists_each_with_its_lines(
    make_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlib import resources

    import jsonschema

    text = "\n\n".join(
        [spdx_text("Apache-2.0"), "--- `zlib` <b>code</b> @team ---", spdx_text("Zlib"), spdx_text("MIT")]
    )
    repo = make_repo({"LICENSE": text}, weights=True)
    _code, out, _ = run(["scan", "--format", "json", str(repo)], capsys)
    data = json.loads(out)
    jsonschema.validate(
        data, json.loads(resources.files("openwash.data").joinpath("report.schema.json").read_text())
    )
    (lic,) = data["licenses"]
    lines = text.split("\n")
    assert [s["id"] for s in lic["sections"]] == ["Apache-2.0", "Zlib", "MIT"]
    assert [lines[s["line_start"] - 1] for s in lic["sections"][1:]] == [
        "--- `zlib` <b>code</b> @team ---",
        "MIT License",
    ]
    _code, out, _ = run(["scan", str(repo)], capsys)
    zlib = lic["sections"][1]
    assert f"lines {zlib['line_start']}-{zlib['line_end']}: Zlib (zlib License)" in out
    _code, out, _ = run(["scan", "--format", "markdown", str(repo)], capsys)
    assert "**LICENSE** holds 3 licences: `Apache-2.0` (lines 1–" in out


def test_sarif_is_valid_sarif_2_1_0(
    make_repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sarif_pydantic import Sarif

    out_file = tmp_path / "out.sarif"
    _code, _, _ = run(
        [
            "scan",
            "--format",
            "sarif",
            "-o",
            str(out_file),
            str(make_repo({"LICENSE": RESTRICTIVE}, weights=True)),
        ],
        capsys,
    )
    doc = json.loads(out_file.read_text())
    sarif = Sarif.model_validate(doc)
    assert sarif.version == "2.1.0"
    results = doc["runs"][0]["results"]
    assert any(
        r["level"] == "error" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
        for r in results
    )


def test_policy_flags_and_file(make_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE}, weights=True)
    assert run(["scan", "--fail-on-violation", str(repo)], capsys)[0] == 1
    assert run(["scan", "--min-tier", "open-weight", str(repo)], capsys)[0] == 1
    assert run(["scan", "--min-tier", "open-access", str(repo)], capsys)[0] == 0
    (repo / ".openwash.yml").write_text("fail_on_violation: true\n")
    code, _, err = run(["scan", str(repo)], capsys)
    assert code == 1 and "policy failed" in err
    # Flags win over the file.
    assert run(["scan", "--no-fail-on-violation", str(repo)], capsys)[0] == 0


def test_hook_defaults_fail_on_violation_and_can_be_relaxed(
    make_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE}, weights=True)
    assert run(["scan", "--hook", str(repo)], capsys)[0] == 1
    (repo / ".openwash.yml").write_text(
        "overrides:\n  - clause: 5\n    justification: reviewed with counsel\n"
        "  - clause: 3\n    justification: reviewed\n  - clause: 6\n    justification: reviewed\n"
    )
    code, out, _ = run(["scan", "--hook", str(repo)], capsys)
    assert code == 0 and "Accepted by policy: reviewed with counsel" in " ".join(out.split())


def test_override_without_justification_is_an_error(
    make_repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo({"LICENSE": PERMISSIVE, ".openwash.yml": "overrides:\n  - clause: 5\n"})
    code, _, err = run(["scan", str(repo)], capsys)
    assert code == 2 and "justification" in err and len(err.strip().splitlines()) == 1


def test_unknown_policy_key_is_named(make_repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(
        {"LICENSE": PERMISSIVE, ".openwash.yml": "min_tier: open-weight\nfail_on_violations: true\n"}
    )
    code, _, err = run(["scan", str(repo)], capsys)
    assert code == 2 and "unknown key 'fail_on_violations'" in err


@pytest.mark.parametrize(
    "case", ["missing", "file", "binary", "huge", "bad-front-matter", "yaml-bomb", "symlink-out", "latin1"]
)
def test_bad_input_is_one_line_exit_2(
    case: str, make_repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo({"LICENSE": PERMISSIVE})
    target = str(repo)
    if case == "missing":
        target = str(tmp_path / "nope")
    elif case == "file":
        target = str(repo / "LICENSE")
    elif case == "binary":
        (repo / "LICENSE").write_bytes(b"\x7fELF\x00\x00\x01" * 100)
    elif case == "huge":
        (repo / "LICENSE").write_text("word " * 600_000)
    elif case == "bad-front-matter":
        (repo / "README.md").write_text("---\nlicense: [mit\n---\n# x\n")
    elif case == "yaml-bomb":
        bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: [*d,*d]\n'
        (repo / "README.md").write_text(f"---\n{bomb}---\n# x\n")
    elif case == "symlink-out":
        (repo / "LICENSE").unlink()
        outside = tmp_path / "secret.txt"
        outside.write_text("secret")
        os.symlink(outside, repo / "LICENSE")
    elif case == "latin1":
        (repo / "LICENSE").write_bytes("Licence \xe9t\xe9 libre".encode("latin-1"))
    code, out, err = run(["scan", target], capsys)
    assert code == 2
    assert err.startswith("openwash: error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and out == ""


def test_explain_and_licenses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", "5"], capsys)
    assert code == 0 and "No Discrimination Against Persons or Groups" in out and "size-threshold" in out
    code, out, _ = run(["licenses"], capsys)
    assert code == 0 and "LicenseRef-scancode-llama-2-license-2023" in out and "Apache-2.0" in out


def test_licenses_osi_lists_osi_approved_spdx_licences_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["licenses", "--osi"], capsys)
    assert code == 0 and out.startswith("SPDX licences (")
    rows = out.splitlines()[1:]
    assert rows and all(row.endswith("]") and "OSI" in row.rsplit("[", 1)[1] for row in rows)
    assert "Apache-2.0" in out and "LicenseRef-" not in out and "CC-BY-NC-4.0" not in out


def test_console_script_installed_and_piped_plain(make_repo: Repo) -> None:
    exe = Path(sys.executable).with_name("openwash")
    repo = make_repo({"LICENSE": PERMISSIVE}, weights=True)
    proc = subprocess.run([str(exe), "scan", str(repo)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "tier open-weight" in proc.stdout and "\x1b[" not in proc.stdout


def test_survey_reads_relative_folders_from_the_list_files_folder(
    make_repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_repo({"LICENSE": PERMISSIVE}, weights=True, name="acme")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "models.txt").write_text("../acme\n../gone\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run(["survey", str(lists / "models.txt"), "--format", "csv"], capsys)
    assert code == 2 and "1 of 2 repositories could not be scanned" in err
    acme, gone = out.splitlines()[1:]
    assert acme.startswith(f"{lists}/../acme,open-weight,MIT,")
    assert "no such folder (a relative one is read from the list file's folder)" in gone

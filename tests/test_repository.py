"""The project's own files that users copy or read: the README (its tables render, its commands and
snippets are the real ones), the action's image, the workflows that cut a release."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import EXAMPLES, ROOT
from openwash.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _markdown_files() -> list[Path]:
    """The project's Markdown files: hidden folders (.venv, caches), node_modules and builds skipped."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("node_modules", "build", "dist")]
        found += [Path(folder, f) for f in files if f.endswith(".md")]
    return sorted(found)


MARKDOWN = _markdown_files()
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
IMAGE = "ghcr.io/openwash/openwash"


def fenced(text: str, info: str) -> list[str]:
    """The contents of the fenced code blocks with this info string, in order."""
    md = MarkdownIt("commonmark")
    return [t.content for t in md.parse(text) if t.type == "fence" and t.info.strip() == info]


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# ------------------------------------------------------------------------------ README


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_table_line_renders_as_a_table_row(path: Path) -> None:
    """GitHub renders a `|` line as a table row only inside a table: a blank line splits one."""
    text = path.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    in_table: set[int] = set()
    for t in tokens:
        if t.type == "table_open" and t.map:
            in_table.update(range(*t.map))
    in_code: set[int] = set()
    for t in tokens:
        if t.type in ("fence", "code_block") and t.map:
            in_code.update(range(*t.map))
    lines = text.splitlines()
    stray = [i + 1 for i, line in enumerate(lines) if line.startswith("|") and i not in in_table | in_code]
    assert stray == [], f"{path.name}: lines {stray} are not part of a table"
    rows = sum(1 for t in tokens if t.type == "tr_open")
    pipes = sum(1 for i in in_table if lines[i].startswith("|"))
    delimiters = sum(1 for t in tokens if t.type == "table_open")
    assert rows == pipes - delimiters


def test_readme_workflow_is_the_example_file() -> None:
    example = (EXAMPLES / "openwash.yml").read_text(encoding="utf-8")
    assert example in fenced(README, "yaml")


def test_readme_first_command_scans_a_shipped_example() -> None:
    first = fenced(README, "sh")[0]
    assert "../shared" not in first
    (target,) = re.findall(r"openwash scan (\S+)", first)
    assert target.startswith("examples/") and (ROOT / target).is_dir()


def test_readme_hook_override_relaxes_the_hook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (policy,) = [b for b in fenced(README, "yaml") if b.startswith("# .openwash.yml of a Llama 2 fine-tune")]
    repo = Path(shutil.copytree(EXAMPLES / "llama-2-finetune", tmp_path / "model"))
    assert main(["scan", "--hook", str(repo)]) == 1
    assert main(["scan", "--hook", "--no-fail-on-violation", str(repo)]) == 0  # report only
    (repo / ".openwash.yml").write_text(policy, encoding="utf-8")
    capsys.readouterr()
    assert main(["scan", "--hook", str(repo)]) == 0
    assert "Accepted by policy: A fine-tune of Llama 2" in capsys.readouterr().out


def test_hook_runs_on_the_files_the_readme_names() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    read = ["LICENSE", "LICENCE.txt", "COPYING", "NOTICE", "weights-license.md", "LICENSES/MIT.txt"]
    read += ["USE_POLICY.md", "acceptable-use.md", "README.md", "docs/model_card.md", ".openwash.yml"]
    read += ["model.spdx", "sbom/model.spdx.json", "model.spdx3.json", "bom.json", "m.cdx.xml"]
    read += [".gitattributes"]
    assert [f for f in read if not files.search(f)] == []
    assert [f for f in ["train.py", "config.json", "model.safetensors"] if files.search(f)] == []


# ------------------------------------------------------------------------------ the action and releases


def test_action_names_the_released_image_of_this_version() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"] == {"using": "docker", "image": f"docker://{IMAGE}:{VERSION}"}


def test_action_help_names_every_input(capsys: pytest.CaptureFixture[str]) -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    with pytest.raises(SystemExit):
        main(["action", "--help"])
    named = re.findall(r"INPUT_([A-Z-]+)", capsys.readouterr().out)
    assert named == [name.upper() for name in action["inputs"]]


def test_ci_runs_the_action_from_this_checkout_on_pull_requests() -> None:
    ci = workflow("ci.yml")
    assert "pull_request" in ci[True]  # YAML 1.1 reads the key `on` as True
    steps = ci["jobs"]["openwash"]["steps"]
    assert [s for s in steps if s.get("uses") == "./"]
    assert "python -m pytest" in [s.get("run") for s in ci["jobs"]["test"]["steps"]]


def _release_check(tmp_path: Path, tag: str, owner: str) -> subprocess.CompletedProcess[str]:
    """The release workflow's version check, run as the runner runs it (bash, in the checkout)."""
    (step,) = [s for s in workflow("release.yml")["jobs"]["check"]["steps"] if s.get("id") == "version"]
    for name in ("pyproject.toml", "action.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    out = tmp_path / "github_output"
    out.touch()
    env = {
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "TAG": tag,
        "OWNER": owner,
        "GITHUB_OUTPUT": str(out),
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )


def test_release_check_accepts_this_version_and_names_the_image(tmp_path: Path) -> None:
    done = _release_check(tmp_path, f"v{VERSION}", "OpenWash")
    assert done.returncode == 0, done.stdout + done.stderr
    outputs = dict(line.split("=", 1) for line in (tmp_path / "github_output").read_text().splitlines())
    assert outputs == {"version": VERSION, "image": f"{IMAGE}:{VERSION}"}


@pytest.mark.parametrize(("tag", "owner"), [("v99.0.0", "openwash"), (f"v{VERSION}", "someone-else")])
def test_release_check_refuses_a_mismatch(tmp_path: Path, tag: str, owner: str) -> None:
    done = _release_check(tmp_path, tag, owner)
    assert done.returncode == 1 and "::error::" in done.stdout


def test_release_publishes_image_package_and_major_tag() -> None:
    release = workflow("release.yml")
    assert release[True] == {"push": {"tags": ["v*.*.*"]}}
    jobs = release["jobs"]
    push = [
        s for s in jobs["image"]["steps"] if str(s.get("uses", "")).startswith("docker/build-push-action")
    ]
    assert push and push[0]["with"]["push"] is True
    assert push[0]["with"]["tags"] == "${{ needs.check.outputs.image }}"
    assert jobs["image"]["permissions"]["packages"] == "write"
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert jobs["pypi"]["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert set(jobs["major-tag"]["needs"]) >= {"image", "pypi"}

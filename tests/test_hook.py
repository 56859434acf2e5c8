"""A real pre-commit run: a temporary git repository tries this checkout's hook (pre-commit try-repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LFS_POINTER, PERMISSIVE, RESTRICTIVE

CHECKOUT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One pre-commit cache for the module: the hook's environment is built once.
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), NO_COLOR="1")
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(CHECKOUT), "openwash"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="pre-commit or git missing"
)
def test_pre_commit_passes_then_blocks_a_restrictive_licence(tmp_path: Path, hook_home: Path) -> None:
    repo = tmp_path / "model"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    (repo / "LICENSE").write_text(PERMISSIVE)
    (repo / "model-00001-of-00001.safetensors").write_text(LFS_POINTER)
    (repo / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
    git(repo, "add", "-A")

    passing = try_repo(repo, hook_home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "openwash" in passing.stdout and "Passed" in passing.stdout

    git(repo, "commit", "-qm", "permissive")
    (repo / "LICENSE").write_text(RESTRICTIVE)
    git(repo, "add", "LICENSE")
    blocked = try_repo(repo, hook_home)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "Failed" in blocked.stdout
    assert "OSD 5" in blocked.stdout and "policy failed" in blocked.stdout

    # A commit that touches no licence, card or policy file does not run the scan at all.
    git(repo, "checkout", "-q", "HEAD", "--", "LICENSE")
    (repo / "train.py").write_text("print('hi')\n")
    git(repo, "add", "train.py")
    skipped = try_repo(repo, hook_home)
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout, skipped.stdout

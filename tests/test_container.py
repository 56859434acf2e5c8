"""The action's container, built from this repository and run exactly as a GitHub runner runs it.

action.yml names the released image (`docker://ghcr.io/openwash/openwash:<version>`); this test builds
it from the repository under that same name, then starts it as the runner does: as root with
`--workdir /github/workspace`, the inputs as `INPUT_<NAME>` (hyphens kept), the `GITHUB_*`
variables, and the workspace, the event payload and the file-command files mounted under
/github. Here the GitHub API is the loopback fake (tests/fakes/github_server.py) in this test
process; the container shares the host network (`--network host`), as builds and runs must on
this machine.

Run by .ci/container.sh, which sets OPENWASH_CONTAINER_TESTS=1 (a plain `pytest` skips these:
the build takes minutes). Needs a Docker engine and the base image `debian:bookworm-slim`
(`bash ../shared/docker/engine.sh` provides both; .ci/container.sh calls it first). Without them
every test here is skipped, loudly: the reason goes to the terminal even under output capture,
and `pytest -rs` lists it.

Measured and printed (also under capture): the image size, the build time, the container's
start-to-exit time on the PR run (beside the engine's own cost of an empty container) and the
number of API calls the fake server logged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from fakes.github_server import BOT, FakeGitHub, git_blob_sha
from fakes.runner import parse_outputs
from openwash.github.comment import MARKER
from openwash.report import ALL_TIERS, tier_rank

ROOT = Path(__file__).resolve().parents[1]
# The name action.yml gives the image, built here from the checkout (a runner pulls it).
IMAGE = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["image"].removeprefix(
    "docker://"
)
BASE_IMAGE = "debian:bookworm-slim"
REPOSITORY = "example-labs/acme-model"
TOKEN = "ghs_" + "t" * 36  # an installation token, like GITHUB_TOKEN: posts as github-actions[bot]
RUNNER_UID = 1001  # the runner user owns the workspace and its _temp folders; the container is root
BUILD_TIMEOUT = 1800
RUN_TIMEOUT = 300
OPT_IN = "OPENWASH_CONTAINER_TESTS"  # .ci/container.sh sets it to 1

PERMISSIVE_LICENSE = """ACME Permissive Model License, Version 1.0

1. Grant. Each contributor grants you a perpetual, worldwide, non-exclusive, no-charge,
royalty-free, irrevocable licence to use, reproduce, modify, distribute, sublicense and sell
the Model, its weights and any derivative works of them, for any purpose.

2. Patents. Each contributor grants you a perpetual, worldwide, no-charge, royalty-free patent
licence to make, use, sell and distribute the Model.

3. Conditions. You must give recipients a copy of this licence and keep the copyright notices.

4. No warranty. The Model is provided "as is", without warranties or conditions of any kind.
"""

RESTRICTIVE_LICENSE = """ACME Model Community License, Version 2.0

1. Grant. You may use, reproduce, distribute and modify the Model.

2. You will not use the Model or any output of the Model to improve any other large language model.

3. If your products have more than 700 million monthly active users, you must request a license
from us, which we may grant in our sole discretion.
"""

LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4c1f3e0f1b0c6d4e8a1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70\n"
    "size 4976698672\n"
)
GITATTRIBUTES = "*.safetensors filter=lfs diff=lfs merge=lfs -text\n"


# ------------------------------------------------------------------------------ reporting


def _say(config: pytest.Config, text: str) -> None:
    """Write to the terminal even while pytest captures output (skips and measurements)."""
    capman = config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled() if capman is not None else nullcontext():
        sys.stderr.write(f"\n{text}\n")
        sys.stderr.flush()


def _skip(config: pytest.Config, reason: str) -> None:
    _say(config, f"CONTAINER TEST SKIPPED: {reason}")
    pytest.skip(reason)


def _docker(*args: str, timeout: float = 120, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, **kw)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _engine_problem() -> str | None:
    if shutil.which("docker") is None:
        return "no docker CLI on PATH (.ci/container.sh starts an engine with ../shared/docker/engine.sh)"
    try:
        info = _docker("info", "--format", "{{.ServerVersion}}", timeout=60)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 60 s"
    if info.returncode != 0:
        return f"no Docker engine answers `docker info`: {_last_line(info.stderr)}"
    base = _docker("image", "inspect", BASE_IMAGE, "--format", "{{.Id}}")
    if base.returncode != 0:
        return f"base image {BASE_IMAGE} is not available locally (no registry here; engine.sh makes it)"
    return None


# ------------------------------------------------------------------------------ fixtures


@dataclass
class Image:
    name: str
    size: int
    build_seconds: float
    cached_steps: int
    steps: int
    empty_run_seconds: float


def _prune_superseded(before: datetime) -> int:
    """Remove what earlier builds of this image left untagged, created before this build.

    The engine here stores every layer as a full copy (vfs), so each rebuild after a change to
    src/ would otherwise leave ~700 MB behind. Only images that are untagged, older than this
    build and recognisably ours (the final stage's ENTRYPOINT, or the build stage's install
    step) are removed, without force: anything still in use stays.
    """
    listed = _docker("images", "--quiet", "--no-trunc", "--filter", "dangling=true")
    removed = 0
    for image_id in sorted(set(listed.stdout.split())):
        info = _docker("image", "inspect", image_id)
        if info.returncode != 0:
            continue
        data = json.loads(info.stdout)[0]
        try:
            when = datetime.fromisoformat(data["Created"][:19]).replace(tzinfo=UTC)
        except (KeyError, ValueError):
            continue
        entrypoint = (data.get("Config") or {}).get("Entrypoint") or []
        step = json.dumps((data.get("ContainerConfig") or {}).get("Cmd") or [])  # classic builder only
        ours = "/opt/openwash/bin/openwash" in entrypoint or "spdx_index --build-into-package" in step
        if ours and when < before.replace(microsecond=0) and _docker("rmi", image_id).returncode == 0:
            removed += 1
    return removed


@pytest.fixture(scope="session")
def image(pytestconfig: pytest.Config) -> Image:
    """The action's image, built once per session from the repository with the runner's build."""
    if os.environ.get(OPT_IN) != "1":
        # Building takes minutes on two cores: the plain test run leaves it to .ci/container.sh.
        pytest.skip(f"container tests run from .ci/container.sh (or with {OPT_IN}=1)")
    problem = _engine_problem()
    if problem:
        _skip(pytestconfig, problem)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    try:
        build = _docker("build", "--network", "host", "-t", IMAGE, ".", cwd=ROOT, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"docker build took more than {BUILD_TIMEOUT} s")
    seconds = time.monotonic() - t0
    log = build.stdout + build.stderr
    if build.returncode != 0:
        pytest.fail(f"docker build failed ({build.returncode}):\n" + "\n".join(log.splitlines()[-40:]))
    # The classic builder says "Step n/m" and "Using cache"; BuildKit says "CACHED".
    steps = sum(1 for line in log.splitlines() if line.startswith("Step "))
    cached = log.count("Using cache") + log.count(" CACHED ")
    pruned = _prune_superseded(started)
    inspect = _docker("image", "inspect", "--format", "{{.Size}}", IMAGE)
    assert inspect.returncode == 0, inspect.stderr
    size = int(inspect.stdout.strip())

    # What the engine itself costs to start and remove an empty container (vfs storage copies the
    # image's whole file system per container), to read the action's own run time against.
    t0 = time.monotonic()
    empty = _docker(
        "run", "--rm", "--network", "none", "--entrypoint", "/bin/true", IMAGE, timeout=RUN_TIMEOUT
    )
    empty_seconds = time.monotonic() - t0
    assert empty.returncode == 0, empty.stderr

    # The SPDX licence index was baked into the installed package at build time: a read-only
    # container with no cache directory still has it, so nothing is indexed at start.
    probe = (
        "import os, openwash; from openwash.licenses import spdx_index as s; "
        "p = os.path.join(os.path.dirname(openwash.__file__), 'data', s.PACKAGE_INDEX_NAME); "
        "assert os.path.getsize(p) > 0, p; assert s.lookup_id('apache-2.0') == 'Apache-2.0'; "
        "print('openwash', openwash.__version__)"
    )
    version = _docker(
        "run", "--rm", "--network", "none", "--read-only", "--entrypoint", "/opt/openwash/bin/python",
        IMAGE, "-c", probe,
    )  # fmt: skip
    assert version.returncode == 0 and version.stdout.startswith("openwash "), version.stderr
    _say(
        pytestconfig,
        f"container: image {IMAGE} ({version.stdout.strip()}): {size} bytes ({size / 1e6:.0f} MB); "
        f"built in {seconds:.1f} s ({cached} of {steps or '?'} steps from cache; "
        f"{pruned} superseded image(s) of earlier builds removed); "
        f"an empty container starts and exits in {empty_seconds:.1f} s on this engine",
    )
    return Image(IMAGE, size, seconds, cached, steps, empty_seconds)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.add_installation_token(TOKEN)
        yield server


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Example Labs",
        "GIT_AUTHOR_EMAIL": "models@example.org",
        "GIT_COMMITTER_NAME": "Example Labs",
        "GIT_COMMITTER_EMAIL": "models@example.org",
        "GIT_AUTHOR_DATE": "2025-01-02T03:04:05Z",
        "GIT_COMMITTER_DATE": "2025-01-02T03:04:05Z",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@dataclass
class Checkout:
    workspace: Path
    base_sha: str
    head_sha: str
    base_files: dict[str, bytes]
    head_files: dict[str, bytes]


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    """A checkout as actions/checkout leaves it: a git repository whose base commit has a
    permissive licence and a Git LFS weight pointer, and whose head commit (checked out)
    replaces the licence with restrictive terms."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: cannot make the workspace repository")
    ws = tmp_path / "work" / "acme-model" / "acme-model"
    ws.mkdir(parents=True)
    base_files = {
        "LICENSE": PERMISSIVE_LICENSE.encode(),
        ".gitattributes": GITATTRIBUTES.encode(),
        "model-00001-of-00002.safetensors": LFS_POINTER.encode(),
    }
    for rel, data in base_files.items():
        (ws / rel).write_bytes(data)
    _git(ws, "init", "-q")
    _git(ws, "add", "-A")
    _git(ws, "commit", "-q", "-m", "Release the ACME model under a permissive licence")
    base_sha = _git(ws, "rev-parse", "HEAD")
    (ws / "LICENSE").write_text(RESTRICTIVE_LICENSE, encoding="utf-8")
    _git(ws, "commit", "-q", "-am", "Switch to the community licence")
    head_sha = _git(ws, "rev-parse", "HEAD")
    head_files = {**base_files, "LICENSE": RESTRICTIVE_LICENSE.encode()}
    _chown_runner(tmp_path / "work")
    return Checkout(ws, base_sha, head_sha, base_files, head_files)


def _chown_runner(path: Path) -> None:
    """Owned by another uid, as the runner user's files are to the container's root."""
    if os.geteuid() != 0:
        return  # cannot give files away; the container's root can write them all the same
    for dirpath, dirnames, filenames in os.walk(path):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirnames + filenames)]:
            os.lchown(name, RUNNER_UID, RUNNER_UID)


# ------------------------------------------------------------------------------ the runner


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    outputs: dict[str, str]
    summary: str
    command: list[str]
    process_seconds: float | None  # the engine's `start` to `die` events: the action's own run

    def timing(self) -> str:
        inside = f" ({self.process_seconds:.1f} s of it the action's process)" if self.process_seconds else ""
        return f"start to exit {self.seconds:.1f} s{inside}"


def _action_inputs() -> dict[str, str | None]:
    """The inputs action.yml declares, with their defaults: the runner passes every one."""
    spec = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return {name: (info or {}).get("default") for name, info in (spec.get("inputs") or {}).items()}


def run_action(
    tmp_path: Path,
    workspace: Path,
    *,
    event_name: str,
    event: dict[str, Any],
    sha: str,
    ref: str,
    api_url: str,
    inputs: dict[str, str],
    network: str = "host",
) -> Run:
    """`docker run` with the runner's own arguments and environment for a container action."""
    temp = tmp_path / "_temp"
    event_dir = temp / "_github_workflow"
    commands_dir = temp / "_runner_file_commands"
    home = temp / "_github_home"
    for folder in (event_dir, commands_dir, home):
        folder.mkdir(parents=True, exist_ok=True)
    (event_dir / "event.json").write_text(json.dumps(event, indent=2), encoding="utf-8")
    output, summary = commands_dir / "output", commands_dir / "summary"
    for f in (output, summary, commands_dir / "path", commands_dir / "env", commands_dir / "state"):
        f.write_text("", encoding="utf-8")
    _chown_runner(temp)

    declared = _action_inputs()
    values = {name: "" if default is None else str(default) for name, default in declared.items()}
    if values.get("github-token", "").startswith("${{"):
        values["github-token"] = TOKEN  # `${{ github.token }}`, evaluated by the runner
    for name, value in inputs.items():
        assert name in declared, f"input {name} is not declared in action.yml"
        values[name] = value
    env = {f"INPUT_{name.upper()}": value for name, value in values.items()}
    env.update(
        {
            "HOME": "/github/home",
            "GITHUB_JOB": "openness",
            "GITHUB_REF": ref,
            "GITHUB_SHA": sha,
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_REPOSITORY_OWNER": REPOSITORY.split("/")[0],
            "GITHUB_RUN_ID": "9001",
            "GITHUB_RUN_NUMBER": "7",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_ACTOR": "contributor",
            "GITHUB_WORKFLOW": "openness",
            "GITHUB_HEAD_REF": "feature" if event_name.startswith("pull_request") else "",
            "GITHUB_BASE_REF": "main" if event_name.startswith("pull_request") else "",
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_API_URL": api_url,
            "GITHUB_GRAPHQL_URL": f"{api_url}/graphql",
            "GITHUB_REF_NAME": ref.rsplit("/", 1)[-1],
            "GITHUB_REF_TYPE": "branch",
            "GITHUB_WORKSPACE": "/github/workspace",
            "GITHUB_ACTION": "openwash",
            "GITHUB_EVENT_PATH": "/github/workflow/event.json",
            "GITHUB_ACTION_REPOSITORY": "",
            "GITHUB_ACTION_REF": "",
            "GITHUB_PATH": "/github/file_commands/path",
            "GITHUB_ENV": "/github/file_commands/env",
            "GITHUB_STATE": "/github/file_commands/state",
            "GITHUB_OUTPUT": "/github/file_commands/output",
            "GITHUB_STEP_SUMMARY": "/github/file_commands/summary",
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "RUNNER_NAME": "GitHub Actions 2",
            "RUNNER_TEMP": "/home/runner/work/_temp",  # a host path: absent inside the container
            "RUNNER_WORKSPACE": "/home/runner/work/acme-model",
            "GITHUB_ACTIONS": "true",
            "CI": "true",
        }
    )
    name = f"openwash-test-{uuid.uuid4().hex[:12]}"
    # The runner passes `-e NAME` without a value (the value comes from its own environment).
    command = ["docker", "run", "--name", name, "--label", "openwash-test"]
    command += ["--workdir", "/github/workspace", "--rm", "--network", network]
    for key in env:
        command += ["-e", key]
    command += [
        "-v", f"{workspace}:/github/workspace",
        "-v", f"{event_dir}:/github/workflow",
        "-v", f"{commands_dir}:/github/file_commands",
        "-v", f"{home}:/github/home",
        IMAGE,
    ]  # fmt: skip
    process_env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "RUNNER_"))}
    process_env.update(env)
    since, t0 = time.time() - 1, time.monotonic()
    try:
        done = subprocess.run(command, env=process_env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)
        pytest.fail(f"the container ran longer than {RUN_TIMEOUT} s")
    seconds = time.monotonic() - t0
    return Run(
        done.returncode,
        done.stdout,
        done.stderr,
        seconds,
        parse_outputs(output.read_text(encoding="utf-8")),
        summary.read_text(encoding="utf-8"),
        command,
        _process_seconds(name, since),
    )


def _process_seconds(container: str, since: float) -> float | None:
    """From the engine's event log: the container's `start` to its `die` (its process's life),
    which leaves out creating and removing the container's file system."""
    events = _docker(
        "events", "--since", f"{since:.3f}", "--until", f"{time.time():.3f}",
        "--filter", f"container={container}", "--format", "{{.Action}} {{.TimeNano}}",
    )  # fmt: skip
    times = dict(line.split(" ", 1) for line in events.stdout.splitlines() if " " in line)
    if events.returncode != 0 or "start" not in times or "die" not in times:
        return None
    return (int(times["die"]) - int(times["start"])) / 1e9


def _explain(run: Run) -> str:
    return f"exit {run.returncode}\n--- stdout\n{run.stdout[-6000:]}\n--- stderr\n{run.stderr[-4000:]}"


def _tier_rank(tier: str) -> int:
    assert tier in ALL_TIERS, tier
    return tier_rank(tier)


# ------------------------------------------------------------------------------ tests


def test_pull_request_run_as_on_a_runner(
    image: Image, fake: FakeGitHub, checkout: Checkout, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    repo = fake.add_repo(REPOSITORY)
    fake.add_commit(repo, checkout.base_sha, checkout.base_files)
    fake.add_commit(repo, checkout.head_sha, checkout.head_files)
    fake.add_pull(repo, 42, checkout.head_sha, checkout.base_sha, author="contributor")
    event = fake.event_payload(repo, 42, action="synchronize")
    # The payload is real-shaped: the fields the runner's event.json always has for a PR.
    pr = event["pull_request"]
    assert event["number"] == pr["number"] == 42 and pr["user"]["login"] == "contributor"
    assert pr["head"]["sha"] == checkout.head_sha and pr["head"]["ref"] and pr["head"]["repo"]["full_name"]
    assert pr["base"]["sha"] == checkout.base_sha and pr["base"]["repo"]["full_name"] == REPOSITORY
    assert event["repository"]["full_name"] == REPOSITORY and event["repository"]["default_branch"] == "main"

    run = run_action(
        tmp_path,
        checkout.workspace,
        event_name="pull_request",
        event=event,
        sha=checkout.head_sha,  # actions/checkout of the PR head
        ref="refs/pull/42/merge",
        api_url=fake.url,
        inputs={"min-tier": "open-weight", "comment": "on-change"},
    )
    calls = len(fake.requests())
    _say(
        pytestconfig,
        f"container: pull_request run: {run.timing()} (an empty container: "
        f"{image.empty_run_seconds:.1f} s); {calls} API call(s) logged by the fake server "
        f"({len(fake.writes())} write(s)); exit {run.returncode}",
    )

    # Policy: min-tier open-weight, and the new licence makes the head open-access: exit 1.
    assert run.returncode == 1, _explain(run)
    assert "Traceback" not in run.stderr, _explain(run)

    # Outputs, as later steps read them.
    out = run.outputs
    assert set(out) >= {"tier", "previous-tier", "violations", "mof-class", "report-json"}, out
    assert out["tier"] == "open-access", _explain(run)
    # The base was scanned through the API: its tree, and of its files only the one this PR
    # changed (the others are the same blobs as in the checkout; weights are never fetched).
    previous = out["previous-tier"]
    assert previous, "no comparison with the base"
    assert _tier_rank(previous) >= _tier_rank("open-access"), out  # the PR does not raise the tier
    assert fake.requests("GET", f"/git/trees/{checkout.base_sha}$"), "the base tree was not listed"
    fetched = {r.path.rsplit("/", 1)[1] for r in fake.requests("GET", "/git/blobs/")}
    assert fetched == {git_blob_sha(checkout.base_files["LICENSE"])}, fetched
    assert int(out["violations"]) >= 2, out  # OSD 3 (outputs ban) and OSD 5 (user threshold)
    # A later step runs in the workspace: the report's path is relative to it (or inside it).
    report_rel = out["report-json"].removeprefix("/github/workspace/")
    assert not report_rel.startswith("/"), f"report-json {out['report-json']} is not reachable by later steps"
    report = json.loads((checkout.workspace / report_rel).read_text(encoding="utf-8"))
    assert report["tier"] == "open-access"
    assert (report.get("mof_class") or "") == out["mof-class"]

    # Log: annotations on the licence lines, the one-line summary, the policy's reason.
    assert "::error " in run.stdout and "file=LICENSE" in run.stdout, _explain(run)
    assert "tier open-access" in run.stdout and "policy fails" in run.stdout, _explain(run)

    # Job summary.
    # The comparison with the base: "Openness is unchanged against the base branch (`X`)." or
    # "This PR lowers openness from `X` to `Y` because ...".
    assert "`open-access`" in run.summary and f"`{previous}`" in run.summary, run.summary[:2000]
    assert "against the base branch" in run.summary or "This PR " in run.summary, run.summary[:2000]
    assert "Policy:** ❌" in run.summary, run.summary[:2000]

    # The PR on the fake server: exactly one tier label and exactly one sticky comment, by the bot.
    assert repo.issue_labels[42] == ["openness: open-access"], repo.issue_labels
    comments = repo.comments[42]
    assert len(comments) == 1, [c["body"][:200] for c in comments]
    body = comments[0]["body"]
    assert body.startswith(MARKER) and comments[0]["user"]["login"] == BOT["login"]
    assert "`open-access`" in body and f"`{previous}`" in body
    assert "You will not use the Model or any output of the Model" in body  # the quoted clause
    assert not [r for r in fake.requests() if r.status == 401], "a request went out without the token"
    assert all(r.token == TOKEN for r in fake.requests())

    # The next push to the PR changes nothing: the runner starts a fresh container, and the
    # action neither comments again nor touches the label.
    fake.reset_log()
    again = run_action(
        tmp_path / "again",
        checkout.workspace,
        event_name="pull_request",
        event=event,
        sha=checkout.head_sha,
        ref="refs/pull/42/merge",
        api_url=fake.url,
        inputs={"min-tier": "open-weight", "comment": "on-change"},
    )
    _say(
        pytestconfig,
        f"container: unchanged re-run: {again.timing()}; "
        f"{len(fake.requests())} API call(s), {len(fake.writes())} write(s)",
    )
    assert again.returncode == 1, _explain(again)
    assert again.outputs["tier"] == "open-access"
    assert len(repo.comments[42]) == 1 and not fake.writes(), [(r.method, r.path) for r in fake.writes()]


def test_push_without_any_network(
    image: Image, checkout: Checkout, tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    """`--network none`: no API at all. A push (no PR, comment never) still scans the checkout
    and writes its outputs and summary; the default policy passes."""
    event = {
        "ref": "refs/heads/main",
        "before": checkout.base_sha,
        "after": checkout.head_sha,
        "created": False,
        "deleted": False,
        "forced": False,
        "base_ref": None,
        "compare": f"https://github.com/{REPOSITORY}/compare/{checkout.base_sha[:12]}...{checkout.head_sha[:12]}",
        "commits": [
            {"id": checkout.head_sha, "message": "Switch to the community licence", "distinct": True}
        ],
        "head_commit": {"id": checkout.head_sha, "message": "Switch to the community licence"},
        "repository": {
            "id": 1001,
            "name": REPOSITORY.split("/")[1],
            "full_name": REPOSITORY,
            "private": False,
            "default_branch": "main",
            "master_branch": "main",
            "owner": {"login": REPOSITORY.split("/")[0], "type": "Organization"},
        },
        "pusher": {"name": "contributor", "email": "contributor@example.org"},
        "sender": {"login": "contributor", "id": 7, "type": "User"},
    }
    run = run_action(
        tmp_path,
        checkout.workspace,
        event_name="push",
        event=event,
        sha=checkout.head_sha,
        ref="refs/heads/main",
        api_url="https://api.github.com",  # unreachable: the container has no network at all
        inputs={"comment": "never"},
        network="none",
    )
    _say(
        pytestconfig,
        f"container: push run without network: {run.timing()}, exit {run.returncode}",
    )
    assert run.returncode == 0, _explain(run)
    assert run.outputs.get("tier") == "open-access", _explain(run)
    assert run.outputs.get("previous-tier") == ""
    assert int(run.outputs.get("violations", "0")) >= 2
    assert run.outputs.get("report-json")
    assert "open-access" in run.summary

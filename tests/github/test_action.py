"""The GitHub Action against a loopback fake of the GitHub API (tests/fakes/github_server.py).

PyGithub is pointed at the fake only through GITHUB_API_URL, as on a runner. Repositories are
written by the tests themselves: a permissive base, and a head whose licence adds a user
threshold and an outputs ban (conftest.RESTRICTIVE), with Git LFS weight pointers.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import LFS_POINTER, PERMISSIVE, RESTRICTIVE
from fakes.github_server import BOT, FakeGitHub, Repo
from fakes.runner import parse_outputs
from openwash.errors import OpenwashError
from openwash.github import action, outputs
from openwash.github.action import Outcome
from openwash.github.comment import MARKER, compose, stored_hash
from openwash.github.env import read_env
from openwash.render import markdown
from openwash.report import Component, Finding, LicenseInfo, Report
from openwash.sources.github_api import Client
from openwash.sources.github_assets import release_assets

GITATTRIBUTES = "*.safetensors filter=lfs diff=lfs merge=lfs -text\n"
BASE_FILES = {
    "LICENSE": PERMISSIVE,
    "model-00001-of-00002.safetensors": LFS_POINTER,
    "model-00002-of-00002.safetensors": LFS_POINTER,
    ".gitattributes": GITATTRIBUTES,
}
RESTRICTED_FILES = {**BASE_FILES, "LICENSE": RESTRICTIVE}
BASE_SHA, HEAD_SHA, HEAD2_SHA = "b" * 40, "c" * 40, "d" * 40
TOKEN = "ghs_installation_token_for_tests"  # an installation token, like GITHUB_TOKEN
NUMBER = 7


@dataclass
class Scenario:
    fake: FakeGitHub
    repo: Repo
    tmp: Path
    ws: Path
    token: str = TOKEN
    files: dict[str, str] = field(default_factory=dict)

    def commit(self, sha: str, files: dict[str, str], checkout: bool = False) -> None:
        self.fake.add_commit(self.repo, sha, {k: v.encode() for k, v in files.items()})
        if checkout:
            for old in self.files:
                if old not in files:
                    (self.ws / old).unlink()
            for rel, text in files.items():
                (self.ws / rel).parent.mkdir(parents=True, exist_ok=True)
                (self.ws / rel).write_text(text, encoding="utf-8")
            self.files = dict(files)

    def pull(self, head_sha: str = HEAD_SHA, **kw: Any) -> None:
        if NUMBER in self.repo.pulls:
            self.repo.pulls[NUMBER]["head_sha"] = head_sha
        else:
            self.fake.add_pull(self.repo, NUMBER, head_sha, BASE_SHA, **kw)

    def env(self, event: str = "pull_request", **inputs: str) -> dict[str, str]:
        event_path = self.tmp / "event.json"
        if event in ("pull_request", "pull_request_target"):
            payload = self.fake.event_payload(self.repo, NUMBER)
        else:
            payload = {
                "ref": "refs/heads/main",
                "after": HEAD_SHA,
                "repository": self.fake.repo_json(self.repo),
            }
        event_path.write_text(json.dumps(payload), encoding="utf-8")
        (self.tmp / "runner_temp").mkdir(exist_ok=True)
        env = {
            "INPUT_GITHUB-TOKEN": self.token,
            "INPUT_PATH": ".",
            "GITHUB_API_URL": self.fake.url,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": self.repo.full_name,
            "GITHUB_EVENT_NAME": event,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_WORKSPACE": str(self.ws),
            "GITHUB_SHA": HEAD_SHA,
            "GITHUB_OUTPUT": str(self.tmp / "output.txt"),
            "GITHUB_STEP_SUMMARY": str(self.tmp / "summary.md"),
            "RUNNER_TEMP": str(self.tmp / "runner_temp"),
        }
        env.update({f"INPUT_{k.upper().replace('_', '-')}": v for k, v in inputs.items()})
        return env

    def run(self, event: str = "pull_request", **inputs: str) -> tuple[Outcome, str]:
        for name in ("output.txt", "summary.md"):  # a fresh step: fresh file-command files
            (self.tmp / name).unlink(missing_ok=True)
        out = io.StringIO()
        outcome = action.run(read_env(self.env(event, **inputs)), out)
        return outcome, out.getvalue()

    def outputs(self) -> dict[str, str]:
        return parse_outputs((self.tmp / "output.txt").read_text(encoding="utf-8"))

    def comments(self) -> list[dict[str, Any]]:
        return self.repo.comments.get(NUMBER, [])

    def ours(self) -> list[dict[str, Any]]:
        return [
            c for c in self.comments() if c["body"].startswith(MARKER) and c["user"]["login"] == BOT["login"]
        ]

    def labels(self) -> list[str]:
        return list(self.repo.issue_labels.get(NUMBER, []))


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.add_installation_token(TOKEN)
        yield server


@pytest.fixture
def sc(fake: FakeGitHub, tmp_path: Path) -> Scenario:
    """A PR that replaces the base's MIT licence with a restrictive one."""
    repo = fake.add_repo("acme/model")
    ws = tmp_path / "workspace"
    ws.mkdir()
    scenario = Scenario(fake, repo, tmp_path, ws)
    scenario.commit(BASE_SHA, BASE_FILES)
    scenario.commit(HEAD_SHA, RESTRICTED_FILES, checkout=True)
    scenario.pull()
    return scenario


# ---- pull requests -------------------------------------------------------------------------------


def test_first_run_creates_label_and_comment(sc: Scenario) -> None:
    sc.repo.issue_labels[NUMBER] = []
    sc.fake.add_label(sc.repo, "openness: open-weight")
    sc.fake.add_label(sc.repo, "openness: reviewed")
    sc.fake.add_label(sc.repo, "bug")
    sc.repo.issue_labels[NUMBER] = ["openness: open-weight", "openness: reviewed", "bug"]

    outcome, stdout = sc.run()

    assert outcome.exit_code == 0  # no policy set: the action reports, it does not fail
    assert (outcome.report.tier, outcome.previous and outcome.previous.tier) == ("open-access", "open-weight")
    # One tier label, created coloured and described; the stale tier label gone, others kept.
    assert sorted(sc.labels()) == ["bug", "openness: open-access", "openness: reviewed"]
    created = sc.repo.labels["openness: open-access"]
    assert created["color"] == "d93f0b" and "Open Source Definition" in created["description"]
    # One sticky comment, by the token's identity, saying what changed and linking the lines.
    (comment,) = sc.comments()
    body = comment["body"]
    assert comment["user"]["login"] == "github-actions[bot]"
    assert body.startswith(MARKER) and stored_hash(body)
    assert "This PR lowers openness from `open-weight` to `open-access`" in body
    assert "OSD 5: No Discrimination Against Persons or Groups" in body
    assert re.search(
        r"\[LICENSE:L\d+(-L\d+)?\]\(https://github\.com/acme/model/blob/c{40}/LICENSE#L\d+", body
    )
    assert outcome.comment is not None and outcome.comment.action == "created"
    # Outputs, summary and annotations.
    out = sc.outputs()
    assert out["tier"] == "open-access" and out["previous-tier"] == "open-weight"
    assert int(out["violations"]) >= 2 and out["mof-class"] == ""
    report = json.loads(Path(out["report-json"]).read_text(encoding="utf-8"))
    assert report["tier"] == "open-access"
    assert "open-access" in (sc.tmp / "summary.md").read_text(encoding="utf-8")
    assert re.search(r"^::error file=LICENSE,line=\d+", stdout, re.M)
    # The API calls of a first run; an installation token never asks GET /user.
    assert not sc.fake.requests("GET", r"^/user$")
    assert outcome.requests == len(sc.fake.log) <= 10


def test_second_run_after_licence_change_edits_comment_and_swaps_label(sc: Scenario) -> None:
    sc.run()
    (first,) = sc.comments()
    first_body = first["body"]
    # The PR author switches the licence back to MIT: a new head commit, a new checkout.
    sc.commit(HEAD2_SHA, {**RESTRICTED_FILES, "LICENSE": PERMISSIVE}, checkout=True)
    sc.pull(HEAD2_SHA)
    sc.fake.reset_log()

    outcome, _ = sc.run()

    assert outcome.report.tier == "open-weight"
    assert sc.labels() == ["openness: open-weight"]
    (comment,) = sc.comments()  # the same comment, edited in place
    assert comment["id"] == first["id"] and comment["body"] != first_body
    assert "Openness is unchanged against the base branch (`open-weight`)" in comment["body"]
    assert sc.fake.requests("PATCH", rf"/issues/comments/{first['id']}$")
    assert not sc.fake.requests("POST", r"/comments$")
    assert sc.fake.requests("DELETE", r"/issues/7/labels/openness%3A%20open-access$")


@pytest.mark.parametrize("event", ["pull_request", "pull_request_target"])
def test_fork_pr_read_only_warns_and_still_writes_the_summary(sc: Scenario, event: str) -> None:
    sc.repo.pulls[NUMBER]["head_repo"] = "someone/model-fork"
    sc.fake.read_only = True

    outcome, stdout = sc.run(event, **{"min-tier": "open-weight"})

    assert outcome.exit_code == 1  # the policy decides the exit status, not the refused writes
    assert re.search(r"^::warning title=openwash::.*pull_request_target", stdout, re.M)
    assert "open-access" in (sc.tmp / "summary.md").read_text(encoding="utf-8")
    assert sc.outputs()["tier"] == "open-access"
    assert sc.comments() == [] and sc.labels() == []
    writes = sc.fake.writes()
    if event == "pull_request":
        assert writes == []  # a fork's pull_request token is read-only: not even tried
    else:
        assert writes and all(r.status == 403 for r in writes)  # tried, refused, warned


def test_sticky_comment_found_on_a_late_page_and_planted_marker_ignored(sc: Scenario) -> None:
    old_body = compose("old report", "0" * 32)
    for i in range(150):
        if i == 3:  # someone pastes our marker to get their text edited in
            sc.fake.add_comment(
                sc.repo, NUMBER, compose("planted", "0" * 32), {"login": "mallory", "id": 66, "type": "User"}
            )
        elif i == 5:  # another app's bot quoting it: a Bot, but not us
            sc.fake.add_comment(
                sc.repo,
                NUMBER,
                compose("echo", "0" * 32),
                {"login": "echo-app[bot]", "id": 67, "type": "Bot"},
            )
        elif i == 140:  # ours, on the second page of 100
            sc.fake.add_comment(sc.repo, NUMBER, old_body, BOT)
        else:
            sc.fake.add_comment(
                sc.repo, NUMBER, f"comment {i} @octocat", {"login": f"user{i}", "id": i, "type": "User"}
            )
    ours_id = sc.comments()[140]["id"]

    outcome, _ = sc.run()

    assert len(sc.comments()) == 150  # nothing new posted
    assert outcome.comment is not None and outcome.comment.action == "updated"
    assert outcome.comment.comment_id == ours_id
    assert sc.comments()[3]["body"] == compose("planted", "0" * 32)  # untouched
    assert sc.comments()[5]["body"] == compose("echo", "0" * 32)
    assert "open-access" in sc.comments()[140]["body"]
    pages = [r.query for r in sc.fake.requests("GET", r"/issues/7/comments$")]
    assert any("page=2" in q for q in pages)
    assert not sc.fake.requests("GET", r"^/user$")  # a ghs_ token is the Actions bot: no need to ask


def test_personal_token_finds_its_own_comment_via_get_user(sc: Scenario) -> None:
    sc.token = "ghp_personal"
    me = sc.fake.add_user_token("ghp_personal", "release-bot-account")
    # A comment with our marker by github-actions[bot] (another workflow) is not ours here.
    sc.fake.add_comment(sc.repo, NUMBER, compose("other workflow", "1" * 32), BOT)
    sc.fake.add_comment(sc.repo, NUMBER, compose("ours", "2" * 32), me)

    sc.run()

    assert sc.comments()[0]["body"] == compose("other workflow", "1" * 32)
    assert "open-access" in sc.comments()[1]["body"]
    assert len(sc.comments()) == 2
    assert len(sc.fake.requests("GET", r"^/user$")) == 1


def test_installation_token_gets_403_on_get_user_and_is_the_actions_bot(sc: Scenario) -> None:
    sc.token = "v1.0123456789abcdef"  # an installation token without the ghs_ prefix
    sc.fake.add_installation_token(sc.token)
    sc.fake.add_comment(
        sc.repo, NUMBER, compose("planted", "0" * 32), {"login": "mallory", "id": 66, "type": "User"}
    )
    sc.fake.add_comment(sc.repo, NUMBER, compose("ours", "2" * 32), BOT)

    outcome, _ = sc.run()

    assert [r.status for r in sc.fake.requests("GET", r"^/user$")] == [403]
    assert outcome.comment is not None and outcome.comment.action == "updated"
    assert "open-access" in sc.comments()[1]["body"] and "planted" in sc.comments()[0]["body"]


def test_on_change_makes_no_write_when_nothing_changed(sc: Scenario) -> None:
    sc.run()
    sc.fake.reset_log()

    outcome, _ = sc.run()  # a rerun of the same commit

    assert sc.fake.writes() == []
    assert outcome.comment is not None and outcome.comment.action == "unchanged"
    # A rerun reads: the PR, releases, the base tree, the changed LICENSE blob, the comments.
    assert outcome.requests == len(sc.fake.log) <= 5

    # A new commit that changes nothing openwash reports: its links would differ, but
    # on-change keeps the comment as it is; `always` brings it up to date.
    sc.commit(HEAD2_SHA, {**RESTRICTED_FILES, "notes.txt": "typo fixed\n"}, checkout=True)
    sc.pull(HEAD2_SHA)
    sc.fake.reset_log()
    outcome, _ = sc.run()
    assert sc.fake.writes() == [] and HEAD_SHA in sc.ours()[0]["body"]
    outcome, _ = sc.run(comment="always")
    assert [r.method for r in sc.fake.writes()] == ["PATCH"] and HEAD2_SHA in sc.ours()[0]["body"]
    assert len(sc.comments()) == 1


def test_comment_never_posts_nothing_but_labels(sc: Scenario) -> None:
    outcome, _ = sc.run(comment="never")
    assert sc.comments() == [] and not sc.fake.requests(path_regex=r"/comments")
    assert sc.labels() == ["openness: open-access"]
    assert outcome.comment is not None and outcome.comment.action == "skipped"


def test_flaky_502_then_success(sc: Scenario) -> None:
    sc.fake.fail("GET", r"/pulls/7$", 502)
    sc.fake.fail("GET", r"/git/trees/", 503)

    outcome, _ = sc.run()

    assert [r.status for r in sc.fake.requests("GET", r"/pulls/7$")] == [502, 200]
    assert [r.status for r in sc.fake.requests("GET", r"/git/trees/")] == [503, 200]
    assert outcome.retries == 2 and outcome.previous is not None
    assert len(sc.ours()) == 1


def test_lost_answer_to_the_comment_post_does_not_duplicate_it(sc: Scenario) -> None:
    # The comment is created, but the answer is a 502: our retry policy must not blindly re-POST.
    sc.fake.fail("POST", r"/issues/7/comments$", 502, after=True)
    outcome, _ = sc.run()
    assert len(sc.comments()) == 1
    assert outcome.comment is not None and outcome.comment.action == "created"


def test_bad_credentials_exit_2_with_one_line(
    sc: Scenario, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from openwash.cli import main

    for key, value in sc.env(**{"github-token": "ghp_revoked"}).items():
        monkeypatch.setenv(key, value)
    assert main(["action"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "401 Bad credentials" in err[0] and err[0].startswith("openwash: error:")


def test_unknown_pull_request_is_an_error(sc: Scenario) -> None:
    env = sc.env()
    del sc.repo.pulls[NUMBER]
    with pytest.raises(OpenwashError, match="not found"):
        action.main(env, io.StringIO())


def test_retries_exhausted_is_an_error(sc: Scenario) -> None:
    sc.fake.fail("GET", r"/pulls/7$", 502, times=20)
    env = read_env(sc.env())
    client = Client(env.inputs.github_token, env.api_url, retries=2, backoff_factor=0.0)
    with pytest.raises(OpenwashError, match=r"502 .* after 2 retries"):
        action.run(env, io.StringIO(), client=client)
    client.close()
    assert len(sc.fake.requests("GET", r"/pulls/7$")) == 3


# ---- releases and other events -------------------------------------------------------------------


def test_release_with_250_assets_across_pages(fake: FakeGitHub) -> None:
    repo = fake.add_repo("acme/weights")
    assets = [(f"model-{i:05d}-of-00250.safetensors", 1000 + i) for i in range(1, 251)]
    fake.add_release(repo, "v1.0", assets)
    fake.add_release(repo, "v0.9", [("model.gguf", 7)])
    fake.add_release(repo, "draft", [("secret.gguf", 1)], draft=True)

    with Client(TOKEN, fake.url) as client:
        entries = release_assets(client, client.repo("acme/weights"))

    paths = {e.path: e.size for e in entries}
    assert len(paths) == 251
    assert paths["release:v1.0/model-00250-of-00250.safetensors"] == 1250
    assert paths["release:v0.9/model.gguf"] == 7 and not any("secret" in p for p in paths)
    pages = [r.query for r in fake.requests("GET", r"/releases/\d+/assets$")]
    assert len(pages) == 3 and any("page=3" in q for q in pages)


def test_push_event_writes_summary_and_outputs_from_release_weights(fake: FakeGitHub, tmp_path: Path) -> None:
    repo = fake.add_repo("acme/released")
    fake.add_release(repo, "v1", [("model-00001-of-00002.safetensors", 5 << 30), ("sbom.spdx.json", 900)])
    ws = tmp_path / "workspace"
    ws.mkdir()
    sc = Scenario(fake, repo, tmp_path, ws)
    sc.commit(HEAD_SHA, {"LICENSE": RESTRICTIVE, "README.md": "# Acme model\n"}, checkout=True)

    outcome, stdout = sc.run("push")

    assert outcome.report.model_found and outcome.report.tier == "open-access"
    assert any("release:v1/" in e for e in outcome.report.components["weights"].evidence)
    out = sc.outputs()
    assert out["tier"] == "open-access" and out["previous-tier"] == ""
    assert "Openness tier" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert re.search(r"^::error file=LICENSE,line=\d+", stdout, re.M)
    assert fake.writes() == [] and not fake.requests(path_regex=r"/pulls/")


def test_subdirectory_path_prefixes_annotations_and_base_paths(fake: FakeGitHub, tmp_path: Path) -> None:
    repo = fake.add_repo("acme/mono")
    ws = tmp_path / "workspace"
    ws.mkdir()
    sc = Scenario(fake, repo, tmp_path, ws)
    sub = {f"models/acme/{k}": v for k, v in BASE_FILES.items()}
    sc.commit(BASE_SHA, {**sub, "LICENSE": RESTRICTIVE})  # a restrictive licence outside the path
    sc.commit(HEAD_SHA, {**sub, "models/acme/LICENSE": RESTRICTIVE}, checkout=True)
    sc.pull()

    outcome, stdout = sc.run(path="models/acme")

    assert outcome.previous is not None and outcome.previous.tier == "open-weight"
    assert outcome.report.tier == "open-access"
    assert re.search(r"^::error file=models/acme/LICENSE,line=\d+", stdout, re.M)
    assert "/blob/" + HEAD_SHA + "/models/acme/LICENSE#L" in sc.comments()[0]["body"]


def test_unchanged_files_are_read_from_the_checkout_not_the_api(sc: Scenario) -> None:
    # The head checkout equals the base: the base scan needs the tree listing and nothing else.
    # The base also has a symlinked licence: a link is never followed nor read.
    link = b"../../../etc/passwd"
    sc.fake.add_commit(
        sc.repo,
        BASE_SHA,
        {**{k: v.encode() for k, v in BASE_FILES.items()}, "LICENSE-DATA": link},
        modes={"LICENSE-DATA": "120000"},
    )
    sc.commit(HEAD_SHA, BASE_FILES, checkout=True)
    outcome, _ = sc.run()
    assert outcome.previous is not None and outcome.previous.tier == outcome.report.tier == "open-weight"
    assert [lic.path for lic in outcome.previous.licenses] == ["LICENSE"]
    assert not sc.fake.requests("GET", r"/git/blobs/")


def test_retry_after_is_honoured_within_a_bounded_time(sc: Scenario) -> None:
    import time

    sc.fake.fail("GET", r"/pulls/7$", 503, times=50, headers={"Retry-After": "1"})
    env = read_env(sc.env())
    client = Client(env.inputs.github_token, env.api_url, retries=50, retry_budget=1.5, backoff_factor=0.0)
    start = time.monotonic()
    with pytest.raises(OpenwashError, match="503"):
        action.run(env, io.StringIO(), client=client)
    elapsed = time.monotonic() - start
    client.close()
    assert 1.0 <= elapsed < 4.0  # waited as told, then gave up at the budget, not after 50 tries
    assert 2 <= len(sc.fake.requests("GET", r"/pulls/7$")) <= 3


# ---- Markdown and workflow-command escaping ---------------------------------------------------------

EVIL = (
    "Ping @octocat <script>alert(1)</script> | col | and `code` then\n"
    "```\n# Heading\n<!-- openwash:report -->\nsee #123 and GH-45, [x](https://evil.example) & $x$"
)


def _report(findings: tuple[Finding, ...], licence_name: str = "Acme | Licence") -> Report:
    return Report(
        root=".",
        tier="open-access",
        model_found=True,
        licenses=(LicenseInfo("LICENSE", "unknown", licence_name, 0.0, False, False, governs=("weights",)),),
        components={"weights": Component(True, ("model @octocat|x.safetensors",), "unknown", False)},
        findings=findings,
        next_steps=("Fix it",),
    )


def _table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def test_markdown_escapes_repository_text() -> None:
    f = Finding("osd-clause", 6, "violation", "docs/<b>@me|x.md", 10, 12, EVIL, "why @someone <i>", "r")
    md = markdown.render(_report((f,)), link_base="https://github.com/acme/model/blob/abc")
    body = compose(md, "a" * 32)

    assert body.count(MARKER) == 1 and "<!--" not in md
    assert "<script" not in md and "<b>" not in md and "<i>" not in md and "&lt;script&gt;" in md
    assert "@octocat" not in md and "@\u200boctocat" in md and "@\u200bsomeone" in md
    assert "#123" not in md and "#\u200b123" in md and "GH-\u200b45" in md
    assert "[x](" not in md and "\\[x\\](https://evil.example)" in md  # their link stays text
    assert not any(
        line.lstrip("> ").startswith(("```", "#")) for line in md.splitlines() if line.startswith(">")
    )
    # Every table row keeps its columns: repository pipes are escaped.
    for row in _table_rows(md):
        assert len(re.findall(r"(?<!\\)\|", row)) in (5, 7), row
    # The location links to the lines, with the path percent-encoded.
    assert "(https://github.com/acme/model/blob/abc/docs/%3Cb%3E%40me%7Cx.md#L10-L12)" in md


def test_markdown_truncates_concerns_first_and_never_cuts_a_table() -> None:
    findings = tuple(
        Finding(
            "osd-clause",
            6 if i % 2 else 5,
            "violation" if i < 20 else "concern",
            "LICENSE",
            i + 1,
            i + 1,
            f"term {i} " + "x" * 300,
            "why",
            f"r{i}",
        )
        for i in range(400)
    )
    md = markdown.render(_report(findings), max_chars=20_000)
    assert len(md) <= 20_000
    m = re.search(r"… (\d+) more findings \(see the job summary / report JSON\)", md)
    assert m is not None
    shown = md.count("**violation**") + md.count("**concern**")
    assert shown + int(m.group(1)) == 400
    assert md.count("**violation**") == 20  # all violations kept, concerns dropped
    assert "### Next steps" in md and md.rstrip().endswith("</sub>")
    for row in _table_rows(md):
        assert row.endswith("|")
    summary = markdown.render_summary(_report(findings))
    assert "more findings" not in summary  # the job summary has room for all of them


def test_change_sentence_raises_and_lowers() -> None:
    v = Finding("osd-clause", 5, "violation", "LICENSE", 3, 3, "no big companies", "why", "r")
    open_weight = Report(".", "open-weight", True, (), {}, (), ())
    access = Report(".", "open-access", True, (), {}, (v,), ())
    assert "lowers openness from `open-weight` to `open-access`** because it adds terms that fail OSD 5" in (
        markdown.change_sentence(access, open_weight) or ""
    )
    assert "raises openness" in (markdown.change_sentence(open_weight, access) or "")
    assert markdown.change_sentence(access, None) is None


def test_workflow_commands_escape_data_and_properties() -> None:
    line = outputs.command(
        "error", "50% off\r\n::add-mask::x", file="a,b:c.md", line=3, end_line=5, title="OSD 5: x, y"
    )
    assert (
        line
        == "::error file=a%2Cb%3Ac.md,line=3,endLine=5,title=OSD 5%3A x%2C y::50%25 off%0D%0A::add-mask::x"
    )
    assert "\n" not in line


def test_annotations_show_ten_of_each_and_count_the_rest() -> None:
    fs = [Finding("osd-clause", 5, "violation", "L", i, i, "q", "w", "r") for i in range(1, 14)]
    fs += [Finding("osd-clause", 7, "concern", "L", i, i, "q", "w", "r") for i in range(1, 4)]
    fs += [Finding("osd-clause", 1, "violation", "release:v1/x.bin", None, None, "q", "w", "r")]
    lines = outputs.annotation_commands(fs, {5: "Five", 7: "Seven", 1: "One"})
    assert sum(x.startswith("::error") for x in lines) == 10
    assert sum(x.startswith("::warning") for x in lines) == 3
    assert lines[0].startswith(
        "::error title=openwash OSD 1%3A One::"
    )  # clause 1 first; no file for an asset
    assert lines[-1].startswith("::notice::") and "4 more violation(s) and 0 more concern(s)" in lines[-1]


def test_outputs_heredoc_and_summary_cap(tmp_path: Path) -> None:
    path = tmp_path / "out"
    outputs.set_outputs(str(path), {"tier": "open-weight", "multi": "a\nb\nghadelimiter_x"})
    assert parse_outputs(path.read_text()) == {"tier": "open-weight", "multi": "a\nb\nghadelimiter_x"}
    summary = tmp_path / "summary.md"
    summary.write_text("x" * 1000)
    outputs.write_summary(str(summary), ("## big\n\n" + "é" * 300 + "\n\n") * 3000)
    assert summary.stat().st_size <= outputs.SUMMARY_LIMIT
    assert "cut to fit" in summary.read_text(encoding="utf-8")


def test_inputs_keep_hyphens_and_validate(tmp_path: Path) -> None:
    base = {"GITHUB_REPOSITORY": "a/b", "GITHUB_EVENT_NAME": "push"}
    env = read_env(
        {
            **base,
            "INPUT_GITHUB-TOKEN": "t",
            "INPUT_MIN-TIER": "open-weight",
            "INPUT_FAIL-ON-VIOLATION": "true",
            "INPUT_LABEL-PREFIX": "openness: ",
        }
    )
    assert (env.inputs.min_tier, env.inputs.fail_on_violation, env.inputs.label_prefix) == (
        "open-weight",
        True,
        "openness: ",
    )
    with pytest.raises(OpenwashError, match="fail-on-violation must be true or false"):
        read_env({**base, "INPUT_GITHUB-TOKEN": "t", "INPUT_FAIL-ON-VIOLATION": "yes please"})
    with pytest.raises(OpenwashError, match="min-tier"):
        read_env({**base, "INPUT_GITHUB-TOKEN": "t", "INPUT_MIN-TIER": "open"})
    with pytest.raises(OpenwashError, match="github-token"):
        read_env(base)


# ---- the whole thing, as the runner starts it --------------------------------------------------------


def test_end_to_end_subprocess_with_the_runner_env_contract(sc: Scenario) -> None:
    env = {**os.environ, **sc.env(**{"min-tier": "open-weight", "label-prefix": "openness: "})}
    env.pop("INPUT_MIN_TIER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "openwash", "action"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=sc.ws,
    )
    assert proc.returncode == 1, proc.stderr  # below the minimum tier: the policy fails
    assert "policy fails: tier open-access is below the minimum open-weight" in proc.stdout
    out = sc.outputs()
    assert (out["tier"], out["previous-tier"]) == ("open-access", "open-weight")
    assert json.loads(Path(out["report-json"]).read_text(encoding="utf-8"))["tier"] == "open-access"
    summary = (sc.tmp / "summary.md").read_text(encoding="utf-8")
    assert "**Policy:** ❌ fails" in summary and "lowers openness" in summary
    (comment,) = sc.ours()
    assert "**Policy:** ❌ fails" in comment["body"]
    assert sc.labels() == ["openness: open-access"]
    assert "GitHub API request(s)" in proc.stdout
    assert proc.stderr == ""  # PyGithub's debug log stays quiet


def test_push_with_the_api_unreachable_still_scans(tmp_path: Path) -> None:
    """No network at all (as `docker run --network none`): release assets become a warning."""
    import socket

    from openwash.github.action import run as run_action
    from openwash.github.env import read_env

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: connections are refused
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "LICENSE").write_text(PERMISSIVE)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"ref": "refs/heads/main", "repository": {"full_name": "acme/model"}}))
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        "GITHUB_API_URL": f"http://127.0.0.1:{port}",
        "GITHUB_REPOSITORY": "acme/model",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_SHA": "a" * 40,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "INPUT_GITHUB-TOKEN": "ghs_x",
        "INPUT_COMMENT": "never",
        "INPUT_PATH": ".",
    }
    out = io.StringIO()
    outcome = run_action(read_env(env), out)
    assert outcome.exit_code == 0
    assert "tier=open-source" in output.read_text()
    assert "::warning" in out.getvalue() and "release assets not inspected" in out.getvalue()
    # One plain reason, not the HTTP library's exception text.
    assert f"cannot reach the GitHub API at http://127.0.0.1:{port} (connection refused)\n" in out.getvalue()
    assert "HTTPConnectionPool" not in out.getvalue() and "Caused by" not in out.getvalue()


def test_aibom_badge_and_sarif_files_with_their_outputs(fake: FakeGitHub, tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    from sarif_pydantic import Sarif

    repo = fake.add_repo("acme/boms")
    ws = tmp_path / "workspace"
    ws.mkdir()
    sc = Scenario(fake, repo, tmp_path, ws)
    sc.commit(
        HEAD_SHA, {"LICENSE": PERMISSIVE, "model-00001-of-00001.safetensors": LFS_POINTER}, checkout=True
    )

    outcome, _ = sc.run(
        "push",
        **{"aibom-file": "out/model.cdx.json", "badge-file": "out/badge.svg", "sarif-file": "out/o.sarif"},
    )

    out = sc.outputs()
    assert out["aibom-file"] == "out/model.cdx.json" and out["badge-file"] == "out/badge.svg"
    bom = (ws / "out" / "model.cdx.json").read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom) is None
    assert outcome.report.tier in (ws / "out" / "badge.svg").read_text()
    Sarif.model_validate(json.loads((ws / "out" / "o.sarif").read_text()))
    with pytest.raises(OpenwashError, match=r"aibom-file model\.txt: name it"):
        sc.run("push", **{"aibom-file": "model.txt"})


# ---- hostile pull requests -----------------------------------------------------------------------


def test_a_refused_label_does_not_cancel_the_comment(sc: Scenario) -> None:
    sc.fake.fail("POST", r"/labels$", 422, times=10, message="Validation Failed")
    with pytest.raises(OpenwashError, match="422"):
        sc.run()
    assert len(sc.ours()) == 1  # the comment was still posted
    assert (sc.tmp / "summary.md").exists()


def test_a_prs_own_label_prefix_too_long_for_github_is_refused_before_any_write(sc: Scenario) -> None:
    sc.commit(HEAD_SHA, {**RESTRICTED_FILES, ".openwash.yml": f"label_prefix: '{'x' * 60}'\n"}, checkout=True)
    with pytest.raises(OpenwashError, match="label_prefix"):
        sc.run()
    assert sc.fake.writes() == []


def test_a_symlinked_policy_in_the_pr_is_not_read(sc: Scenario) -> None:
    secret = sc.tmp / "secret.yml"
    secret.write_text("min_tier: open-science\n", encoding="utf-8")
    (sc.ws / ".openwash.yml").symlink_to(secret)
    with pytest.raises(OpenwashError, match="outside the repository"):
        sc.run()


def test_a_symlinked_scan_path_out_of_the_workspace_is_refused(sc: Scenario) -> None:
    outside = sc.tmp / "outside"
    outside.mkdir()
    (outside / "LICENSE").write_text(RESTRICTIVE, encoding="utf-8")
    (sc.ws / "models").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OpenwashError, match="out of the workspace"):
        sc.run(path="models")


def test_a_symlinked_output_folder_of_the_pr_is_not_written_through(sc: Scenario) -> None:
    outside = sc.tmp / "elsewhere"
    outside.mkdir()
    (sc.ws / "reports").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OpenwashError, match="out of the workspace"):
        sc.run(**{"sarif-file": "reports/openwash.sarif"})
    assert list(outside.iterdir()) == []

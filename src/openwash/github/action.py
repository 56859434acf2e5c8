"""The GitHub Action: scan, compare with the base, label, comment, and report to the runner.

On `pull_request` / `pull_request_target` the head is the workspace checkout and the base is
read through the API (see sources.py); nothing from the PR is ever executed. Every run writes
the outputs, the job summary, annotations and a JSON report *before* any write to the PR, so a
read-only token (fork PRs) or a failing write still leaves the whole report in the job.

Exit status: 0 the policy passes, 1 it fails, 2 a GitHub error stopped the run (raised as an
OpenwashError for the CLI to print as one line).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from openwash.errors import OpenwashError
from openwash.github import outputs
from openwash.github.env import ActionEnv, read_env
from openwash.sources.github_api import ApiError, Client, Unreachable, WriteRefused

if TYPE_CHECKING:
    from github.PullRequest import PullRequest
    from github.Repository import Repository

    from openwash.evidence.files import FileEntry
    from openwash.github.comment import CommentResult
    from openwash.github.labels import LabelResult
    from openwash.policy import Policy
    from openwash.report import Report
    from openwash.sources.github_tree import TreeSource

FORK_HELP = (
    "openwash cannot comment or label on this pull request: its token is read-only (a pull request "
    "from a fork, or a bot's). The report is in the job summary. To get comments on fork PRs, run "
    "openwash on `pull_request_target` (safe: openwash executes nothing from the PR; check out "
    "`github.event.pull_request.head.sha` with `persist-credentials: false`) or post the report "
    "from a `workflow_run` follow-up workflow."
)


@dataclass
class Outcome:
    exit_code: int
    report: Report
    previous: Report | None = None
    reasons: list[str] = field(default_factory=list)
    comment: CommentResult | None = None
    labels: LabelResult | None = None
    report_json: str = ""
    requests: int = 0
    retries: int = 0
    warnings: list[str] = field(default_factory=list)


class _Log:
    """stdout, where the runner reads workflow commands."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.warnings: list[str] = []

    def line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def warning(self, message: str) -> None:
        self.warnings.append(message)
        self.line(outputs.command("warning", message, title="openwash"))

    def notice(self, message: str) -> None:
        self.line(outputs.command("notice", message, title="openwash"))


def _inside(path: str, root: str) -> bool:
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


def _scan_root(env: ActionEnv) -> tuple[str, str | None]:
    """The folder to scan, and its path relative to the workspace (None when outside it)."""
    root = os.path.normpath(os.path.join(env.workspace, env.inputs.path))
    if not os.path.isdir(root):
        raise OpenwashError(f"input path {env.inputs.path!r}: no such folder in the workspace ({root})")
    if not _inside(root, env.workspace):
        workspace = os.path.normpath(env.workspace)
        if root == workspace or root.startswith(workspace.rstrip(os.sep) + os.sep):
            # Inside as written, outside once resolved: a symlinked folder of the checkout.
            raise OpenwashError(
                f"input path {env.inputs.path!r} leads out of the workspace through a symlink"
            )
        return root, None
    rel = os.path.relpath(os.path.realpath(root), os.path.realpath(env.workspace))
    return root, "" if rel == "." else rel.replace(os.sep, "/")


def _flags(env: ActionEnv) -> dict[str, Any]:
    # Only inputs that are set: the policy file wins over the action's defaults.
    inp = env.inputs
    return {
        "min_tier": inp.min_tier,
        "fail_on_violation": inp.fail_on_violation,
        "label_prefix": inp.label_prefix,
        "comment": inp.comment,
    }


def _config_path(env: ActionEnv) -> str | None:
    if not env.inputs.config:
        return None
    return os.path.normpath(os.path.join(env.workspace, env.inputs.config))


def _link_base(env: ActionEnv, sha: str, subdir: str | None) -> str | None:
    if not sha:
        return None
    base = f"{env.server_url}/{env.repository}/blob/{sha}"
    return f"{base}/{subdir}" if subdir else base


def _base_policy(env: ActionEnv, source: TreeSource, head_policy: Policy, log: _Log) -> Policy:
    """The base branch's own .openwash.yml (or input config), with the same inputs on top."""
    from openwash.policy import ACTION_DEFAULTS, POLICY_FILES, load_policy

    candidates = [env.inputs.config] if env.inputs.config else list(POLICY_FILES)
    for name in candidates:
        rel = name
        if env.inputs.config and source.subdir and rel.startswith(source.subdir + "/"):
            rel = rel[len(source.subdir) + 1 :]
        data = source.read_bytes(rel)
        if data is None:
            continue
        with tempfile.TemporaryDirectory(prefix="openwash-base-policy-") as tmp:
            path = os.path.join(tmp, os.path.basename(name))
            with open(path, "wb") as fh:
                fh.write(data)
            try:
                return load_policy(None, ACTION_DEFAULTS, path, _flags(env))
            except OpenwashError as exc:
                log.warning(
                    f"the base branch's {name} is not valid ({exc.message}); using this PR's policy for it"
                )
                return head_policy
    return load_policy(None, ACTION_DEFAULTS, None, _flags(env))


def _report_location(env: ActionEnv) -> tuple[str, str]:
    """Where the JSON report goes, and the path later steps should use.

    RUNNER_TEMP when it exists here (a plain `run:` step). In a container action it is a host
    path that does not exist inside the container: then the report goes to `.openwash/` in the
    workspace (mounted from the host), given as a path relative to the workspace, which is
    every later step's working directory. That folder ignores itself in git.
    """
    temp = env.runner_temp
    if temp and os.path.isdir(temp) and os.access(temp, os.W_OK):
        path = os.path.join(temp, "openwash", "report.json")
        return path, path
    folder = os.path.join(env.workspace, ".openwash")
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.lexists(ignore):
        _write_inside(env.workspace, ignore, "*\n", ".openwash/.gitignore")
    return os.path.join(folder, "report.json"), ".openwash/report.json"


def _write_inside(workspace: str | None, path: str, text: str, label: str) -> None:
    """Write a file the job keeps. Inside the workspace (a checkout of the PR), no symlink of
    the PR may lead the write elsewhere: the folder must resolve inside, the file not be a link."""
    try:
        folder = os.path.dirname(path) or "."
        if workspace is not None and _lexically_inside(path, workspace) and not _inside(path, workspace):
            raise OpenwashError(f"{label}: leads out of the workspace through a symlink; not written")
        os.makedirs(folder, exist_ok=True)
        if workspace is not None and _lexically_inside(path, workspace) and not _inside(folder, workspace):
            raise OpenwashError(f"{label}: leads out of the workspace through a symlink; not written")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags, 0o644), "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise OpenwashError(f"{label}: cannot write ({exc.strerror or exc})") from exc


def _lexically_inside(path: str, root: str) -> bool:
    path, root = os.path.normpath(path), os.path.normpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _write_json(path: str, report: Report, workspace: str) -> None:
    _write_inside(workspace, path, json.dumps(report.to_dict(), indent=2) + "\n", f"{path}: the JSON report")


def aibom_format(name: str) -> str:
    """The AI-BOM format a file name asks for."""
    from openwash.render import AIBOM_FORMATS, format_for

    fmt = format_for(name, AIBOM_FORMATS)
    if fmt is not None:
        return fmt
    raise OpenwashError(
        f"aibom-file {name}: name it *.spdx3.json (SPDX 3.0.1), *.spdx.json (SPDX 2.3) or *.cdx.json"
    )


def _write_files(env: ActionEnv, report: Report, subdir: str | None) -> dict[str, str]:
    """The optional files the inputs ask for (SARIF, AI-BOM, badge); returns output name -> path."""
    from openwash.render import format_for, renderer, sarif

    def aibom() -> str:
        return renderer(aibom_format(env.inputs.aibom_file or "")).render(report)

    def badge() -> str:
        return renderer(format_for(env.inputs.badge_file or "", ("svg",)) or "badge").render(report)

    wanted: list[tuple[str, str | None, Callable[[], str]]] = [
        ("sarif-file", env.inputs.sarif_file, lambda: sarif.render(report, path_prefix=subdir or "")),
        ("aibom-file", env.inputs.aibom_file, aibom),
        ("badge-file", env.inputs.badge_file, badge),
    ]
    written: dict[str, str] = {}
    for name, relative, make in wanted:
        if not relative:
            continue
        path = os.path.normpath(os.path.join(env.workspace, relative))
        _write_inside(env.workspace, path, make(), f"{name} {relative}")
        written[name] = relative
    return written


def _policy_block(reasons: list[str]) -> str:
    from openwash.render.markdown import inline

    if not reasons:
        return "**Policy:** ✅ passes."
    return "**Policy:** ❌ fails: " + "; ".join(inline(r, 300) for r in reasons) + "."


def _with_policy(markdown: str, reasons: list[str]) -> str:
    # Right under the tier heading: the first thing a reviewer needs after the tier.
    head, sep, rest = markdown.partition("\n\n")
    return f"{head}\n\n{_policy_block(reasons)}{sep}{rest}"


def _summary_line(report: Report, previous: Report | None) -> str:
    base = f" (base: {previous.tier})" if previous is not None else ""
    n = len(report.violations)
    return (
        f"openwash: tier {report.tier}{base}; {n} violation(s), {len(report.findings) - n} concern(s); "
        f"MOF class {report.mof_class or 'none'}"
    )


class _Scanner:
    """Scans the head (and, for PRs, the base) of the repository."""

    def __init__(self, env: ActionEnv, client: Client, repo: Repository, log: _Log) -> None:
        self.env, self.client, self.repo, self.log = env, client, repo, log

    def head(
        self, root: str, policy: Policy, assets: list[FileEntry], sha: str, subdir: str | None
    ) -> Report:
        from openwash import engine
        from openwash.sources.github_tree import HeadSource

        source = HeadSource(root, policy.ignore, assets, sha or None, _link_base(self.env, sha, subdir))
        return engine.scan(root, policy, source=source)

    def base(
        self, root: str, head_policy: Policy, assets: list[FileEntry], sha: str, subdir: str | None
    ) -> Report | None:
        from openwash import engine
        from openwash.sources.github_tree import TreeSource

        if subdir is None:
            self.log.warning("the scanned path is outside the workspace: no comparison with the base branch")
            return None
        source = TreeSource(
            self.client,
            self.repo,
            sha,
            label=f"{self.env.repository}@{sha[:12]}",
            subdir=subdir,
            local_root=root,
            ignore=head_policy.ignore,
            assets=assets,
            link_base=_link_base(self.env, sha, subdir),
        )
        try:
            policy = _base_policy(self.env, source, head_policy, self.log)
            source.ignore = policy.ignore
            report = engine.scan(source.label, policy, source=source)
        except ApiError as exc:
            if exc.status not in (404, 409, 422):
                raise
            # The base commit is gone (force-pushed) or empty: report the head alone.
            self.log.warning(
                f"cannot read the base commit ({exc.message}); no comparison with the base branch"
            )
            return None
        except OpenwashError as exc:
            self.log.warning(
                f"cannot scan the base commit ({exc.message}); no comparison with the base branch"
            )
            return None
        if source.truncated:
            self.log.warning(
                "the base commit's tree is too large for one API listing: the comparison may be off"
            )
        return report


def _pr_writes(
    client: Client,
    repo: Repository,
    pr: PullRequest,
    number: int,
    current_labels: tuple[str, ...],
    report: Report,
    previous: Report | None,
    policy: Policy,
    markdown: str,
    reasons: list[str],
    outcome: Outcome,
) -> None:
    from openwash.github import comment, labels

    # Each write on its own: a label GitHub refuses must not keep the comment from being posted.
    failed: list[ApiError] = []
    try:
        outcome.labels = labels.sync(
            client, repo, pr, number, current_labels, report.tier, policy.label_prefix
        )
    except WriteRefused:
        raise
    except ApiError as exc:
        failed.append(exc)
    digest = comment.state_hash(report, previous, reasons)
    try:
        outcome.comment = comment.upsert(client, pr, number, markdown, digest, policy.comment)
    except WriteRefused:
        if not failed:
            raise
    except ApiError as exc:
        failed.append(exc)
    if failed:
        raise failed[0]


def run(env: ActionEnv, out: TextIO, client: Client | None = None) -> Outcome:
    """One run of the action. Raises OpenwashError (exit 2) for errors that stop it."""
    from openwash.policy import ACTION_DEFAULTS, evaluate, load_policy
    from openwash.render import markdown
    from openwash.render.markdown import clause_titles
    from openwash.sources.github_assets import release_assets

    log = _Log(out)
    root, subdir = _scan_root(env)
    policy = load_policy(root, ACTION_DEFAULTS, _config_path(env), _flags(env), confine=env.workspace)
    own_client = client is None
    client = client or Client(env.inputs.github_token, env.api_url)
    try:
        repo = client.repo(env.repository)
        pull = env.pull_request
        pr: PullRequest | None = None
        current_labels: tuple[str, ...] = ()
        if pull is not None:
            with client.api(f"pull request #{pull.number} of {env.repository}"):
                pr = repo.get_pull(pull.number)
                current_labels = tuple(label.name for label in pr.labels)  # fresh, unlike the payload's
        try:
            assets = release_assets(client, repo)
        except Unreachable as exc:
            # Release assets are extra evidence: without the API the tree is still scanned.
            log.warning(f"release assets not inspected: {exc.message}")
            assets = []
        scanner = _Scanner(env, client, repo, log)
        head_sha = pull.head_sha if pull is not None else env.sha
        report = scanner.head(root, policy, assets, head_sha, subdir)
        previous = scanner.base(root, policy, assets, pull.base_sha, subdir) if pull is not None else None

        reasons = evaluate(report, policy)
        outcome = Outcome(1 if reasons else 0, report, previous, reasons)
        link_base = _link_base(env, head_sha, subdir)

        # Everything the job keeps, before any write to the PR.
        json_path, json_output = _report_location(env)
        _write_json(json_path, report, env.workspace)
        outcome.report_json = json_output
        written = _write_files(env, report, subdir)
        summary = markdown.render_summary(report, previous=previous, link_base=link_base)
        outputs.write_summary(env.summary_file, _with_policy(summary, reasons))
        outputs.set_outputs(
            env.output_file,
            {
                "tier": report.tier,
                "previous-tier": previous.tier if previous is not None else "",
                "violations": str(len(report.violations)),
                "mof-class": report.mof_class or "",
                "report-json": json_output,
                "aibom-file": written.get("aibom-file", ""),
                "badge-file": written.get("badge-file", ""),
            },
            out,
        )
        for line in outputs.annotation_commands(
            report.findings, clause_titles(), f"{subdir}/" if subdir else ""
        ):
            log.line(line)
        log.line(_summary_line(report, previous))
        for reason in reasons:
            log.line(f"openwash: policy fails: {reason}")

        if pull is not None and pr is not None:
            if env.event_name == "pull_request" and pull.is_fork:
                log.warning(FORK_HELP)  # its token is read-only whatever the workflow asks for
            else:
                body = markdown.render(
                    report, previous=previous, link_base=link_base, max_chars=_comment_room(reasons)
                )
                try:
                    _pr_writes(
                        client,
                        repo,
                        pr,
                        pull.number,
                        current_labels,
                        report,
                        previous,
                        policy,
                        _with_policy(body, reasons),
                        reasons,
                        outcome,
                    )
                except WriteRefused as exc:
                    log.warning(f"{FORK_HELP} ({exc.message})")
        outcome.requests, outcome.retries = client.stats.requests, client.stats.retries
        outcome.warnings = log.warnings
        log.line(f"openwash: {outcome.requests} GitHub API request(s), {outcome.retries} retried")
        return outcome
    finally:
        if own_client:
            client.close()


def _comment_room(reasons: list[str]) -> int:
    from openwash.github.comment import RENDER_LIMIT

    return RENDER_LIMIT - len(_policy_block(reasons)) - 2


def main(environ: dict[str, str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        env = read_env(environ)
        return run(env, out).exit_code
    except OpenwashError as exc:
        # Shown on the run's page as well as in the log; the CLI prints the one-line reason.
        out.write(outputs.command("error", exc.message, title="openwash") + "\n")
        raise

"""The runner's environment contract: action inputs, GITHUB_* variables and the event payload.

Inputs arrive as `INPUT_<NAME>` upper-cased with hyphens kept (`INPUT_MIN-TIER`). An input
left empty is "not set": the policy file and then the action's defaults decide.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openwash.errors import OpenwashError
from openwash.policy import COMMENT_MODES
from openwash.report import ALL_TIERS

PR_EVENTS = ("pull_request", "pull_request_target")
_MAX_EVENT_BYTES = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
# The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")


@dataclass(frozen=True)
class Inputs:
    github_token: str
    path: str = "."
    min_tier: str | None = None
    fail_on_violation: bool | None = None
    label_prefix: str | None = None
    comment: str | None = None
    config: str | None = None
    sarif_file: str | None = None
    aibom_file: str | None = None  # the AI-BOM's format follows its name (.spdx3.json, .spdx.json, .cdx.json)
    badge_file: str | None = None  # .svg: a static badge; otherwise a shields.io endpoint JSON


@dataclass(frozen=True)
class PullRequest:
    number: int
    head_sha: str
    base_sha: str
    head_repo: str | None  # None when the fork was deleted
    base_repo: str
    labels: tuple[str, ...] = ()

    @property
    def is_fork(self) -> bool:
        return self.head_repo is None or self.head_repo != self.base_repo


@dataclass(frozen=True)
class ActionEnv:
    inputs: Inputs
    api_url: str
    server_url: str
    repository: str
    event_name: str
    event: dict[str, Any]
    workspace: str
    sha: str
    output_file: str | None
    summary_file: str | None
    runner_temp: str | None = None
    pull_request: PullRequest | None = field(default=None)

    @property
    def owner_repo(self) -> tuple[str, str]:
        owner, _, name = self.repository.partition("/")
        return owner, name


def _input(environ: Mapping[str, str], name: str) -> str | None:
    # The runner keeps hyphens (INPUT_MIN-TIER); a hand-run `docker run -e INPUT_MIN_TIER` is
    # accepted too, the runner's spelling wins.
    for key in (f"INPUT_{name.upper()}", f"INPUT_{name.upper().replace('-', '_')}"):
        value = environ.get(key)
        if value is not None and value.strip():
            return value.strip()
    return None


def _bool_input(environ: Mapping[str, str], name: str) -> bool | None:
    value = _input(environ, name)
    if value is None:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise OpenwashError(f"input {name} must be true or false, not {value!r}")


def read_inputs(environ: Mapping[str, str]) -> Inputs:
    token = _input(environ, "github-token")
    if not token:
        raise OpenwashError(
            "input github-token is empty: pass `github-token: ${{ github.token }}` (the default)"
        )
    min_tier = _input(environ, "min-tier")
    if min_tier is not None and min_tier.lower() in ("none", ""):
        min_tier = None
    if min_tier is not None and min_tier not in ALL_TIERS:
        raise OpenwashError(f"input min-tier: unknown tier {min_tier!r} (one of: {', '.join(ALL_TIERS)})")
    comment = _input(environ, "comment")
    if comment is not None and comment not in COMMENT_MODES:
        raise OpenwashError(f"input comment must be one of {', '.join(COMMENT_MODES)}, not {comment!r}")
    # label-prefix is the one input where trailing spaces matter ("openness: ").
    raw_prefix = environ.get("INPUT_LABEL-PREFIX", environ.get("INPUT_LABEL_PREFIX"))
    label_prefix = raw_prefix if raw_prefix and raw_prefix.strip() else None
    return Inputs(
        github_token=token,
        path=_input(environ, "path") or ".",
        min_tier=min_tier,
        fail_on_violation=_bool_input(environ, "fail-on-violation"),
        label_prefix=label_prefix,
        comment=comment,
        config=_input(environ, "config"),
        sarif_file=_input(environ, "sarif-file"),
        aibom_file=_input(environ, "aibom-file"),
        badge_file=_input(environ, "badge-file"),
    )


def load_event(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise OpenwashError(f"GITHUB_EVENT_PATH {path}: cannot read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise OpenwashError(f"GITHUB_EVENT_PATH {path}: not a JSON event payload") from exc
    if not isinstance(data, dict):
        raise OpenwashError(f"GITHUB_EVENT_PATH {path}: the event payload is not a JSON object")
    return data


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def pull_request_of(event: Mapping[str, Any], repository: str) -> PullRequest:
    """The PR of a pull_request / pull_request_target payload."""
    pr = event.get("pull_request")
    if not isinstance(pr, dict):
        raise OpenwashError("the event payload has no pull_request object")
    number = pr.get("number", event.get("number"))
    head, base = pr.get("head"), pr.get("base")
    if (
        isinstance(number, bool)
        or not isinstance(number, int)
        or not isinstance(head, dict)
        or not isinstance(base, dict)
    ):
        raise OpenwashError("the pull_request payload lacks number, head or base")
    head_sha, base_sha = _str(head.get("sha")), _str(base.get("sha"))
    if head_sha is None or base_sha is None:
        raise OpenwashError("the pull_request payload lacks head.sha or base.sha")
    head_repo = head.get("repo")
    base_repo = base.get("repo")
    head_name = _str(head_repo.get("full_name")) if isinstance(head_repo, dict) else None
    base_name = (_str(base_repo.get("full_name")) if isinstance(base_repo, dict) else None) or repository
    raw_labels = pr.get("labels")
    if raw_labels is not None and not isinstance(raw_labels, list):
        raise OpenwashError("the pull_request payload's labels is not a list")
    labels = tuple(
        label["name"] for label in raw_labels or [] if isinstance(label, dict) and _str(label.get("name"))
    )
    return PullRequest(number, head_sha, base_sha, head_name, base_name, labels)


def read_env(environ: Mapping[str, str] | None = None) -> ActionEnv:
    environ = os.environ if environ is None else environ
    inputs = read_inputs(environ)
    repository = environ.get("GITHUB_REPOSITORY", "")
    if repository.count("/") != 1 or not all(repository.split("/")):
        raise OpenwashError("GITHUB_REPOSITORY is not set to owner/name: run this inside GitHub Actions")
    event_name = environ.get("GITHUB_EVENT_NAME", "")
    event = load_event(environ.get("GITHUB_EVENT_PATH"))
    pull = pull_request_of(event, repository) if event_name in PR_EVENTS else None
    return ActionEnv(
        inputs=inputs,
        api_url=(environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
        server_url=(environ.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
        repository=repository,
        event_name=event_name,
        event=event,
        workspace=environ.get("GITHUB_WORKSPACE") or os.getcwd(),
        sha=environ.get("GITHUB_SHA", ""),
        output_file=environ.get("GITHUB_OUTPUT") or None,
        summary_file=environ.get("GITHUB_STEP_SUMMARY") or None,
        runner_temp=environ.get("RUNNER_TEMP") or None,
        pull_request=pull,
    )

"""The sticky PR comment: one comment, found by a hidden marker and by its author, edited in place.

A marker alone is not enough: anyone can paste `<!-- openwash:report -->` into a comment. Ours
is the one that carries the marker *and* was written by the token's own identity (the token's
user, or github-actions[bot] for GITHUB_TOKEN). A second hidden marker holds a hash of what
the comment says, so `on-change` mode can tell that nothing changed without comparing text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from openwash.report import Report
from openwash.sources.github_api import ApiError, Client, Identity

if TYPE_CHECKING:
    from github.IssueComment import IssueComment
    from github.PullRequest import PullRequest

MARKER = "<!-- openwash:report -->"
_HASH_MARKER = "<!-- openwash:hash={} -->"
_HASH_RE = re.compile(r"<!-- openwash:hash=([0-9a-f]{16,64}) -->")
MAX_BODY = 65_536  # GitHub refuses longer comment bodies
# Room for the two markers and their newlines, with a margin for how GitHub counts characters.
RENDER_LIMIT = MAX_BODY - 600

Action = Literal["created", "updated", "unchanged", "skipped"]


@dataclass(frozen=True)
class CommentResult:
    action: Action
    comment_id: int | None = None
    url: str | None = None


def state_hash(report: Report, previous: Report | None, policy_reasons: Sequence[str] = ()) -> str:
    """What the comment says, as a hash: tiers, findings (with the lines it shows) and the policy."""
    state: dict[str, Any] = {
        "tier": report.tier,
        "previous": previous.tier if previous is not None else None,
        "policy": list(policy_reasons),
        "findings": sorted(
            [f.kind, f.clause, f.severity, f.path, f.line_start, f.line_end, f.quote, f.rule]
            for f in report.findings
        ),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]


def compose(markdown: str, digest: str) -> str:
    return f"{MARKER}\n{markdown.rstrip()}\n\n{_HASH_MARKER.format(digest)}\n"


def stored_hash(body: str) -> str | None:
    # Our own hash marker is the last line; the rendered text cannot hold one (the renderer
    # escapes '<'), so the last match is ours.
    found = _HASH_RE.findall(body or "")
    return found[-1] if found else None


def is_ours(comment: IssueComment, me: Identity) -> bool:
    user = comment.user
    if user is None or user.login is None:
        return False
    if user.login.casefold() != me.login.casefold():
        return False
    return not me.is_bot or user.type == "Bot"


def _with_marker(comments: Iterable[IssueComment]) -> list[IssueComment]:
    return [c for c in comments if c.body and c.body.startswith(MARKER)]


def find_ours(client: Client, pr: PullRequest, number: int) -> IssueComment | None:
    """Our sticky comment on the PR, reading every page; the oldest one if there are several."""
    with client.api(f"listing comments of #{number}"):
        marked = _with_marker(pr.get_issue_comments())
    if not marked:
        return None  # no need to ask who we are
    me = client.identity()
    for comment in marked:
        if is_ours(comment, me):
            return comment
    return None


def upsert(
    client: Client,
    pr: PullRequest,
    number: int,
    markdown: str,
    digest: str,
    mode: str,
) -> CommentResult:
    """Create or edit the sticky comment per `mode` (always / on-change / never)."""
    if mode == "never":
        return CommentResult("skipped")
    body = compose(markdown, digest)
    existing = find_ours(client, pr, number)
    if existing is not None:
        if mode == "on-change" and stored_hash(existing.body) == digest:
            return CommentResult("unchanged", existing.id, existing.html_url)
        if existing.body == body:
            return CommentResult("unchanged", existing.id, existing.html_url)
        with client.api(f"editing comment {existing.id} on #{number}", write=True):
            existing.edit(body)  # PATCH is idempotent: the retry policy may repeat it
        return CommentResult("updated", existing.id, existing.html_url)
    try:
        with client.api(f"commenting on #{number}", write=True):
            created = pr.create_issue_comment(body)
    except ApiError as exc:
        if exc.status is not None and exc.status < 500:
            raise
        # A 5xx or a lost answer may still have created the comment: look before posting again.
        landed = find_ours(client, pr, number)
        if landed is not None and stored_hash(landed.body) == digest:
            return CommentResult("created", landed.id, landed.html_url)
        with client.api(f"commenting on #{number}", write=True):
            created = pr.create_issue_comment(body)
    return CommentResult("created", created.id, created.html_url)

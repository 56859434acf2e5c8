"""The tier label on a pull request: exactly one `<prefix><tier>`, coloured by tier.

Only labels with our prefix *and* a tier name after it are ours: `openness: reviewed` or any
other label is left alone. GitHub compares label names case-insensitively, so do we.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openwash.report import ALL_TIERS, tier_colour, tier_description
from openwash.sources.github_api import ApiError, Client

if TYPE_CHECKING:
    from github.PullRequest import PullRequest
    from github.Repository import Repository

DEFAULT_PREFIX = "openness: "


@dataclass
class LabelResult:
    label: str
    added: bool = False
    created: bool = False
    removed: list[str] = field(default_factory=list)


def tier_label(prefix: str, tier: str) -> str:
    return f"{prefix}{tier}"


def stale_labels(current: Sequence[str], prefix: str, tier: str) -> list[str]:
    """Our labels for other tiers: same prefix, a tier name after it, not the one we want."""
    want = tier_label(prefix, tier).casefold()
    fold = prefix.casefold()
    tiers = {t.casefold() for t in ALL_TIERS}
    return [
        name
        for name in current
        if name.casefold() != want
        and name.casefold().startswith(fold)
        and name.casefold()[len(fold) :] in tiers
    ]


def ensure_label(client: Client, repo: Repository, name: str, tier: str) -> bool:
    """Make sure the repository has the label; True when we created it.

    Looked up first, so that a workflow without `issues: write` works once the label exists,
    and a colour someone chose for it is kept.
    """
    try:
        with client.api(f"label {name!r}"):
            repo.get_label(name).color  # noqa: B018 - reading an attribute makes the lazy GET
        return False
    except ApiError as exc:
        if exc.status != 404:
            raise
    try:
        client.idempotent_write(
            f"creating label {name!r}",
            lambda: repo.create_label(name, tier_colour(tier, "ededed"), tier_description(tier)),
        )
        return True
    except ApiError as exc:
        if exc.status == 422:  # created meanwhile (a concurrent run): fine
            return False
        raise


def sync(
    client: Client,
    repo: Repository,
    pr: PullRequest,
    number: int,
    current: Sequence[str],
    tier: str,
    prefix: str = DEFAULT_PREFIX,
) -> LabelResult:
    """Put the tier label on the PR and take stale tier labels off; no request if all is in place."""
    want = tier_label(prefix, tier)
    result = LabelResult(want)
    if want.casefold() not in {c.casefold() for c in current}:
        result.created = ensure_label(client, repo, want, tier)
        client.idempotent_write(f"adding label {want!r} to #{number}", lambda: pr.add_to_labels(want))
        result.added = True
    for name in stale_labels(current, prefix, tier):
        try:
            with client.api(f"removing label {name!r} from #{number}", write=True):
                pr.remove_from_labels(name)
        except ApiError as exc:
            if exc.status != 404:  # already gone: someone removed it meanwhile
                raise
        result.removed.append(name)
    return result

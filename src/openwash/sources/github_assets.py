"""Release assets as evidence: weights, datasets and SBOMs published beside the tree.

Names and sizes only, never contents. Each release in the list already carries its assets; a
release with 100 or more of them is paged through its own assets endpoint, in case the embedded
list is capped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openwash.evidence.files import FileEntry
from openwash.sources.github_api import Client

if TYPE_CHECKING:
    from github.GitRelease import GitRelease
    from github.GitReleaseAsset import GitReleaseAsset
    from github.Repository import Repository

MAX_RELEASES = 300  # 3 pages: a model's weights are in its recent releases, not its 1000th
_EMBEDDED_TRUSTED_BELOW = 100


def _assets_of(release: GitRelease) -> list[GitReleaseAsset]:
    embedded = release.assets
    if embedded is not None and len(embedded) < _EMBEDDED_TRUSTED_BELOW:
        return list(embedded)
    return list(release.get_assets())  # every page


def release_assets(client: Client, repo: Repository, max_releases: int = MAX_RELEASES) -> list[FileEntry]:
    """Assets of the repository's published releases as `release:<tag>/<name>` entries."""
    entries: list[FileEntry] = []
    with client.api("listing releases"):
        for i, release in enumerate(repo.get_releases()):
            if i >= max_releases:
                break
            if release.draft:  # not published: not evidence of what anyone can download
                continue
            tag = release.tag_name or str(release.id)
            for asset in _assets_of(release):
                entries.append(FileEntry(f"release:{tag}/{asset.name}", int(asset.size or 0)))
    return entries

"""Where a repository's files come from: a folder on disk, or a remote repository named by a
prefix (`hf:ORG/NAME[@REVISION]`, `gh:OWNER/REPO[@REF]`). The engine sees only `RepoSource`, so
every source is scanned by the same code.

Adding a source is one row in `PREFIXES` and a module with `open_source(target, *, offline)`.
The engine never imports a source's network code: a remote source is opened here, by the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from openwash.evidence.files import FileEntry

# Target prefix -> the module that opens it (its `open_source(target, *, offline)`).
PREFIXES: dict[str, str] = {
    "hf:": "openwash.sources.huggingface",  # the Hugging Face Hub
    "gh:": "openwash.sources.github",  # GitHub
}


class RepoSource(Protocol):
    """A repository to scan: a listing of its files and a way to read the small text ones."""

    label: str  # how the user named it (a path, hf:org/name, gh:owner/repo)
    revision: str | None
    link_base: str | None  # URL prefix for links to files at that revision

    def files(self) -> list[FileEntry]: ...

    def read_text(self, path: str) -> str: ...

    def extra_files(self) -> list[FileEntry]:
        """Files published beside the tree (release assets): listed, never read."""
        ...


def is_remote(target: str) -> bool:
    return target.startswith(tuple(PREFIXES))


def open_remote(target: str, *, offline: bool = False) -> RemoteRepoSource:
    """The source a prefixed target names, resolved to one commit (from the cache when it has it)."""
    module = next(m for prefix, m in PREFIXES.items() if target.startswith(prefix))
    source: RemoteRepoSource = importlib.import_module(module).open_source(target, offline=offline)
    return source


class RemoteRepoSource(RepoSource, Protocol):
    ignore: tuple[str, ...]  # the policy's `ignore`, set once the policy is known

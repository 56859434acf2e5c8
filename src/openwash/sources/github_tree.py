"""The two repositories the action scans: the head (the workspace checkout) and the base (via the API).

The base commit is never checked out: its tree listing comes from one API call, and a file the
engine reads is taken from the checkout when the checkout holds the very same blob (same git
blob hash), so only the files the PR changed cost a request. Nothing is executed, and weights
are never read (a tiny weight file is a Git LFS pointer: its announced size is parsed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from fnmatch import fnmatch
from typing import TYPE_CHECKING

from openwash.errors import OpenwashError
from openwash.evidence.files import FileEntry, is_weight
from openwash.evidence.textfile import MAX_TEXT_BYTES, decode_text, inside, read_bytes
from openwash.sources.github_api import Client
from openwash.sources.local import LFS_POINTER, SKIP_DIRS, LocalSource

if TYPE_CHECKING:
    from github.Repository import Repository

_POINTER_MAX = 1024
MAX_POINTER_FETCHES = 8  # LFS pointers the PR changed, read through the API; beyond that, sizes unknown


def git_blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data, usedforsecurity=False).hexdigest()


class HeadSource(LocalSource):
    """The workspace checkout, with the repository's release assets beside it."""

    def __init__(
        self,
        root: str,
        ignore: tuple[str, ...],
        assets: list[FileEntry],
        revision: str | None,
        link_base: str | None,
    ) -> None:
        super().__init__(root, ignore=ignore)
        self.revision = revision
        self.link_base = link_base
        self._assets = assets

    def extra_files(self) -> list[FileEntry]:
        return list(self._assets)


class TreeSource:
    """A commit of the repository, read through the API (`RepoSource` for the engine)."""

    def __init__(
        self,
        client: Client,
        repo: Repository,
        sha: str,
        *,
        label: str,
        subdir: str = "",
        local_root: str | None = None,
        ignore: tuple[str, ...] = (),
        assets: list[FileEntry] | None = None,
        link_base: str | None = None,
    ) -> None:
        self.client = client
        self.repo = repo
        self.label = label
        self.revision: str | None = sha
        self.link_base = link_base
        self.subdir = subdir.strip("/")
        self.local_root = local_root
        self.ignore = ignore
        self.truncated = False
        self.fetched: list[str] = []  # paths read through the API (for tests and the log)
        self._assets = assets or []
        self._blobs: dict[str, tuple[str, int]] = {}  # path -> (blob sha, size)
        self._files: list[FileEntry] | None = None
        self._pointer_fetches = 0

    # -- listing -------------------------------------------------------------------------------

    def _relative(self, path: str) -> str | None:
        if not self.subdir:
            return path
        prefix = self.subdir + "/"
        return path[len(prefix) :] if path.startswith(prefix) else None

    def _ignored(self, rel: str) -> bool:
        parts = rel.split("/")
        if any(p in SKIP_DIRS for p in parts[:-1]):
            return True
        return any(fnmatch(rel, pat) or rel.startswith(pat.rstrip("/") + "/") for pat in self.ignore)

    def files(self) -> list[FileEntry]:
        if self._files is None:
            sha = self.revision or ""
            with self.client.api(f"tree of {sha[:12]}"):
                tree = self.repo.get_git_tree(sha, recursive=True)
                elements = tree.tree
                self.truncated = bool(tree.truncated)
            entries = []
            for el in elements:
                # Blobs only: no symlinks (mode 120000, never followed), no submodules.
                if el.type != "blob" or el.mode == "120000":
                    continue
                rel = self._relative(el.path)
                if rel is None or self._ignored(rel):
                    continue
                size = int(el.size or 0)
                self._blobs[rel] = (el.sha, size)
                lfs = self._pointer_size(rel, size) if size < _POINTER_MAX and is_weight(rel) else None
                entries.append(FileEntry(rel, size, lfs))
            self._files = sorted(entries, key=lambda f: f.path)
        return self._files

    def extra_files(self) -> list[FileEntry]:
        return list(self._assets)

    # -- reading -------------------------------------------------------------------------------

    def _local_same_blob(self, rel: str, sha: str, size: int) -> bytes | None:
        """The checkout's copy of `rel`, if it is byte for byte the base's blob."""
        if self.local_root is None:
            return None
        path = os.path.join(self.local_root, rel)
        # Every component resolved (a symlinked folder of the PR leads nowhere outside the
        # checkout) and the file itself not a symlink.
        if os.path.islink(path) or inside(self.local_root, path) is None:
            return None
        try:
            data = read_bytes(path, rel, max_bytes=size, root=self.local_root)
        except OpenwashError:
            return None
        return data if git_blob_sha(data) == sha else None

    def _blob(self, rel: str) -> bytes:
        sha, size = self._blobs[rel]
        local = self._local_same_blob(rel, sha, size)
        if local is not None:
            return local
        with self.client.api(f"{rel} at {(self.revision or '')[:12]}"):
            blob = self.repo.get_git_blob(sha)
            content, encoding = blob.content or "", blob.encoding
        self.fetched.append(rel)
        if encoding == "base64":
            try:
                return base64.b64decode(content)
            except (binascii.Error, ValueError) as exc:
                raise OpenwashError(f"{rel}: the API returned an undecodable blob") from exc
        return content.encode("utf-8")

    def _pointer_size(self, rel: str, size: int) -> int | None:
        sha, _ = self._blobs[rel]
        data = self._local_same_blob(rel, sha, size)
        if data is None:
            if self._pointer_fetches >= MAX_POINTER_FETCHES:
                return None
            self._pointer_fetches += 1
            data = self._blob(rel)
        m = LFS_POINTER.match(data[:_POINTER_MAX])
        return int(m.group(1)) if m else None

    def read_bytes(self, rel: str) -> bytes | None:
        """A file's bytes at this commit, or None if the commit has no such file."""
        self.files()
        if rel not in self._blobs:
            return None
        return self._blob(rel)

    def read_text(self, path: str) -> str:
        self.files()
        if path not in self._blobs:
            raise OpenwashError(f"{path}: not in the base commit")
        if is_weight(path):
            raise OpenwashError(f"{path}: refusing to read a weight file")
        _, size = self._blobs[path]
        if size > MAX_TEXT_BYTES:
            raise OpenwashError(
                f"{path}: {size:,} bytes is too large for a licence or card (limit {MAX_TEXT_BYTES:,})"
            )
        text = decode_text(self._blob(path), path)
        return text.replace("\r\n", "\n").replace("\r", "\n")

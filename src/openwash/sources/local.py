"""A repository on disk as a `RepoSource` (sources/__init__.py)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING

from openwash.errors import OpenwashError
from openwash.evidence.files import UNMEASURED, FileEntry, is_card, is_sbom, is_weight, license_kind
from openwash.evidence.textfile import read_bytes, read_text

if TYPE_CHECKING:
    import pathspec

# Folders no scan descends into (also used when listing a commit through an API).
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", ".tox", ".mypy_cache"}
LFS_POINTER = re.compile(rb"^version https://git-lfs\.github\.com/spec/v1\n(?:.*\n)*?size (\d+)\s*$", re.M)


def _is_relevant(path: str) -> bool:
    return bool(
        license_kind(path) or is_card(path) or is_sbom(path) or path in (".openwash.yml", ".openwash.yaml")
    )


def _gitignore(root: str) -> pathspec.GitIgnoreSpec | None:
    """The repository's own top-level .gitignore: what it does not publish (build/, dist/) is not
    scanned. A symlinked or oversized .gitignore is not read."""
    path = os.path.join(root, ".gitignore")
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 256 * 1024:
            return None
        import pathspec  # only for a tree that has a .gitignore: its import costs more than a scan

        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.GitIgnoreSpec.from_lines(fh.read().splitlines())
    except (OSError, ValueError, TypeError):
        return None


class LocalSource:
    """A repository on disk. Never follows a symlink out of the tree; never reads weight files."""

    def __init__(self, root: str, ignore: tuple[str, ...] = ()) -> None:
        if not os.path.exists(root):
            raise OpenwashError(f"{root}: no such file or directory")
        if not os.path.isdir(root):
            raise OpenwashError(f"{root}: not a directory (give the repository's root folder)")
        self.root = os.path.realpath(root)
        self.label = root
        self.revision: str | None = None
        self.link_base: str | None = None
        self._ignore = ignore
        self._gitignore = _gitignore(self.root)
        self._files: list[FileEntry] | None = None

    def extra_files(self) -> list[FileEntry]:
        return []

    def files(self) -> list[FileEntry]:
        if self._files is None:
            self._files = sorted(self._walk(), key=lambda f: f.path)
        return self._files

    def _walk(self) -> Iterator[FileEntry]:
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            abs_dir = os.path.join(self.root, rel_dir) if rel_dir else self.root
            try:
                entries = list(os.scandir(abs_dir))
            except OSError:
                continue  # an unreadable sub-folder holds no evidence we could use
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                if (self._ignore and self._ignored(rel)) or (
                    self._gitignore is not None
                    and self._gitignore.match_file(rel + "/" if entry.is_dir(follow_symlinks=False) else rel)
                ):
                    continue
                try:
                    if entry.is_symlink():
                        yielded = self._symlink_entry(entry.path, rel)
                        if yielded:
                            yield yielded
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIP_DIRS:
                            stack.append(rel)
                        continue
                    if not entry.is_file(follow_symlinks=False):  # the directory entry's type: no stat
                        continue
                    # Only a possible weight file's size is needed (is it a Git LFS pointer?).
                    size = entry.stat(follow_symlinks=False).st_size if is_weight(rel) else UNMEASURED
                except OSError:
                    continue
                yield self._entry(entry.path, rel, size)

    def _ignored(self, rel: str) -> bool:
        if not self._ignore:
            return False
        from fnmatch import fnmatch  # only a policy's ignore list needs it

        return any(fnmatch(rel, pat) or rel.startswith(pat.rstrip("/") + "/") for pat in self._ignore)

    def _symlink_entry(self, abs_path: str, rel: str) -> FileEntry | None:
        target = os.path.realpath(abs_path)
        inside = target == self.root or target.startswith(self.root + os.sep)
        if not inside:
            if _is_relevant(rel):
                raise OpenwashError(f"{rel}: symlink points outside the repository; refusing to read it")
            return None
        if not os.path.isfile(target):
            return None  # symlinked folders are not followed: no loops, no double counting
        return self._entry(target, rel, os.path.getsize(target))

    def _entry(self, abs_path: str, rel: str, size: int) -> FileEntry:
        lfs_size = None
        if 0 <= size < 1024 and is_weight(rel):
            # A Git LFS pointer is a tiny text file; reading it is not reading the weights.
            try:
                m = LFS_POINTER.match(read_bytes(abs_path, rel, 1024, root=self.root)[:1024])
                if m:
                    lfs_size = int(m.group(1))
            except OpenwashError:
                pass
        return FileEntry(rel, size, lfs_size)

    def read_text(self, path: str) -> str:
        if is_weight(path):
            raise OpenwashError(f"{path}: refusing to read a weight file")
        return read_text(os.path.join(self.root, path), path, root=self.root)

"""On-disk cache of remote scans: one snapshot of a repository's evidence per resolved commit.

A commit never changes, so a snapshot keyed by host + repository + commit sha is valid forever:
a second scan of the same revision makes no request. Branch and tag names move, so what they
resolved to is kept apart (`refs.json`) and trusted only for `OPENWASH_REF_TTL` seconds, except
offline, where the last resolution is all there is.

Layout under `<cache>/remote/`: `<kind>/<host>/<owner>/<name>/<sha>.json` and `.../refs.json`.
Files are written whole to a temporary name and renamed, so concurrent scans (a survey) never
see half a file. The cache root is openwash's own (`$OPENWASH_CACHE_DIR`, else
`$XDG_CACHE_HOME/openwash`, else `~/.cache/openwash`).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from openwash.evidence.files import FileEntry

FORMAT = 2  # bump when the snapshot layout changes: older snapshots are then ignored, not misread
DEFAULT_REF_TTL = 600.0  # seconds a branch/tag -> sha resolution is trusted online
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def cache_root() -> str:
    """`<openwash cache>/remote`, the same root the SPDX index cache uses."""
    env = os.environ.get("OPENWASH_CACHE_DIR")
    if env:
        base = env
    elif os.environ.get("XDG_CACHE_HOME"):
        base = os.path.join(os.environ["XDG_CACHE_HOME"], "openwash")
    else:
        base = os.path.join(os.path.expanduser("~"), ".cache", "openwash")
    return os.path.join(base, "remote")


def ref_ttl() -> float:
    try:
        return max(0.0, float(os.environ.get("OPENWASH_REF_TTL", DEFAULT_REF_TTL)))
    except ValueError:
        return DEFAULT_REF_TTL


@dataclass
class Snapshot:
    """The evidence of one repository at one commit: its listing and the bytes of its evidence files."""

    kind: str  # hf | gh
    repo: str  # ORG/NAME or OWNER/REPO
    revision: str  # the resolved commit sha
    link_base: str | None
    files: list[FileEntry]
    assets: list[FileEntry] = field(default_factory=list)
    gated: str | None = None
    contents: dict[str, bytes] = field(default_factory=dict)  # evidence path -> raw bytes
    errors: dict[str, str] = field(default_factory=dict)  # evidence path -> why it was not downloaded
    # What the supply chain says, read from the Hub: {"base": {"id", "notice", "license"} | None,
    # "datasets": {id: licence or None}}.
    upstream: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "repo": self.repo,
            "revision": self.revision,
            "link_base": self.link_base,
            "gated": self.gated,
            "files": [[f.path, f.size, f.lfs_size] for f in self.files],
            "assets": [[f.path, f.size] for f in self.assets],
            "contents": {p: base64.b64encode(b).decode("ascii") for p, b in self.contents.items()},
            "errors": dict(self.errors),
            "upstream": self.upstream,
            "fetched_at": int(time.time()),
        }

    @classmethod
    def from_json(cls, data: Any) -> Snapshot | None:
        """The snapshot, or None when the file is from another format or damaged (then it is refetched)."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        try:
            return cls(
                kind=str(data["kind"]),
                repo=str(data["repo"]),
                revision=str(data["revision"]),
                link_base=data["link_base"],
                files=[
                    FileEntry(str(p), int(s), None if lfs is None else int(lfs))
                    for p, s, lfs in data["files"]
                ],
                assets=[FileEntry(str(p), int(s)) for p, s in data["assets"]],
                gated=data.get("gated"),
                contents={str(p): base64.b64decode(b, validate=True) for p, b in data["contents"].items()},
                errors={str(p): str(m) for p, m in data["errors"].items()},
                upstream=dict(data.get("upstream") or {}),
            )
        except (KeyError, TypeError, ValueError, binascii.Error):
            return None


class RemoteCache:
    """Snapshots and ref resolutions of one host's repositories of one kind."""

    def __init__(self, kind: str, host: str, root: str | None = None) -> None:
        self.kind = kind
        self.host = host
        self.root = root or cache_root()

    def _dir(self, repo: str) -> str:
        return os.path.join(
            self.root, self.kind, _SAFE.sub("_", self.host), *(_SAFE.sub("_", p) for p in repo.split("/"))
        )

    def snapshot_path(self, repo: str, sha: str) -> str:
        return os.path.join(self._dir(repo), f"{_SAFE.sub('_', sha)}.json")

    def load(self, repo: str, sha: str) -> Snapshot | None:
        data = _read_json(self.snapshot_path(repo, sha))
        snap = Snapshot.from_json(data)
        if snap is None or snap.repo != repo or snap.revision != sha:
            return None
        return snap

    def save(self, snap: Snapshot) -> None:
        _write_json(self.snapshot_path(snap.repo, snap.revision), snap.to_json())

    def resolved(self, repo: str, ref: str, max_age: float | None) -> str | None:
        """The sha `ref` ('' for the default branch) last resolved to, if not older than `max_age` seconds."""
        refs = _read_json(os.path.join(self._dir(repo), "refs.json"))
        entry = refs.get(ref) if isinstance(refs, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("sha"), str):
            return None
        at = entry.get("at")
        if max_age is not None and (not isinstance(at, (int, float)) or time.time() - at > max_age):
            return None
        return str(entry["sha"])

    def remember(self, repo: str, ref: str, sha: str) -> None:
        path = os.path.join(self._dir(repo), "refs.json")
        refs = _read_json(path)
        if not isinstance(refs, dict):
            refs = {}
        refs[ref] = {"sha": sha, "at": time.time()}
        _write_json(path, refs)


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None  # missing or damaged: a cache miss, never an error


def _write_json(path: str, data: Any) -> None:
    """Write atomically; a cache that cannot be written only costs a refetch next time."""
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass

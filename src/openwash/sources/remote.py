"""Remote repositories as `RepoSource`s: `hf:ORG/NAME[@REVISION]` and `gh:OWNER/REPO[@REF]`,
what every host shares: target parsing, the snapshot served as a source, resolution and caching
(`Fetcher`, each host a subclass: sources/huggingface.py, sources/github.py), the one deadline,
and the wording of failures.

Only evidence crosses the network: the file listing (sizes, LFS status), the terms files, the
model card, `.openwash.yml`, SBOMs and `.gitattributes` (what `evidence.collect` reads), and for
GitHub the names and sizes of release assets. Weights are never downloaded. A scan works on a
`Snapshot` of that evidence at the resolved commit, kept in `sources.cache`, so scanning the same
revision again makes no request and `--offline` can scan it without a network.

`huggingface_hub` and PyGithub are imported only by the host modules, inside the functions that
need them, so a local scan (the pre-commit hook's path) never loads them.
"""

from __future__ import annotations

import email.utils
import importlib
import re
import time
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from openwash.errors import OpenwashError
from openwash.evidence.files import POLICY_FILE_NAMES, FileEntry, is_card, is_sbom, is_weight, license_kind
from openwash.evidence.textfile import MAX_TEXT_BYTES, decode_text
from openwash.sources.cache import RemoteCache, Snapshot, ref_ttl
from openwash.sources.local import SKIP_DIRS

TIMEOUT = 20.0  # seconds per request
SHA = re.compile(r"^[0-9a-fA-F]{40}$")
_TARGET = re.compile(r"^(hf|gh):([A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,99})?)(?:@(.+))?$")


@dataclass(frozen=True)
class Target:
    """A remote repository as the user named it."""

    kind: str  # hf | gh
    repo: str  # ORG/NAME (hf also allows a bare NAME) or OWNER/REPO
    ref: str | None  # branch, tag or commit; None for the default branch
    text: str  # as typed, the report's label


def is_remote(text: str) -> bool:
    from openwash.sources import is_remote as prefixed

    return prefixed(text)


def parse_target(text: str) -> Target:
    m = _TARGET.match(text.strip())
    if not m or (m.group(1) == "gh" and "/" not in m.group(2)) or (m.group(3) is not None and not m.group(3)):
        raise OpenwashError(
            f"{text}: not a repository name; expected hf:ORG/NAME[@REVISION] or gh:OWNER/REPO[@REF]"
        )
    return Target(m.group(1), m.group(2), m.group(3), text.strip())


def is_evidence(path: str) -> bool:
    """The files a scan reads (evidence.collect), hence the only ones downloaded."""
    if is_weight(path):
        return False
    return bool(
        license_kind(path)
        or is_card(path)
        or is_sbom(path)
        or path in POLICY_FILE_NAMES
        or path == ".gitattributes"
    )


def skipped(path: str) -> bool:
    # Folders a local scan skips (LocalSource): a remote listing is filtered the same way.
    return any(part in SKIP_DIRS for part in path.split("/")[:-1])


class RemoteSource:
    """A remote repository's evidence at one commit, served from its snapshot (`RepoSource`)."""

    def __init__(self, target: Target, snap: Snapshot, *, from_cache: bool) -> None:
        self.label = target.text
        self.revision: str | None = snap.revision
        self.link_base: str | None = snap.link_base
        self.gated = snap.gated  # the Hub's gated flag ("auto" / "manual"), read by evidence.collect
        self.upstream = snap.upstream  # base model and dataset facts from the Hub, read by evidence.collect
        self.from_cache = from_cache  # for tests and the log: no request was made
        self.ignore: tuple[str, ...] = ()  # the policy's `ignore`, set once the policy is known
        self.snapshot = snap

    def _ignored(self, path: str) -> bool:
        return any(fnmatch(path, pat) or path.startswith(pat.rstrip("/") + "/") for pat in self.ignore)

    def files(self) -> list[FileEntry]:
        return [f for f in self.snapshot.files if not self._ignored(f.path)]

    def extra_files(self) -> list[FileEntry]:
        return list(self.snapshot.assets)

    def read_text(self, path: str) -> str:
        if is_weight(path):
            raise OpenwashError(f"{path}: refusing to read a weight file")
        if path in self.snapshot.errors:
            raise OpenwashError(self.snapshot.errors[path])
        data = self.snapshot.contents.get(path)
        if data is None:
            raise OpenwashError(
                f"{path}: not downloaded (a remote scan reads licence, policy, card and SBOM files only)"
            )
        return decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")


def open_source(text: str, *, offline: bool = False) -> RemoteSource:
    """Resolve `hf:`/`gh:` `text` to a commit and return its evidence, from the cache when it has
    it: the host module its prefix names (sources.PREFIXES) opens it."""
    from openwash.sources import PREFIXES

    target = parse_target(text)
    source: RemoteSource = importlib.import_module(PREFIXES[f"{target.kind}:"]).open_source(
        text, offline=offline
    )
    return source


def open_with(fetcher: Fetcher, offline: bool) -> RemoteSource:
    offline = offline or fetcher.forced_offline()
    if offline:
        return fetcher.open(True)
    from openwash.sources.bounded_http import within_deadline

    # One deadline for the whole remote scan, whatever the servers do (sources.bounded_http).
    return within_deadline(fetcher.target.text, lambda: fetcher.open(False))


# What a malformed reply (truncated JSON, a number where a list belongs, a redirect PyGithub
# refuses to follow) raises inside the client libraries or our reading of their objects.
MALFORMED = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    RuntimeError,  # PyGithub: "server redirected from host ... to ..."
)


def _malformed(label: str, exc: BaseException) -> OpenwashError:
    return OpenwashError(
        f"{label}: the server sent a malformed reply ({type(exc).__name__}: {clip(str(exc), 120)})"
    )


# ---------------------------------------------------------------------------------------------
# Resolution and caching, the same for every host


class Fetcher:
    kind = ""

    def __init__(self, target: Target, host: str) -> None:
        self.target = target
        self.cache = RemoteCache(self.kind, host)

    def forced_offline(self) -> bool:
        return False

    def open(self, offline: bool) -> RemoteSource:
        t = self.target
        ref = t.ref or ""  # '' stands for the default branch in the cache's refs
        pinned = bool(SHA.match(ref))
        sha = ref.lower() if pinned else self.cache.resolved(t.repo, ref, None if offline else ref_ttl())
        if sha:
            snap = self.cache.load(t.repo, sha)
            if snap is not None:
                return RemoteSource(t, snap, from_cache=True)
        if offline:
            at = f" at {sha[:12]}" if sha else ""
            raise OpenwashError(
                f"{t.text}: not in the cache{at} ({self.cache.root}); scan it once without --offline"
            )
        try:
            sha, meta = self.resolve(sha if pinned else t.ref)
            if not isinstance(sha, str) or not SHA.match(sha):
                raise ValueError(f"not a commit: {sha!r}")
            if not pinned:
                self.cache.remember(t.repo, ref, sha)
            snap = self.cache.load(t.repo, sha)  # the branch moved to a commit already scanned
            if snap is None:
                snap = self.download(sha, meta)
                self.cache.save(snap)
        except MALFORMED as exc:
            raise _malformed(t.text, exc) from exc
        except Exception as exc:
            if type(exc).__name__ == "BadAttributeException":  # PyGithub: a field of the wrong type
                raise _malformed(t.text, exc) from exc
            raise
        return RemoteSource(t, snap, from_cache=False)

    def resolve(self, ref: str | None) -> tuple[str, Any]:
        """(commit sha, whatever `download` needs) for `ref` (None: the default branch)."""
        raise NotImplementedError

    def download(self, sha: str, meta: Any) -> Snapshot:
        raise NotImplementedError


def too_large(path: str, size: int) -> str:
    return f"{path}: {size:,} bytes is too large for a licence or card (limit {MAX_TEXT_BYTES:,})"


# ---------------------------------------------------------------------------------------------
# Shared wording


def retry_hint(headers: Any) -> str:
    """When to retry, from Retry-After, the IETF RateLimit header (the Hub) or X-RateLimit-Reset (GitHub)."""
    get = headers.get
    wait: float | None = None
    retry_after = (get("Retry-After") or get("retry-after") or "").strip()
    if retry_after.isdigit():
        wait = float(retry_after)
    elif retry_after:
        when = email.utils.parsedate_to_datetime(retry_after) if "," in retry_after else None
        if when is not None:
            wait = when.timestamp() - time.time()
    if wait is None:
        m = re.search(r";\s*t\s*=\s*(\d+)", get("RateLimit") or get("ratelimit") or "")
        if m:
            wait = float(m.group(1))
    if wait is None:
        reset = (get("X-RateLimit-Reset") or get("x-ratelimit-reset") or "").strip()
        if reset.isdigit():
            wait = float(reset) - time.time()
    if wait is None:
        return "retry later"
    wait = max(0.0, wait)
    at = time.strftime("%H:%M:%S UTC", time.gmtime(time.time() + wait))
    return f"retry in {_duration(wait)} (after {at})"


def _duration(seconds: float) -> str:
    s = round(seconds)
    if s < 120:
        return f"{s} s"
    if s < 7200:
        return f"{round(s / 60)} min"
    return f"{s / 3600:.1f} h"


def network_reason(exc: BaseException | None) -> str:
    """A network failure in a few plain words, never the HTTP library's exception text."""
    text = str(exc)
    low = text.lower()
    if "refused" in low:
        return "connection refused"
    if any(
        k in low
        for k in (
            "name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "name resolution",
            "no address",
        )
    ):
        return "host name does not resolve"
    if "timed out" in low or "timeout" in low:
        return "timed out"
    if "reset by peer" in low:
        return "connection reset"
    if "remote end closed" in low or "remotedisconnected" in low:
        return "the server closed the connection"
    if "certificate" in low or "ssl" in low:
        return "TLS error (certificate or handshake)"
    return "network error"


def clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

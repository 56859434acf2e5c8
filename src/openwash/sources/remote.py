"""Remote repositories as `RepoSource`s: `hf:ORG/NAME[@REVISION]` and `gh:OWNER/REPO[@REF]`.

Only evidence crosses the network: the file listing (sizes, LFS status), the terms files, the
model card, `.openwash.yml`, SBOMs and `.gitattributes` (what `evidence.collect` reads), and for
GitHub the names and sizes of release assets. Weights are never downloaded. A scan works on a
`Snapshot` of that evidence at the resolved commit, kept in `sources.cache`, so scanning the same
revision again makes no request and `--offline` can scan it without a network.

`huggingface_hub` and PyGithub are imported only here, inside the functions that need them, so
a local scan (the pre-commit hook's path) never loads them.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from openwash import __version__
from openwash.errors import OpenwashError
from openwash.evidence.files import POLICY_FILE_NAMES, FileEntry, is_card, is_sbom, is_weight, license_kind
from openwash.evidence.textfile import MAX_TEXT_BYTES, decode_text
from openwash.sources.cache import RemoteCache, Snapshot, ref_ttl
from openwash.sources.local import SKIP_DIRS

if TYPE_CHECKING:
    from huggingface_hub.hf_api import ModelInfo

    from openwash.sources.github_api import Client

HF_DEFAULT_ENDPOINT = "https://huggingface.co"
GITHUB_DEFAULT_API = "https://api.github.com"
TIMEOUT = 20.0  # seconds per request
_SHA = re.compile(r"^[0-9a-fA-F]{40}$")
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


def _skipped(path: str) -> bool:
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
    """Resolve `hf:`/`gh:` `text` to a commit and return its evidence, from the cache when it has it."""
    from openwash.sources.bounded_http import within_deadline

    target = parse_target(text)
    fetcher: _Fetcher = _Hub(target) if target.kind == "hf" else _GitHub(target)
    offline = offline or fetcher.forced_offline()
    if offline:
        return fetcher.open(True)
    # One deadline for the whole remote scan, whatever the servers do (sources.bounded_http).
    return within_deadline(target.text, lambda: fetcher.open(False))


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
        f"{label}: the server sent a malformed reply ({type(exc).__name__}: {_clip(str(exc), 120)})"
    )


# ---------------------------------------------------------------------------------------------
# Resolution and caching, the same for both kinds


class _Fetcher:
    kind = ""

    def __init__(self, target: Target, host: str) -> None:
        self.target = target
        self.cache = RemoteCache(self.kind, host)

    def forced_offline(self) -> bool:
        return False

    def open(self, offline: bool) -> RemoteSource:
        t = self.target
        ref = t.ref or ""  # '' stands for the default branch in the cache's refs
        pinned = bool(_SHA.match(ref))
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
            if not isinstance(sha, str) or not _SHA.match(sha):
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


MAX_DATASET_CARDS = 10  # datasets whose own card a remote scan reads


def _front_matter(card: bytes) -> dict[str, Any]:
    """The card's front matter, parsed as a scan would, or {} when it has none or is broken."""
    from openwash.evidence.card import parse_card

    try:
        return dict(parse_card("README.md", decode_text(card, "README.md")).front)
    except OpenwashError:
        return {}  # the scan itself reports a broken card


def _card_licence(card_data: Any) -> str | None:
    """The `license` a Hub card states (the first of a list), or None."""
    value = card_data.get("license") if card_data is not None else None
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _first_id(value: Any) -> str | None:
    """A Hub repository id from a `base_model` value (a string or a list of them)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and re.fullmatch(r"[\w.-]+/[\w.-]+", value.strip()):
        return value.strip()
    return None


def _too_large(path: str, size: int) -> str:
    return f"{path}: {size:,} bytes is too large for a licence or card (limit {MAX_TEXT_BYTES:,})"


# ---------------------------------------------------------------------------------------------
# Hugging Face Hub


class _Hub(_Fetcher):
    kind = "hf"

    def __init__(self, target: Target) -> None:
        self.endpoint = (os.environ.get("HF_ENDPOINT") or HF_DEFAULT_ENDPOINT).rstrip("/")
        super().__init__(target, urlsplit(self.endpoint).netloc or self.endpoint)

    def forced_offline(self) -> bool:
        # The ecosystem's own switch: huggingface_hub refuses every request when it is set.
        return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")

    def resolve(self, ref: str | None) -> tuple[str, Any]:
        from openwash.sources.bounded_http import install_hub_bounds

        _quiet_hub()
        install_hub_bounds()
        from huggingface_hub import HfApi

        api = HfApi(endpoint=self.endpoint, library_name="openwash", library_version=__version__)
        with self._errors():
            info = _retry_once(
                lambda: api.model_info(self.target.repo, revision=ref, files_metadata=True, timeout=TIMEOUT)
            )
        if not info.sha:
            raise OpenwashError(f"{self.target.text}: the Hub did not say which commit it serves")
        return info.sha, info

    def download(self, sha: str, meta: Any) -> Snapshot:
        info: ModelInfo = meta
        files = [f for f in self._listing(info, sha) if not _skipped(f.path)]
        gated = info.gated if info.gated in ("auto", "manual") else None
        snap = Snapshot(
            "hf",
            self.target.repo,
            sha,
            f"{self.endpoint}/{self.target.repo}/blob/{sha}",
            files,
            gated=gated,
        )
        for entry in files:
            if not is_evidence(entry.path):
                continue
            size = entry.lfs_size if entry.lfs_size is not None else entry.size
            if size > MAX_TEXT_BYTES:
                snap.errors[entry.path] = _too_large(entry.path, size)
                continue
            data = self._file(sha, entry.path)
            if data is None:  # the listing understated it: the download stopped at the limit
                snap.errors[entry.path] = (
                    f"{entry.path}: too large for a licence or card (limit {MAX_TEXT_BYTES:,} bytes)"
                )
            else:
                snap.contents[entry.path] = data
        snap.upstream = self._upstream(snap)
        return snap

    def _upstream(self, snap: Snapshot) -> dict[str, Any]:
        """The base model's files (does it carry a NOTICE?) and the datasets' own licences, from
        the Hub: the supply chain a local scan can only name. A lookup that fails leaves the fact
        unknown; it never stops the scan."""
        from huggingface_hub import HfApi

        card = snap.contents.get("README.md")
        front = _front_matter(card) if card is not None else {}
        api = HfApi(endpoint=self.endpoint, library_name="openwash", library_version=__version__)
        out: dict[str, Any] = {"base": None, "datasets": {}}
        base = _first_id(front.get("base_model"))
        if base is not None:
            try:
                info = api.model_info(base, timeout=TIMEOUT)
                names = [s.rfilename for s in info.siblings or []]
                out["base"] = {
                    "id": base,
                    "notice": any(n.rsplit("/", 1)[-1].upper().startswith("NOTICE") for n in names),
                    "license": _card_licence(info.card_data),
                }
            except Exception:  # an unknown base is a fact left unknown, not an error
                out["base"] = {"id": base, "notice": None, "license": None}
        datasets = front.get("datasets")
        for ds in (datasets if isinstance(datasets, list) else [datasets])[:MAX_DATASET_CARDS]:
            if not isinstance(ds, str) or not ds.strip():
                continue
            try:
                dinfo = api.dataset_info(ds.strip(), timeout=TIMEOUT)
                out["datasets"][ds.strip()] = _card_licence(dinfo.card_data)
            except Exception:  # as above
                out["datasets"][ds.strip()] = None
        return out

    def _listing(self, info: ModelInfo, sha: str) -> list[FileEntry]:
        siblings = info.siblings
        if siblings is None or any(s.size is None for s in siblings):
            return self._tree(sha)  # an answer without file metadata: list the tree instead
        entries = []
        for s in siblings:
            # Like a clone without `git lfs pull`: the size git stores, and the size the pointer announces.
            if s.lfs is not None:
                entries.append(FileEntry(s.rfilename, int(s.lfs.pointer_size), int(s.lfs.size)))
            else:
                entries.append(FileEntry(s.rfilename, int(s.size or 0)))
        return sorted(entries, key=lambda f: f.path)

    def _tree(self, sha: str) -> list[FileEntry]:
        """The recursive tree listing, every page (the Hub pages it by cursor, `Link: rel="next"`)."""
        from huggingface_hub import get_session, hf_raise_for_status

        url: str | None = f"{self.endpoint}/api/models/{self.target.repo}/tree/{sha}?recursive=true"
        entries: list[FileEntry] = []
        headers = _hf_headers()
        while url:
            with self._errors():
                r = _retry_once(partial(get_session().get, url, headers=headers, timeout=TIMEOUT))
                hf_raise_for_status(r)
            for item in r.json():
                if item.get("type") != "file":
                    continue
                lfs = item.get("lfs")
                if lfs:
                    entries.append(
                        FileEntry(item["path"], int(lfs.get("pointerSize") or 0), int(lfs["size"]))
                    )
                else:
                    entries.append(FileEntry(item["path"], int(item.get("size") or 0)))
            url = r.links.get("next", {}).get("url")
        return sorted(entries, key=lambda f: f.path)

    def _file(self, sha: str, path: str) -> bytes | None:
        """The bytes of one evidence file at `sha` via its resolve URL; None if over the size limit."""
        from huggingface_hub import get_session, hf_hub_url, hf_raise_for_status

        url = hf_hub_url(self.target.repo, path, revision=sha, endpoint=self.endpoint)
        headers = _hf_headers()

        def get() -> bytes | None:
            # Streamed, so an oversized file is cut off at the limit rather than read whole.
            with get_session().stream(
                "GET", url, headers=headers, timeout=TIMEOUT, follow_redirects=True
            ) as r:
                if r.status_code >= 400:
                    r.read()
                    hf_raise_for_status(r)
                data = bytearray()
                for chunk in r.iter_bytes():
                    data += chunk
                    if len(data) > MAX_TEXT_BYTES:
                        return None
                return bytes(data)

        with self._errors(path):
            data: bytes | None = _retry_once(get)
        return data

    @contextmanager
    def _errors(self, path: str | None = None) -> Iterator[None]:
        """huggingface_hub's and httpx's failures as one line that says what to do."""
        import httpx2
        from huggingface_hub import errors as hfe

        t = self.target
        page = f"{self.endpoint}/{t.repo}"
        try:
            yield
        except hfe.GatedRepoError as exc:
            if exc.response.status_code == 401 or not _hf_token():
                raise OpenwashError(
                    f"{t.text}: gated repository (401): accept its terms on {page} while logged in, "
                    "then set HF_TOKEN to an access token of that account"
                ) from exc
            raise OpenwashError(
                f"{t.text}: gated repository, and the account of HF_TOKEN has no access yet (403): "
                f"accept its terms on {page} (approval can take a while) and try again"
            ) from exc
        except hfe.RevisionNotFoundError as exc:
            raise OpenwashError(f"{t.text}: no revision {t.ref!r} in {t.repo} (404)") from exc
        except hfe.DisabledRepoError as exc:
            raise OpenwashError(f"{t.text}: the repository is disabled on the Hub") from exc
        except hfe.RepositoryNotFoundError as exc:
            raise OpenwashError(_hf_not_found(t, exc.response.status_code)) from exc
        except hfe.RemoteEntryNotFoundError as exc:
            raise OpenwashError(f"{t.text}: {path} is listed but the Hub cannot find it (404)") from exc
        except hfe.HfHubHTTPError as exc:
            raise OpenwashError(_hf_http_error(t, exc.response, self.endpoint)) from exc
        except hfe.OfflineModeIsEnabled as exc:
            raise OpenwashError(
                f"{t.text}: HF_HUB_OFFLINE is set; scan a cached revision with --offline"
            ) from exc
        except httpx2.TimeoutException as exc:
            raise OpenwashError(
                f"{t.text}: the Hugging Face Hub at {self.endpoint} did not answer in {TIMEOUT:.0f} s"
            ) from exc
        except (httpx2.HTTPError, OSError) as exc:
            raise OpenwashError(
                f"{t.text}: cannot reach the Hugging Face Hub at {self.endpoint} ({network_reason(exc)}); "
                "check the network or HF_ENDPOINT, or scan a cached revision with --offline"
            ) from exc


def _quiet_hub() -> None:
    """No telemetry from huggingface_hub in our process: with it on, the library also asks the
    endpoint for its registry of AI agents (once a day) to decorate its User-Agent, and a remote
    scan is meant to download the evidence and nothing else."""
    from huggingface_hub import constants

    constants.HF_HUB_DISABLE_TELEMETRY = True


def _hf_headers() -> dict[str, str]:
    """User agent and `Authorization` from HF_TOKEN or the saved login, as huggingface_hub sends them."""
    # Public API (documented under huggingface_hub.utils) that the package re-exports lazily.
    from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

    headers: dict[str, str] = build_hf_headers(library_name="openwash", library_version=__version__)
    return headers


def _hf_token() -> str | None:
    from huggingface_hub import get_token

    return get_token()


def _hf_not_found(t: Target, status: int) -> str:
    hint = (
        "if it is private, set HF_TOKEN to a token that can read it"
        if not _hf_token()
        else "if it is private, the account of HF_TOKEN cannot see it"
    )
    return f"{t.text}: no such model repository on the Hub ({status}): check the name; {hint}"


def _hf_http_error(t: Target, response: Any, endpoint: str) -> str:
    status = int(response.status_code)
    message = response.headers.get("X-Error-Message") or ""
    if status == 429:
        return f"{t.text}: rate limited by the Hugging Face Hub (429); {_retry_hint(response.headers)}"
    if status == 401:
        if "credentials" in message.lower():
            return f"{t.text}: the Hub rejected HF_TOKEN (401 {message.rstrip('.')}); create a new token"
        return _hf_not_found(t, status)
    detail = f": {_clip(message)}" if message else ""
    if status == 403:
        return f"{t.text}: the Hub refused access (403{detail})"
    return f"{t.text}: the Hugging Face Hub at {endpoint} answered {status}{detail}"


def _retry_once(call: Any) -> Any:
    """One more try after a 5xx or a dropped connection; a 429 is reported, not waited out."""
    import httpx2
    from huggingface_hub import errors as hfe

    try:
        return call()
    except hfe.HfHubHTTPError as exc:
        if exc.response.status_code < 500:
            raise
    except (httpx2.ReadTimeout, httpx2.RemoteProtocolError, httpx2.ReadError):
        pass
    time.sleep(1.0)
    return call()


# ---------------------------------------------------------------------------------------------
# GitHub


class _GitHub(_Fetcher):
    kind = "gh"

    def __init__(self, target: Target) -> None:
        self.api_url = (os.environ.get("GITHUB_API_URL") or GITHUB_DEFAULT_API).rstrip("/")
        self.token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or ""
        self._client: Client | None = None
        self._repo: Any = None
        super().__init__(target, urlsplit(self.api_url).netloc or self.api_url)

    def open(self, offline: bool) -> RemoteSource:
        try:
            return super().open(offline)
        finally:
            if self._client is not None:
                _close_client(self._client)
                self._client = None

    def _connect(self) -> Client:
        # Without a token, public repositories are read anonymously (GitHub allows 60 requests an hour).
        if self._client is None:
            self._client = _open_client(self.token, self.api_url)
        return self._client

    def resolve(self, ref: str | None) -> tuple[str, Any]:
        client = self._connect()
        t = self.target
        with self._errors("repository"):
            repo = client.repo(t.repo)
            html_url = str(repo.html_url or f"https://github.com/{t.repo}")
            branch = ref or str(repo.default_branch)
        if ref is not None and _SHA.match(ref):
            return ref.lower(), (repo, html_url)
        with self._errors("revision"):
            # The client is lazy: a Commit's sha is the ref it was asked for until its data is fetched.
            sha = str(repo.get_commit(branch).raw_data["sha"])
        return sha, (repo, html_url)

    def download(self, sha: str, meta: Any) -> Snapshot:
        from openwash.sources.github_assets import release_assets
        from openwash.sources.github_tree import TreeSource

        client = self._connect()
        repo, html_url = meta
        link_base = f"{html_url}/blob/{sha}"
        with self._errors("releases"):
            assets = release_assets(client, repo)
        tree = TreeSource(client, repo, sha, label=self.target.text, assets=assets, link_base=link_base)
        with self._errors("tree"):
            files = tree.files()
        snap = Snapshot("gh", self.target.repo, sha, link_base, files, assets)
        for entry in files:
            if not is_evidence(entry.path):
                continue
            if entry.size > MAX_TEXT_BYTES:
                snap.errors[entry.path] = _too_large(entry.path, entry.size)
                continue
            with self._errors("file"):
                data = tree.read_bytes(entry.path)
            if data is not None:
                snap.contents[entry.path] = data
        return snap

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """The action's `ApiError`s, reworded for someone scanning from the command line."""
        from openwash.sources.github_api import ApiError

        t = self.target
        try:
            with self._connect().api(f"{what} of {t.repo}"):
                yield
        except ApiError as exc:
            cause = exc.__cause__
            status = exc.status
            headers = _headers_of(cause)
            if _is_rate_limit(cause, status, headers):
                raise OpenwashError(
                    f"{t.text}: GitHub API rate limit exceeded ({status}); {_retry_hint(headers)}"
                ) from exc
            if status == 401 and not self.token:
                raise OpenwashError(
                    f"{t.text}: GitHub refused an anonymous request (401); set GITHUB_TOKEN "
                    "(a token without scopes reads public repositories)"
                ) from exc
            if status == 401:
                raise OpenwashError(f"{t.text}: GitHub rejected GITHUB_TOKEN (401 Bad credentials)") from exc
            if status in (404, 422) and what == "revision":
                raise OpenwashError(
                    f"{t.text}: no branch, tag or commit {t.ref!r} in {t.repo} ({status})"
                ) from exc
            if status == 404:
                raise OpenwashError(
                    f"{t.text}: no such repository on GitHub (404), or GITHUB_TOKEN cannot see it"
                ) from exc
            if status is None and _is_network(cause):
                raise OpenwashError(
                    f"{t.text}: cannot reach the GitHub API at {self.api_url} ({network_reason(cause)}); "
                    "check the network or GITHUB_API_URL, or scan a cached revision with --offline"
                ) from exc
            raise OpenwashError(f"{t.text}: {exc.message}") from exc


# PyGithub clients share one logger that each `Client` reconfigures while it lives and restores
# when closed; with several clients open at once (a survey) the restores would interleave, so the
# first client in saves the loggers' state and the last one out puts it back. PyGithub also prints
# its INFO records (each retry) on stderr by itself: a CLI error must stay one line, so while our
# clients are open its logger shows warnings only.
_CLIENTS_LOCK = threading.Lock()
_clients_open = 0
_saved_loggers: tuple[int, bool, int] | None = None


def _open_client(token: str, api_url: str) -> Client:
    import logging

    from openwash.sources.bounded_http import install_github_bounds
    from openwash.sources.github_api import Client

    install_github_bounds()
    global _clients_open, _saved_loggers
    with _CLIENTS_LOCK:
        requester, package = logging.getLogger("github.Requester"), logging.getLogger("github")
        if _clients_open == 0:
            _saved_loggers = (requester.level, requester.propagate, package.level)
            package.setLevel(max(package.getEffectiveLevel(), logging.WARNING))
        elif _saved_loggers is not None:
            # A Client forwards what is above the level it finds; an open one has set DEBUG.
            requester.setLevel(_saved_loggers[0])
        _clients_open += 1
        try:
            # A CLI scan reports a rate limit at once with when to retry, rather than sleeping on it:
            # one quick retry for a 5xx, and at most 3 s of waiting in all.
            return Client(
                token,
                api_url,
                retries=1,
                backoff_factor=0.5,
                retry_budget=3.0,
                secondary_rate_wait=1.0,
                timeout=int(TIMEOUT),
            )
        except BaseException:
            _clients_open -= 1
            raise


def _close_client(client: Client) -> None:
    import logging

    global _clients_open
    with _CLIENTS_LOCK:
        client.close()
        _clients_open -= 1
        if _clients_open == 0 and _saved_loggers is not None:
            requester = logging.getLogger("github.Requester")
            requester.setLevel(_saved_loggers[0])
            requester.propagate = _saved_loggers[1]
            logging.getLogger("github").setLevel(_saved_loggers[2])


def _headers_of(exc: BaseException | None) -> dict[str, str]:
    headers = getattr(exc, "headers", None)
    if not headers:
        return {}
    return {str(k).lower(): str(v) for k, v in dict(headers).items()}


def _is_rate_limit(cause: BaseException | None, status: int | None, headers: dict[str, str]) -> bool:
    if status == 429:
        return True
    if type(cause).__name__.startswith("RateLimitExceeded"):
        return True
    return status == 403 and headers.get("x-ratelimit-remaining") == "0"


def _is_network(cause: BaseException | None) -> bool:
    import requests

    return isinstance(cause, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))


# ---------------------------------------------------------------------------------------------
# Shared wording


def _retry_hint(headers: Any) -> str:
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


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""GitHub as a remote source: `gh:OWNER/REPO[@REF]` (sources/remote.py has what every host
shares). The tree's evidence files at the resolved commit and the names and sizes of release
assets, read with the API client the Action also uses (sources/github_api.py); PyGithub is
imported inside the functions that need it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from openwash.errors import OpenwashError
from openwash.evidence.textfile import MAX_TEXT_BYTES
from openwash.sources.cache import Snapshot
from openwash.sources.remote import (
    SHA,
    TIMEOUT,
    Fetcher,
    RemoteSource,
    Target,
    is_evidence,
    network_reason,
    open_with,
    parse_target,
    retry_hint,
    too_large,
)

if TYPE_CHECKING:
    from openwash.sources.github_api import Client

GITHUB_DEFAULT_API = "https://api.github.com"


def open_source(text: str, *, offline: bool = False) -> RemoteSource:
    return open_with(GitHub(parse_target(text)), offline)


class GitHub(Fetcher):
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
        if ref is not None and SHA.match(ref):
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
                snap.errors[entry.path] = too_large(entry.path, entry.size)
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
                    f"{t.text}: GitHub API rate limit exceeded ({status}); {retry_hint(headers)}"
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

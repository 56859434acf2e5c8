"""The GitHub REST client: PyGithub, configured for a short CI job, and its errors as one-liners.

This is the only module that imports `github` (PyGithub, ~380 ms): the scan and the hook never
load it. Everything else (the Action in openwash.github, the gh: source) talks to PyGithub
objects it got from here and wraps its calls in `Client.api(...)`, which turns PyGithub's
exceptions into `ApiError`s.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from openwash import __version__
from openwash.errors import OpenwashError

if TYPE_CHECKING:
    from github.MainClass import Github
    from github.Repository import Repository

# A run makes ~10 requests and at most 4 writes, far below GitHub's secondary limits (80
# content-creating requests a minute); PyGithub's defaults (0.25 s / 1 s) would only slow it down.
SECONDS_BETWEEN_REQUESTS = 0.02
SECONDS_BETWEEN_WRITES = 0.2
TIMEOUT = 20  # seconds per request
RETRIES = 4  # per request, on 5xx, 429 and secondary rate limits
RETRY_BUDGET = (
    90.0  # seconds of waiting per run, all retries together: a stuck API fails the job, not hangs it
)
RETRY_AFTER_MAX = 60  # the longest Retry-After we honour
T = TypeVar("T")
BOT_LOGIN = "github-actions[bot]"  # who GITHUB_TOKEN posts as (ECOSYSTEM.md)

_REQUEST_LOG = "%s %s://%s%s"  # how PyGithub's Requester logs each request it made


class ApiError(OpenwashError):
    """A GitHub API failure, as one line; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Unreachable(ApiError):
    """The API could not be reached at all (no route, refused, timed out)."""


class WriteRefused(ApiError):
    """A write the token may not make (403): a fork PR's read-only token, or missing permissions."""


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    waited: float = 0.0


@dataclass(frozen=True)
class Identity:
    login: str
    is_bot: bool


class _Counter(logging.Handler):
    """Counts the requests PyGithub makes, from its own debug log (no patching of PyGithub).

    Counting needs the Requester's DEBUG records; they must not reach the console, so the
    logger stops propagating while we count and we pass on only what would have shown anyway.
    """

    def __init__(self, stats: Stats, forward_level: int) -> None:
        super().__init__(logging.DEBUG)
        self.stats = stats
        self.forward_level = forward_level

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(_REQUEST_LOG):
            self.stats.requests += 1
        if record.levelno >= self.forward_level:
            logging.getLogger("github").handle(record)


def _retry_class() -> type[Any]:
    from github.GithubRetry import GithubRetry

    class BoundedRetry(GithubRetry):
        """GithubRetry with one time budget for the whole run, and no blind re-POST after a 5xx.

        A POST that failed with 5xx may still have been applied (a comment would be posted twice);
        the callers retry their idempotent POSTs themselves.
        """

        def __init__(self, stats: Stats | None = None, deadline: float = 0.0, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.stats = stats or Stats()
            self.deadline = deadline

        def new(self, **kw: Any) -> Any:
            kw.update(stats=self.stats, deadline=self.deadline)
            return super().new(**kw)

        def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
            if time.monotonic() >= self.deadline:
                return False
            if method.upper() == "POST" and status_code >= 500:
                return False
            return bool(super().is_retry(method, status_code, has_retry_after))

        def increment(self, method: str | None = None, url: str | None = None, *args: Any, **kw: Any) -> Any:
            error = kw.get("error", args[1] if len(args) > 1 else None)
            if method and method.upper() == "POST" and error is not None and self._is_read_error(error):
                raise error  # the server may have acted on it: no blind re-POST
            return super().increment(method, url, *args, **kw)

        def sleep(self, response: Any = None) -> None:
            wait = 0.0
            if response is not None and self.respect_retry_after_header:
                wait = self.get_retry_after(response) or 0.0
            if not wait:
                wait = self.get_backoff_time()
            wait = max(0.0, min(wait, self.deadline - time.monotonic()))
            self.stats.retries += 1
            self.stats.waited += wait
            if wait:
                time.sleep(wait)

    return BoundedRetry


class Client:
    """A PyGithub connection for one run, with a request counter."""

    def __init__(
        self,
        token: str,
        api_url: str = "https://api.github.com",
        *,
        retries: int = RETRIES,
        backoff_factor: float = 1.0,
        retry_budget: float = RETRY_BUDGET,
        secondary_rate_wait: float = 20.0,
        timeout: int = TIMEOUT,
    ) -> None:
        import github

        self.api_url = api_url
        self.stats = Stats()
        retry = _retry_class()(
            stats=self.stats,
            deadline=time.monotonic() + retry_budget,
            total=retries,
            backoff_factor=backoff_factor,
            backoff_max=10.0,
            retry_after_max=RETRY_AFTER_MAX,
            secondary_rate_wait=secondary_rate_wait,
            max_rate_limit_wait=retry_budget,
            status_forcelist=[*range(500, 600), 429],
            connect=1,  # a refused or unroutable connection is tried once more, not waited through
            raise_on_status=False,  # the last 5xx reaches PyGithub and becomes a GithubException
        )
        self.gh: Github = github.Github(
            auth=github.Auth.Token(token) if token else None,  # no token: anonymous public reads
            base_url=api_url,
            timeout=timeout,
            user_agent=f"openwash/{__version__}",
            per_page=100,  # fewer pages of comments, labels and assets
            retry=retry,
            seconds_between_requests=SECONDS_BETWEEN_REQUESTS,
            seconds_between_writes=SECONDS_BETWEEN_WRITES,
            lazy=True,  # objects are fetched when read: get_repo() costs no request
        )
        self._logger = logging.getLogger("github.Requester")
        self._saved = (self._logger.level, self._logger.propagate)
        self._counter = _Counter(self.stats, self._logger.getEffectiveLevel())
        self._logger.addHandler(self._counter)
        self._logger.setLevel(logging.DEBUG)
        self._logger.propagate = False
        self._identity: Identity | None = None
        # GITHUB_TOKEN and other installation tokens: GET /user would only answer 403.
        self._installation_token = token.startswith("ghs_")

    def close(self) -> None:
        self._logger.removeHandler(self._counter)
        self._logger.setLevel(self._saved[0])
        self._logger.propagate = self._saved[1]
        self.gh.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def repo(self, full_name: str) -> Repository:
        return self.gh.get_repo(full_name)

    @contextmanager
    def api(self, what: str, *, write: bool = False) -> Iterator[None]:
        """Run PyGithub calls; their failures become one-line `ApiError`s naming `what`."""
        import github
        import requests

        try:
            yield
        except github.BadCredentialsException as exc:
            raise ApiError(
                f"{what}: GitHub rejected the token (401 Bad credentials); check the github-token input", 401
            ) from exc
        except github.RateLimitExceededException as exc:
            raise ApiError(f"{what}: GitHub API rate limit exceeded ({_message(exc)})", exc.status) from exc
        except github.UnknownObjectException as exc:
            raise ApiError(
                f"{what}: not found (404): unknown repository or pull request, or the token cannot see it",
                404,
            ) from exc
        except github.GithubException as exc:
            status = exc.status
            if status == 403 and write:
                raise WriteRefused(f"{what}: refused (403 {_message(exc)})", 403) from exc
            if status >= 500:
                raise ApiError(
                    f"{what}: GitHub API error {status} ({_message(exc)}) after {self.stats.retries} retries",
                    status,
                ) from exc
            raise ApiError(f"{what}: GitHub answered {status} ({_message(exc)})", status) from exc
        except requests.exceptions.RetryError as exc:
            raise ApiError(f"{what}: GitHub API retries exhausted ({_clip(str(exc))})") from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            from openwash.sources.remote import network_reason

            raise Unreachable(
                f"{what}: cannot reach the GitHub API at {self.api_url} ({network_reason(exc)})"
            ) from exc
        except (ValueError, TypeError, KeyError, AttributeError, AssertionError, RuntimeError) as exc:
            # A reply PyGithub cannot take (truncated JSON, wrong types, a redirect to another host).
            raise ApiError(
                f"{what}: the GitHub API sent a malformed reply ({type(exc).__name__}: {_clip(str(exc), 120)})"
            ) from exc
        except github.BadAttributeException as exc:
            raise ApiError(f"{what}: the GitHub API sent a field of the wrong type") from exc

    def idempotent_write(self, what: str, call: Callable[[], T]) -> T:
        """A POST that is safe to repeat (adding a label): tried once more after a 5xx or a lost answer.

        Our retry policy never repeats a POST by itself (see BoundedRetry).
        """
        try:
            with self.api(what, write=True):
                return call()
        except ApiError as exc:
            if exc.status is not None and exc.status < 500:
                raise
        with self.api(what, write=True):
            return call()

    def identity(self) -> Identity:
        """Who our comments are authored by: the token's user, or the Actions bot for GITHUB_TOKEN.

        An installation token (GITHUB_TOKEN, `ghs_...`) gets 403 on GET /user; what it posts is
        authored by github-actions[bot]. Asked once per run, and only when a comment with our
        marker exists; not asked at all for a `ghs_` token, whose answer is known.
        """
        if self._identity is None and self._installation_token:
            self._identity = Identity(BOT_LOGIN, True)
        if self._identity is None:
            try:
                with self.api("GET /user"):
                    user = self.gh.get_user()
                    self._identity = Identity(user.login, user.type == "Bot")
            except ApiError as exc:
                if exc.status != 403:
                    raise
                self._identity = Identity(BOT_LOGIN, True)
        return self._identity


def _message(exc: Any) -> str:
    data = getattr(exc, "data", None)
    message = data.get("message") if isinstance(data, dict) else None
    return _clip(str(message or getattr(exc, "message", None) or "no message"))


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

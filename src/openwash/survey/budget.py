"""One budget of Hub requests for the whole survey, however many threads and workers scan.

The Hub limits requests per account and 5-minute window and answers 429 past it. A survey
spends one token bucket (bursts of up to REQUESTS, then REQUESTS/SECONDS a second): in this
process for the thread pool, on the Dask scheduler (a Variable updated under a Lock) for a
cluster, so that adding workers never adds budget. A 429 pauses every worker for its
Retry-After (or the IETF RateLimit header's reset), then the request is sent again; a wait
longer than `max_wait` is not waited out: the row says when to retry and `--resume` does.

The budget is put between huggingface_hub and the network with the library's own
`set_client_factory`: an httpx transport that takes a token before each request to the Hub's
host (its CDN is another host, with its own limits) and retries a 429.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from openwash.errors import OpenwashError
from openwash.sources import bounded_http
from openwash.survey import DEFAULT_RATE_LIMIT

MAX_TRIES = 5  # sends of one request, 429s included
NO_HEADER_BACKOFF = 5.0  # seconds before resending a 429 that names no wait (doubled each time)
LEASE_SECONDS = 0.1  # a Dask worker takes this many seconds' worth of tokens at once


@dataclass(frozen=True)
class RateLimit:
    requests: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*(?:s)?\s*", text)
        if not m or int(m.group(1)) < 1 or float(m.group(2)) <= 0:
            raise OpenwashError(f"--rate-limit {text}: give REQUESTS/SECONDS, e.g. {DEFAULT_RATE_LIMIT}")
        return cls(int(m.group(1)), float(m.group(2)))


@dataclass(frozen=True)
class BucketState:
    tokens: float
    at: float  # wall-clock time `tokens` was counted at
    paused_until: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {"tokens": self.tokens, "at": self.at, "paused_until": self.paused_until}

    @classmethod
    def from_dict(cls, d: dict[str, float]) -> BucketState:
        return cls(float(d["tokens"]), float(d["at"]), float(d["paused_until"]))


def full(limit: RateLimit, now: float) -> BucketState:
    return BucketState(float(limit.requests), now)


def grant(state: BucketState, limit: RateLimit, now: float, want: int) -> tuple[int, float, BucketState]:
    """(tokens granted, seconds to wait before asking again when none, the new state)."""
    if now < state.paused_until:
        return 0, state.paused_until - now, state
    tokens = min(float(limit.requests), state.tokens + max(0.0, now - state.at) * limit.rate)
    n = min(want, int(tokens))
    if n >= 1:
        return n, 0.0, BucketState(tokens - n, now, state.paused_until)
    return 0, (1.0 - tokens) / limit.rate, BucketState(tokens, now, state.paused_until)


def paused(state: BucketState, now: float, seconds: float) -> BucketState:
    """Nobody sends before now + seconds, and the bucket refills only from then."""
    until = max(state.paused_until, now + seconds)
    return BucketState(0.0, until, until)


class Budget(Protocol):
    def take(self) -> None:
        """Block until one more request may be sent."""

    def pause(self, seconds: float) -> None:
        """No request of the survey is sent for `seconds` (a 429's Retry-After)."""


class LocalBudget:
    """The bucket in this process: the thread pool's budget."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._state = full(limit, time.time())

    def take(self) -> None:
        while True:
            with self._lock:
                n, wait, self._state = grant(self._state, self.limit, time.time(), 1)
            if n:
                return
            time.sleep(min(wait, 1.0))

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._state = paused(self._state, time.time(), seconds)


class SharedBudget:
    """The bucket on the Dask scheduler: a Variable holding its state, changed under a Lock, so
    that every worker (and the client listing the Hub) draws on one budget. Each process takes
    a lease of up to LEASE_SECONDS' worth of tokens at once, so a fast survey does not ask the
    scheduler for every request; a 429 drops the lease."""

    def __init__(self, name: str, limit: RateLimit) -> None:
        self.name = name
        self.limit = limit
        self.lease = max(1, min(int(limit.rate * LEASE_SECONDS), limit.requests // 10))
        self._lock = threading.Lock()
        self._tokens = 0
        self._client: Any = None

    def bind(self) -> None:
        """Hold the Dask client of the task's thread: the scan's requests run in other threads (its
        deadline's worker), where Dask's thread-local client is not to be found."""
        if self._client is None:
            from distributed import get_client

            self._client = get_client()

    def __reduce__(self) -> tuple[Any, ...]:
        return (shared_budget, (self.name, self.limit))

    @classmethod
    def create(cls, name: str, limit: RateLimit) -> SharedBudget:
        """Set the bucket up on the scheduler of the current Dask client (full)."""
        from distributed import Variable

        Variable(name).set(full(limit, time.time()).to_dict())
        return shared_budget(name, limit)

    @staticmethod
    def delete(name: str) -> None:
        from distributed import Variable

        Variable(name).delete()

    def _update(self, change: Any) -> Any:
        from distributed import Lock, Variable

        where = (
            {}
            if self._client is None
            else {"scheduler_rpc": self._client.scheduler, "loop": self._client.loop}
        )
        with Lock(f"{self.name}-lock", **where):
            var = Variable(self.name, client=self._client)
            state = BucketState.from_dict(var.get(timeout=30))
            result, new = change(state)
            var.set(new.to_dict())
        return result

    def take(self) -> None:
        while True:
            with self._lock:
                if self._tokens > 0:
                    self._tokens -= 1
                    return

                def lease(state: BucketState) -> tuple[tuple[int, float], BucketState]:
                    n, wait, new = grant(state, self.limit, time.time(), self.lease)
                    return (n, wait), new

                n, wait = self._update(lease)
                if n:
                    self._tokens = n - 1
                    return
            time.sleep(min(wait, 1.0))

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._tokens = 0
            self._update(lambda s: (None, paused(s, time.time(), seconds)))


_SHARED: dict[str, SharedBudget] = {}
_SHARED_LOCK = threading.Lock()


def shared_budget(name: str, limit: RateLimit) -> SharedBudget:
    """This process's handle on the shared bucket `name` (one per process: its threads share the lease)."""
    with _SHARED_LOCK:
        if name not in _SHARED:
            _SHARED[name] = SharedBudget(name, limit)
        return _SHARED[name]


def retry_after_seconds(headers: Any) -> float | None:
    """The wait a 429 asks for: Retry-After (seconds or an HTTP date), else the IETF RateLimit
    header's `t=` (the Hub sends both)."""
    import email.utils

    value = (headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    m = re.search(r";\s*t\s*=\s*(\d+)", headers.get("RateLimit") or "")
    return float(m.group(1)) if m else None


def _transport_class() -> type:
    import httpx2

    class BudgetTransport(httpx2.BaseTransport):
        """Takes a token before each request to the Hub and sends a 429 again after its wait."""

        def __init__(self, inner: httpx2.BaseTransport, budget: Budget, max_wait: float) -> None:
            self.inner = inner
            self.budget = budget
            self.max_wait = max_wait

        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            backoff = NO_HEADER_BACKOFF
            for attempt in range(1, MAX_TRIES + 1):
                self.budget.take()
                response = self.inner.handle_request(request)
                if response.status_code != 429 or attempt == MAX_TRIES:
                    return response
                wait = retry_after_seconds(response.headers)
                if wait is None:
                    wait, backoff = backoff, backoff * 2
                if wait > self.max_wait:
                    return response  # reported with when to retry; --resume surveys it again
                response.read()
                response.close()
                self.budget.pause(wait)
            raise AssertionError("unreachable")

        def close(self) -> None:
            self.inner.close()

    return BudgetTransport


_INSTALLED: list[str] = []  # the budget key installed in this process, if any
_INSTALL_LOCK = threading.Lock()


def install(budget: Budget, endpoint: str, max_wait: float, key: str) -> None:
    """Route huggingface_hub's requests to `endpoint` through `budget` in this process (once per key)."""
    import urllib.request

    import httpx2
    from huggingface_hub import set_client_factory
    from huggingface_hub.utils import _http

    with _INSTALL_LOCK:
        if [key] == _INSTALLED:
            return
        transport = _transport_class()
        parts = urlsplit(endpoint)
        # httpx matches a pattern's port only against a URL that names one, as the endpoint's do.
        netloc = f"{parts.hostname}:{parts.port}" if parts.port else f"{parts.hostname}"
        proxies = urllib.request.getproxies()
        proxy = None if urllib.request.proxy_bypass(parts.hostname or "") else proxies.get(parts.scheme)
        # The library's own request hook (offline switch, request ids) when this version has it.
        hook = getattr(_http, "hf_request_event_hook", None)

        def factory() -> httpx2.Client:
            # The scan's bounds (deadline, reply cap) under the budget, for the Hub and elsewhere.
            return httpx2.Client(
                event_hooks={"request": [hook]} if hook else None,
                follow_redirects=True,
                timeout=None,
                transport=bounded_http.bounded_transport(),
                mounts={
                    f"{parts.scheme}://{netloc}": transport(
                        bounded_http.bounded_transport(proxy=proxy), budget, max_wait
                    )
                },
            )

        set_client_factory(factory)
        bounded_http.hub_bounds_installed(True)
        _INSTALLED[:] = [key]


def uninstall() -> None:
    """huggingface_hub's default client again (the CLI's process, after its survey)."""
    from huggingface_hub import close_session, set_client_factory
    from huggingface_hub.utils import _http

    with _INSTALL_LOCK:
        if not _INSTALLED:
            return
        default = getattr(_http, "default_client_factory", None)
        if default is not None:
            set_client_factory(default)
        else:
            close_session()
        bounded_http.hub_bounds_installed(False)
        _INSTALLED.clear()

"""Bounds on what a remote server can make a scan spend: time and memory.

A per-read timeout does not stop a server that sends one byte a second, and a reply has no size
of its own: an endless or 300 MB listing, or a small gzip that inflates to gigabytes, would be
read whole. So every remote scan runs under one deadline, and every reply, counted after
decompression, under one size cap. Both HTTP stacks in use are bounded the same way, through
their documented extension points: huggingface_hub's client factory (httpx) with a transport
that decodes and counts, and PyGithub's connection classes (requests) with an adapter whose
responses count what they decode.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from openwash.errors import OpenwashError

T = TypeVar("T")

DEFAULT_DEADLINE = 300.0  # seconds for one remote scan, every request included
MAX_REPLY_BYTES = 64 * 1024 * 1024  # one reply, decompressed: a 100,000-file listing is well under
_ACCEPTED_ENCODINGS = ("gzip", "deflate")


class ReplyTooLarge(OpenwashError):
    """A reply larger than MAX_REPLY_BYTES once decompressed."""


class DeadlineExceeded(OpenwashError):
    """The remote scan ran past its deadline."""


_state = threading.local()


def deadline_seconds() -> float:
    """The deadline of one remote scan: OPENWASH_REMOTE_DEADLINE seconds, else DEFAULT_DEADLINE."""
    raw = os.environ.get("OPENWASH_REMOTE_DEADLINE", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_DEADLINE
    except ValueError as exc:
        raise OpenwashError(f"OPENWASH_REMOTE_DEADLINE={raw!r} is not a number of seconds") from exc
    if not value > 0:
        raise OpenwashError(f"OPENWASH_REMOTE_DEADLINE={raw!r} must be more than 0 seconds")
    return value


def check_deadline() -> None:
    at = getattr(_state, "deadline", None)
    if at is not None and time.monotonic() > at:
        raise DeadlineExceeded(f"{_state.label}: no answer within the deadline of {_state.seconds:g} s")


def within_deadline(label: str, call: Callable[[], T], seconds: float | None = None) -> T:
    """`call()` with a deadline. It runs in a worker thread: whatever a server does (even sending
    its headers a byte at a time) the caller gets an answer or a DeadlineExceeded in time. The
    worker's own reads check the deadline too, so it stops soon after instead of lingering."""
    seconds = deadline_seconds() if seconds is None else seconds
    result: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        _state.deadline = time.monotonic() + seconds
        _state.seconds = seconds
        _state.label = label
        try:
            result.append(call())
        except BaseException as exc:  # handed to the caller's thread as it is
            failure.append(exc)
        finally:
            _state.deadline = None

    worker = threading.Thread(target=work, name=f"openwash-remote {label}", daemon=True)
    worker.start()
    worker.join(seconds + 1.0)
    if worker.is_alive():
        raise DeadlineExceeded(f"{label}: no answer within the deadline of {seconds:g} s")
    if failure:
        raise failure[0]
    return result[0]


class _Counter:
    """Decodes (gzip, deflate) and counts a reply's bytes, never holding more than the cap."""

    def __init__(self, encoding: str, url: str) -> None:
        self.url = url
        self.total = 0
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self.decoder: Any = None
        elif enc == "gzip":
            self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.decoder = zlib.decompressobj()
        else:
            raise OpenwashError(f"{url}: the server sent a reply in an encoding not asked for ({enc})")

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        check_deadline()
        if self.decoder is None:
            yield self._count(chunk)
            return
        data = chunk
        while data:
            try:
                out = self.decoder.decompress(data, MAX_REPLY_BYTES + 1 - self.total)
            except zlib.error as exc:
                raise OpenwashError(f"{self.url}: the server sent a corrupt compressed reply") from exc
            yield self._count(out)
            data = self.decoder.unconsumed_tail

    def _count(self, data: bytes) -> bytes:
        self.total += len(data)
        if self.total > MAX_REPLY_BYTES:
            raise ReplyTooLarge(
                f"{self.url}: the reply is larger than {MAX_REPLY_BYTES // (1024 * 1024)} MB; refusing to read it"
            )
        return data


# ---------------------------------------------------------------------------------------------
# httpx (huggingface_hub)


@functools.cache
def _bounded_transport_class() -> type[Any]:
    import httpx2

    class BoundedStream(httpx2.SyncByteStream):
        def __init__(self, raw: Any, counter: _Counter) -> None:
            self.raw, self.counter = raw, counter

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self.raw:
                yield from self.counter.feed(chunk)

        def close(self) -> None:
            self.raw.close()

    class BoundedTransport(httpx2.HTTPTransport):
        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            check_deadline()
            request.headers["Accept-Encoding"] = ", ".join(_ACCEPTED_ENCODINGS)
            response = super().handle_request(request)
            counter = _Counter(response.headers.get("content-encoding", ""), str(request.url))
            # Decoded here, so the client sees plain bytes (and no encoding left to decode).
            headers = [
                (k, v)
                for k, v in response.headers.raw
                if k.lower() not in (b"content-encoding", b"content-length")
            ]
            return httpx2.Response(
                status_code=response.status_code,
                headers=headers,
                stream=BoundedStream(response.stream, counter),
                extensions=response.extensions,
                request=request,
            )

    return BoundedTransport


def bounded_transport(**kwargs: Any) -> Any:
    """An httpx transport with the deadline and the reply cap (kwargs as httpx.HTTPTransport's):
    every client of huggingface_hub this process builds sends through one, including the survey's
    rate-limited one, so that neither bound is lost to the other."""
    return _bounded_transport_class()(**kwargs)


def install_hub_bounds() -> None:
    """huggingface_hub's shared client, with the bounded transport (once per process; a client
    factory installed by the survey already uses it and is kept)."""
    if getattr(install_hub_bounds, "done", False):
        return
    import httpx2
    from huggingface_hub import set_client_factory
    from huggingface_hub.utils._http import hf_request_event_hook

    def factory() -> httpx2.Client:
        return httpx2.Client(
            transport=bounded_transport(),
            event_hooks={"request": [hf_request_event_hook]},
            follow_redirects=True,
            timeout=None,
        )

    set_client_factory(factory)
    install_hub_bounds.done = True  # type: ignore[attr-defined]


def hub_bounds_installed(value: bool) -> None:
    """Say that huggingface_hub's client factory has (or no longer has) the bounded transport."""
    install_hub_bounds.done = value  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# requests (PyGithub)


def install_github_bounds() -> None:
    """PyGithub's connections, with an adapter whose responses are bounded (once per process)."""
    if getattr(install_github_bounds, "done", False):
        return
    import requests
    from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass, Requester

    class BoundedRaw:
        """The urllib3 response, with `stream` (what requests reads) decoded and counted here."""

        def __init__(self, raw: Any, url: str) -> None:
            self._raw = raw
            self._counter = _Counter(raw.headers.get("content-encoding", ""), url)

        def stream(self, amt: int = 2**16, decode_content: bool | None = None) -> Iterator[bytes]:
            for chunk in self._raw.stream(amt, decode_content=False):
                yield from self._counter.feed(chunk)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._raw, name)

    class BoundedAdapter(requests.adapters.HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            check_deadline()
            request.headers["Accept-Encoding"] = ", ".join(_ACCEPTED_ENCODINGS)
            return super().send(request, *args, **kwargs)

        def build_response(self, req: Any, resp: Any) -> Any:
            response = super().build_response(req, resp)
            response.raw = BoundedRaw(resp, str(req.url))
            return response

    def bounded(cls: Any) -> Any:
        class Bounded(cls):  # type: ignore[misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.adapter = BoundedAdapter(
                    max_retries=self.retry, pool_connections=self.pool_size, pool_maxsize=self.pool_size
                )
                self.session.mount(f"{self.protocol}://", self.adapter)

        return Bounded

    Requester.injectConnectionClasses(
        bounded(HTTPRequestsConnectionClass), bounded(HTTPSRequestsConnectionClass)
    )
    install_github_bounds.done = True  # type: ignore[attr-defined]

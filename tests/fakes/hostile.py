"""A loopback server that answers every request in one hostile way: what a broken or malicious
Hub, GitHub Enterprise or mirror can send. Real HTTP on 127.0.0.1, like the other fakes.

Modes:
- `slow`: headers, then a JSON body one byte every 0.2 s, never ending.
- `endless`: a JSON array without end, as fast as the client reads.
- `bomb`: a small gzip body that inflates to far more than any reply may hold.
- `truncated`: a JSON object cut in the middle (with a matching Content-Length).
- `wrong-types`: well-formed JSON with a number where every object or list belongs.
- `redirect`: a 301 to another origin.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakes.loopback import LoopbackServer

MODES = ("slow", "endless", "bomb", "truncated", "wrong-types", "redirect")

_bomb_lock = threading.Lock()
_bomb: bytes | None = None


def bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """A gzip of `inflated` bytes of JSON whitespace (about 200 KB compressed), made once."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            out = io.BytesIO()
            chunk = b" " * (1024 * 1024)
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
                for _ in range(inflated // len(chunk)):
                    gz.write(chunk)
            _bomb = out.getvalue()
        return _bomb


class HostileServer(LoopbackServer):
    def __init__(self, mode: str) -> None:
        assert mode in MODES, mode
        self.mode = mode
        self.requests: list[str] = []
        self.stop_event = threading.Event()
        super().__init__(_handler(self))
        # A client that hangs up on a hostile reply is the point: no traceback from the server.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]

    def stop(self) -> None:
        self.stop_event.set()
        super().stop()


def _handler(fake: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            fake.requests.append(self.path)
            getattr(self, "_" + fake.mode.replace("-", "_"))()

        def _head(self, status: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()

        def _slow(self) -> None:
            self._head(200, {"Content-Type": "application/json", "Content-Length": "100000000"})
            try:
                self.wfile.write(b"{")
                while not fake.stop_event.wait(0.2):
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:
                pass

        def _endless(self) -> None:
            self._head(200, {"Content-Type": "application/json", "Connection": "close"})
            self.close_connection = True
            try:
                self.wfile.write(b"[")
                block = b"0," * 32768
                while not fake.stop_event.is_set():
                    self.wfile.write(block)
            except OSError:
                pass

        def _bomb(self) -> None:
            body = bomb()
            self._head(
                200,
                {
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(body)),
                },
            )
            with contextlib.suppress(OSError):
                self.wfile.write(body)

        def _truncated(self) -> None:
            body = (
                b'{"id": "acme/model", "sha": "0123456789abcdef0123456789abcdef01234567", "siblings": [{"rfil'
            )
            self._send(body)

        def _wrong_types(self) -> None:
            payload: dict[str, Any] = {
                # Hub model_info keys, and GitHub repository / commit / tree keys, all mistyped.
                "id": 7,
                "sha": 7,
                "siblings": 7,
                "cardData": 7,
                "full_name": 7,
                "html_url": 7,
                "default_branch": 7,
                "tree": 7,
                "truncated": "no",
                "commit": 7,
            }
            self._send(json.dumps(payload).encode())

        def _redirect(self) -> None:
            self._head(
                301, {"Location": "http://example.invalid/elsewhere" + self.path, "Content-Length": "0"}
            )

        def _send(self, body: bytes) -> None:
            self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
            self.wfile.write(body)

    return Handler

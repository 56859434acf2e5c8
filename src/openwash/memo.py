"""Results already computed in this process for the same text, by the text's digest.

A tree of vendored code repeats the same licence files, and bundled-licence files repeat the same
licences, many times; naming a text and reading its clauses are pure functions of the text. The
memo is bounded by the total length of the texts it remembers (oldest out first), so a survey of
many repositories keeps a small, fixed amount, and it is safe to share between survey threads.
"""

from __future__ import annotations

import _thread
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

try:  # CPython's own module: hashlib would load OpenSSL as well
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

T = TypeVar("T")


class TextMemo(Generic[T]):
    def __init__(self, max_chars: int) -> None:
        self._max_chars = max_chars
        self._chars = 0
        self._entries: dict[tuple[bytes, Hashable], tuple[int, T]] = {}
        self._lock = _thread.allocate_lock()  # threading's Lock, without importing threading

    def get(self, text: str, extra: Hashable, compute: Callable[[], T]) -> T:
        """The value for (text, extra), computed by `compute` the first time."""
        if len(text) > self._max_chars // 8:
            return compute()  # a huge text would push out everything else
        key = (blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), extra)
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None:
            return hit[1]
        value = compute()
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (len(text), value)
                self._chars += len(text)
                while self._chars > self._max_chars:
                    size, _ = self._entries.pop(next(iter(self._entries)))
                    self._chars -= size
        return value

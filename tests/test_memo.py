"""The per-process memo of text results: same value for the same text, bounded by text length."""

from __future__ import annotations

from openwash.memo import TextMemo


def test_same_text_computed_once_and_extra_keys_apart() -> None:
    memo: TextMemo[int] = TextMemo(max_chars=1000)
    calls: list[str] = []

    def compute(tag: str) -> int:
        calls.append(tag)
        return len(calls)

    assert memo.get("MIT text", "a", lambda: compute("1")) == 1
    assert memo.get("MIT text", "a", lambda: compute("2")) == 1
    assert memo.get("MIT text", "b", lambda: compute("3")) == 2
    assert calls == ["1", "3"]


def test_oldest_out_when_the_texts_exceed_the_bound() -> None:
    memo: TextMemo[str] = TextMemo(max_chars=800)
    for k in range(10):
        memo.get(f"{k:03d}" + "x" * 97, None, lambda k=k: f"v{k}")
    assert memo._chars <= 800
    assert len(memo._entries) == 8
    assert memo.get("000" + "x" * 97, None, lambda: "again") == "again"  # evicted, recomputed
    assert memo.get("009" + "x" * 97, None, lambda: "again") == "v9"


def test_a_huge_text_is_not_kept() -> None:
    memo: TextMemo[str] = TextMemo(max_chars=800)
    memo.get("y" * 500, None, lambda: "big")
    assert memo._chars == 0

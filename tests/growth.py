"""Growth checks: cost at 2n over cost at n, on adversarial shapes of text.

Nothing here times an absolute duration: a linear function takes about twice as long on twice
the input, a quadratic one four times. Each measurement is the best of a few runs, so a busy
machine makes a ratio look better, never worse than the code is.
"""

from __future__ import annotations

import functools
import gc
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import openwash

T = TypeVar("T")

# Above this ratio (time at 2n / time at n) the cost is growing faster than linearly.
MAX_RATIO = 3.0
# Below this time at 2n the measurement is noise, and the cost is small whatever its shape.
FLOOR = 0.004

# Shapes that have made regular expressions and splitters backtrack: long runs without a
# newline, of punctuation, of spaces, of brackets, of abbreviations and of list markers.
GENERIC_UNITS = (
    "a",
    " ",
    ".",
    "-",
    "*",
    "[",
    "(",
    "[](",
    "](",
    "1",
    "1,",
    "1.",
    "$1",
    "e.g. ",
    "i.e. ",
    "inc. ",
    "a. ",
    "x ",
    ". ",
    ", ",
    "; ",
    "\t",
    " \t",
    "* ",
    "** ",
    "# ",
    "(a) ",
    "1. ",
    "http://x/",
    "@",
    "_",
    "'",
    '"',
    "not ",
    "the ",
    "we ",
    "open source ",
    "open-source ",
    "licence ",
    "license ",
    "model ",
    "data ",
    "use ",
    "copyright ",
    "a.b",
    "a.b.",
    "0.1.",
    "--- ",
    "\u00a0",
    "开源",
    "。",
)

_LITERAL = re.compile(r"[a-z][a-z'-]{1,}")


def literal_words(source: str) -> list[str]:
    """The words a pattern is written around: repeating them is what makes a search backtrack."""
    cleaned = re.sub(r"\\[a-zA-Z]", " ", source)
    words: list[str] = []
    for w in _LITERAL.findall(cleaned.lower()):
        if w not in words:
            words.append(w)
    return words[:12]


def units_for(source: str) -> list[str]:
    """Repeating units to try against one pattern: the generic ones and some built from its words."""
    units = list(GENERIC_UNITS)
    words = literal_words(source)
    for w in words[:8]:
        units += [w, w + " ", w + ". ", w + "-"]
    if words:
        units += [" ".join(words) + " ", "".join(words), " ".join(words[:3]) + " 1 "]
    return units


def repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def cached(prepare: Callable[[str], T]) -> Callable[[str], T]:
    """`prepare` remembered per text: the same adversarial inputs serve every pattern."""
    return functools.lru_cache(maxsize=None)(prepare)


def best_time(fn: Callable[[T], object], arg: T, runs: int = 3) -> float:
    """The least CPU time of a few runs (CPU time: other processes on a shared machine do not
    count), with the garbage collector paused so that its passes do not land in one size only."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best


def superlinear(fn: Callable[[T], object], make: Callable[[int], T], n: int) -> float | None:
    """The ratio of the time at 2n to the time at n if it is over MAX_RATIO on a measurable time,
    else None; measured twice before it counts, so that one hiccup is not a failure."""
    small, large = make(n), make(2 * n)
    fn(small)  # warm caches (compiled patterns, loaded data) before measuring
    ratio = 0.0
    for _ in range(2):
        t1, t2 = best_time(fn, small), best_time(fn, large)
        ratio = t2 / max(t1, 1e-9)
        if ratio <= MAX_RATIO or t2 < FLOOR:
            return None
    return ratio


def measurable_growth(
    fn: Callable[[T], object],
    unit: str,
    prepare: Callable[[str], T],
    start: int = 1000,
    limit: int = 32000,
) -> float | None:
    """`superlinear` for `fn` on `prepare(unit repeated to n characters)`, at the smallest n
    (from `start`, doubling up to `limit`) where the time at 2n is measurable; None when it grows
    linearly or stays too small to matter. `prepare` is not timed."""
    n = start
    while True:
        t2 = best_time(fn, prepare(repeat_to(unit, 2 * n)), runs=1)
        if t2 >= FLOOR or 2 * n >= limit:
            break
        n *= 2
    if t2 < FLOOR:
        return None
    return superlinear(fn, lambda k: prepare(repeat_to(unit, k)), n)


def module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every compiled pattern held by a module of openwash (also inside tuples and dicts)."""
    for info in pkgutil.walk_packages(openwash.__path__, "openwash."):
        if info.name.endswith("__main__"):
            continue  # running it is the CLI
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for name, value in vars(module).items():
            for i, p in enumerate(_patterns_in(value)):
                if isinstance(p.pattern, str):
                    yield f"{info.name}.{name}[{i}]", p


def _patterns_in(value: object) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _patterns_in(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _patterns_in(v)

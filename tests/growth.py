"""Growth checks: cost at 2n over cost at n, on adversarial shapes of text.

Nothing here times an absolute duration: a linear function takes about twice as long on twice
the input, a quadratic one four times. Each measurement is the best of a few runs, so a busy
machine makes a ratio look better, never worse than the code is.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator

import openwash

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
    for w in words:
        units += [w, w + " ", w + ".", w + "-", w + " . ", w + "1"]
    if words:
        units += [" ".join(words) + " ", "".join(words), " ".join(words[:3]) + " 1 "]
    return units


def repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def best_time(fn: Callable[[str], object], text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def growth(fn: Callable[[str], object], make: Callable[[int], str], n: int) -> tuple[float, float]:
    """(ratio of the time at 2n to the time at n, the time at 2n)."""
    small, large = make(n), make(2 * n)
    fn(small)  # warm caches (compiled patterns, loaded data) before measuring
    t1 = best_time(fn, small)
    t2 = best_time(fn, large)
    return t2 / max(t1, 1e-9), t2


def superlinear(fn: Callable[[str], object], make: Callable[[int], str], n: int) -> float | None:
    """The growth ratio if it is over MAX_RATIO on a measurable time, else None; measured
    twice before it counts, so that one hiccup of a shared machine is not a failure."""
    for _ in range(2):
        ratio, t2 = growth(fn, make, n)
        if ratio <= MAX_RATIO or t2 < FLOOR:
            return None
    return ratio


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

"""Which of many regular expressions could match a text, found in one pass, before any is run.

Rules written as data (clause rules, AI licence patterns) are many regexes tried on every
sentence; most cannot match because a word they need is absent. `needles(pattern)` reads, from
the pattern's own source, literal strings one of which every match must contain; `Prefilter`
finds all of them in a text with one Aho-Corasick pass and names the rules worth running. The
derivation is conservative: anything it does not understand yields no needles, and such a rule is
always run. Patterns are compiled only when first run (`LazyPattern`), so a process that never
needs a rule never pays to compile it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

# Needles shorter than this are too common to filter anything; such a pattern is always run.
MIN_NEEDLE = 3

_SPECIAL = frozenset(".^$*+?{}[]|()\\")
_OPTIONAL_QUANT = re.compile(r"\?|\*|\{0?,|\{0\}")
_QUANT = re.compile(r"[?*+]|\{\d*(?:,\d*)?\}")
# Escapes that stand for one literal character (the rest: classes, anchors, back-references).
_LITERAL_ESCAPES = {"n": "\n", "t": "\t"}


# Needle sets in conjunction: a match hits one needle of every set; () says nothing is known.
Needles = tuple[frozenset[str], ...]


def _best(sets: Needles) -> frozenset[str]:
    """The rarest-looking requirement: the set whose shortest needle is longest."""
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)))


class _Parser:
    """A recursive reader of a regex source: for a (sub)pattern, the needle sets every match hits.
    Only the plain syntax is understood; anything else makes its part needle-free."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.i = 0

    def alternation(self) -> Needles:
        """Up to the closing ")" or the end: one branch's needle sets, or for several branches
        the union of each branch's best set."""
        branches: list[Needles] = []
        while True:
            branches.append(self.sequence())
            if self.i < len(self.src) and self.src[self.i] == "|":
                self.i += 1
                continue
            break
        if len(branches) == 1:
            return branches[0]
        if not all(branches):
            return ()
        return (frozenset().union(*(_best(b) for b in branches)),)

    def sequence(self) -> Needles:
        """One branch: a needle set for each required part (literal runs, required groups)."""
        src = self.src
        candidates: list[frozenset[str]] = []
        run = ""

        def flush() -> None:
            nonlocal run
            if len(run) >= MIN_NEEDLE:
                candidates.append(frozenset((run,)))
            run = ""

        while self.i < len(src) and src[self.i] not in "|)":
            c = src[self.i]
            if c == "(":
                flush()
                inner = self._group()
                if not self._optional_quantifier():
                    candidates.extend(inner)
                self._skip_quantifier()
                continue
            if c == "[":
                flush()
                self._skip_class()
                self._skip_quantifier()
                continue
            if c == "\\" and self.i + 1 < len(src):
                e = src[self.i + 1]
                self.i += 2
                lit = _LITERAL_ESCAPES.get(e) if e.isalnum() else e
                if lit is None:  # \b \d \w \s \1 ...: not a literal character
                    flush()
                    self._skip_quantifier()
                    continue
            elif c in _SPECIAL:  # . ^ $ or a stray quantifier
                flush()
                self.i += 1
                self._skip_quantifier()
                continue
            else:
                lit = c
                self.i += 1
            if self._optional_quantifier():
                flush()  # the character may be absent: the run ends before it
            elif self._at_quantifier():
                run += lit  # repeated at least once: still required, but the run ends here
                flush()
            else:
                run += lit
            self._skip_quantifier()
        flush()
        return tuple(candidates)

    def _group(self) -> Needles:
        src = self.src
        self.i += 1  # "("
        capture = True
        if src.startswith("?", self.i):
            if src.startswith("?:", self.i):
                self.i += 2
            elif src.startswith("?P<", self.i):
                self.i = src.index(">", self.i) + 1
            else:
                capture = False  # lookaround, flags, conditionals: not understood
        if not capture:
            self._skip_to_close()
            return ()
        inner = self.alternation()
        if self.i < len(src) and src[self.i] == ")":
            self.i += 1
        return inner

    def _skip_to_close(self) -> None:
        depth = 1
        src = self.src
        while self.i < len(src) and depth:
            c = src[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "[":
                self._skip_class()
                continue
            depth += c == "("
            depth -= c == ")"
            self.i += 1

    def _skip_class(self) -> None:
        src = self.src
        self.i += 1
        if src.startswith("^", self.i):
            self.i += 1
        if src.startswith("]", self.i):
            self.i += 1
        while self.i < len(src) and src[self.i] != "]":
            self.i += 2 if src[self.i] == "\\" else 1
        self.i += 1

    def _optional_quantifier(self) -> bool:
        return bool(_OPTIONAL_QUANT.match(self.src, self.i))

    def _at_quantifier(self) -> bool:
        return bool(_QUANT.match(self.src, self.i))

    def _skip_quantifier(self) -> None:
        m = _QUANT.match(self.src, self.i)
        if m:
            self.i = m.end()
            if self.i < len(self.src) and self.src[self.i] in "?+":  # lazy or possessive
                self.i += 1


def needles(pattern: str, flags: int = 0) -> Needles:
    """Sets of literal strings such that every match of `pattern` contains one string of each
    set; () when none can be read off the pattern (then it must always be run). Case-insensitive
    or verbose patterns, inline flags and unbalanced sources get ()."""
    global_flags = re.match(r"\(\?[aiLmsux]+\)", pattern)
    if flags & (re.IGNORECASE | re.VERBOSE) or global_flags:
        return ()
    parser = _Parser(pattern)
    found = parser.alternation()
    return found if parser.i >= len(pattern) else ()


class LazyPattern:
    """A regex compiled on its first use; `needles` as `needles()` reads them."""

    __slots__ = ("_compiled", "flags", "needles", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self.needles = needles(source, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)


def rule_needles(all_of: Sequence[LazyPattern], any_of: Sequence[LazyPattern]) -> Needles:
    """The needle sets of a rule that matches when every `all_of` and one `any_of` pattern match:
    every required pattern's sets, and for the alternatives the union of each one's best set
    (when every alternative has needles); () when nothing can be read off the rule."""
    sets = [s for p in all_of for s in p.needles]
    if len(any_of) == 1:
        sets.extend(any_of[0].needles)
    elif any_of and all(p.needles for p in any_of):
        sets.append(frozenset().union(*(_best(p.needles) for p in any_of)))
    return tuple(sets)


class Prefilter:
    """For rules given by their needle sets (every set must be hit; no sets: always run), which
    may match a text."""

    def __init__(self, rules: Iterable[Needles]) -> None:
        import ahocorasick  # imported here: only a text that reaches rule matching needs it

        self._always: set[int] = set()
        self._needs: list[tuple[int, frozenset[int]]] = []  # (rule, its set numbers)
        by_needle: dict[str, set[int]] = {}
        n_sets = 0
        for k, sets in enumerate(rules):
            if not sets:
                self._always.add(k)
                continue
            numbers = frozenset(range(n_sets, n_sets + len(sets)))
            for number, found in zip(sorted(numbers), sets, strict=True):
                for n in found:
                    by_needle.setdefault(n, set()).add(number)
            n_sets += len(sets)
            self._needs.append((k, numbers))
        self._automaton: Any = None
        if by_needle:
            automaton = ahocorasick.Automaton()
            for n, sets_hit in by_needle.items():
                automaton.add_word(n, tuple(sets_hit))
            automaton.make_automaton()
            self._automaton = automaton

    def candidates(self, text: str) -> set[int]:
        """Indices of the rules that may match `text` (a superset of those that do)."""
        out = set(self._always)
        if self._automaton is None:
            return out
        hit: set[int] = set()
        for _, numbers in self._automaton.iter(text):
            hit.update(numbers)
        if hit:
            out.update(k for k, numbers in self._needs if numbers <= hit)
        return out

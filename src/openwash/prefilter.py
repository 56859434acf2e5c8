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

import functools
import itertools
import math
import operator
import re
from collections.abc import Iterable, Sequence
from typing import Any

# Needles shorter than this are too common to filter anything; such a pattern is always run.
MIN_NEEDLE = 3

_MAX_COMBINATIONS = 64
_MAX_SETS = 6  # needle sets per rule in the automaton
_second = operator.itemgetter(1)
_SPECIAL = frozenset(".^$*+?{}[]|()\\")
_OPTIONAL_QUANT = re.compile(r"\?|\*|\{0?,|\{0\}")
_QUANT = re.compile(r"[?*+]|\{\d*(?:,\d*)?\}")
# Escapes that stand for one literal character (the rest: classes, anchors, back-references).
_LITERAL_ESCAPES = {"n": "\n", "t": "\t"}


# Needle sets in conjunction: a match hits one needle of every set; () says nothing is known.
Needles = tuple[frozenset[str], ...]


def rarity(needle_set: frozenset[str]) -> tuple[int, int]:
    """How rare a set looks: its shortest needle (spaces aside) long, and few needles."""
    return min(len(n.strip()) for n in needle_set), -len(needle_set)


def _best(sets: Needles) -> frozenset[str]:
    """The rarest-looking requirement."""
    return max(sets, key=rarity)


def _either(options: Sequence[Needles]) -> Needles:
    """The needle sets of "one of these matches": each way of picking one set from every option,
    united (a OR of ANDs made an AND of ORs), or only each option's best set when that would
    make too many."""
    if len(options) == 1:
        return options[0]
    if not all(options):
        return ()
    if math.prod(map(len, options)) > _MAX_COMBINATIONS:
        return (frozenset().union(*map(_best, options)),)
    return tuple(frozenset().union(*pick) for pick in itertools.product(*options))


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
        return _either(branches)

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
    global_flags = pattern.startswith("(?") and pattern[2:3] in set("aiLmsux")
    if flags & (re.IGNORECASE | re.VERBOSE) or global_flags:
        return ()
    parser = _Parser(pattern)
    found = parser.alternation()
    return found if parser.i >= len(pattern) else ()


class LazyPattern:
    """A regex compiled on its first use, and its `needles()`, read on first use too."""

    __slots__ = ("_compiled", "_needles", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._needles: Needles | None = None

    @property
    def needles(self) -> Needles:
        if self._needles is None:
            self._needles = needles(self.source, self.flags)
        return self._needles

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)


def rule_needles(all_of: Sequence[LazyPattern], any_of: Sequence[LazyPattern]) -> Needles:
    """The needle sets of a rule that matches when every `all_of` and one `any_of` pattern match;
    () when nothing can be read off the rule."""
    sets = [s for p in all_of for s in p.needles]
    if any_of:
        sets.extend(_either([p.needles for p in any_of]))
    return tuple(sets)


class Prefilter:
    """For rules given by their needle sets (every set must be hit; no sets: always run), which
    may match a text."""

    def __init__(self, rules: Iterable[Needles]) -> None:
        import ahocorasick  # imported here: only a text that reaches rule matching needs it

        self._always: list[int] = []
        self._full: dict[int, int] = {}  # rule -> one bit per needle set of the rule
        by_needle: dict[str, dict[int, int]] = {}  # needle -> rule -> the bits of its sets it is in
        for k, all_sets in enumerate(rules):
            if not all_sets:
                self._always.append(k)
                continue
            # The rarest-looking sets only: a set of common words ("use", "may") filters little
            # and its every occurrence costs a hit.
            sets = sorted(all_sets, key=rarity, reverse=True)[:_MAX_SETS]
            self._full[k] = (1 << len(sets)) - 1
            for bit, found in enumerate(sets):
                for n in found:
                    per_rule = by_needle.setdefault(n, {})
                    per_rule[k] = per_rule.get(k, 0) | 1 << bit
        self._automaton: Any = None
        if by_needle:
            automaton = ahocorasick.Automaton()
            for n, per_rule in by_needle.items():
                automaton.add_word(n, tuple(per_rule.items()))
            automaton.make_automaton()
            self._automaton = automaton

    def candidates(self, text: str) -> list[int]:
        """Indices of the rules that may match `text` (a superset of those that do), in order."""
        if self._automaton is None:
            return self._always
        sets_hit: dict[int, int] = {}
        # Each needle once (common words hit many times): the distinct values, by a C loop.
        for per_rule in set(map(_second, self._automaton.iter(text))):
            for k, bits in per_rule:
                sets_hit[k] = sets_hit.get(k, 0) | bits
        full = self._full
        found = [k for k, bits in sets_hit.items() if bits == full[k]]
        return sorted(found + self._always) if self._always else sorted(found)


class Occurrences:
    """Which of many texts each pattern may match (every needle set of the pattern hit in that
    text), worked out per pattern with bit operations over the texts each needle occurs in: the
    sentences of a licence are scanned for needles once, and a rule is then tried only on the
    sentences its needles occur in, not every rule on every sentence. A set of texts is an int,
    bit k for text k."""

    __slots__ = ("_bits", "_may", "_sets", "_union", "everything", "present")

    def __init__(self, sets: dict[int, Needles], bits: dict[str, int], count: int) -> None:
        self._sets = sets  # id of a pattern -> its needle sets, rarest first
        self._bits = bits  # needle -> the texts it occurs in
        self._may: dict[int, int] = {}
        self._union: dict[frozenset[str], int] = {}
        self.everything = (1 << count) - 1
        self.present = bits.keys()  # the needles found in some text

    def any_of(self, needle_set: frozenset[str]) -> int:
        """The texts holding one of the needles."""
        hit = self._union.get(needle_set)
        if hit is None:
            hit = functools.reduce(operator.or_, map(self._bits.get, needle_set, _ZEROS), 0)
            self._union[needle_set] = hit
        return hit

    def may(self, pattern: LazyPattern) -> int:
        """The texts `pattern` may match (all of them for a pattern without needles)."""
        key = id(pattern)
        out = self._may.get(key)
        if out is None:
            out = self.everything
            for needle_set in self._sets.get(key, pattern.needles):
                out &= self.any_of(needle_set)
                if not out:
                    break
            self._may[key] = out
        return out

    def candidates(self, all_of: Sequence[LazyPattern], any_of: Sequence[LazyPattern]) -> int:
        """The texts where every `all_of` and one `any_of` pattern may match."""
        out = self.everything
        for p in all_of:
            out &= self.may(p)
            if not out:
                return out
        if any_of:
            out &= functools.reduce(operator.or_, map(self.may, any_of), 0)
        return out


def indices(bits: int) -> list[int]:
    """The positions of the set bits, ascending."""
    out = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


_ZEROS = itertools.repeat(0)


class NeedleScan:
    """The needles of many patterns, found in many texts at once (`occurrences`): a pattern one
    of whose needle sets is not hit in a text cannot match it, and is not run there."""

    def __init__(self, patterns: Iterable[LazyPattern]) -> None:
        import ahocorasick

        self._sets = {id(p): tuple(sorted(p.needles, key=rarity, reverse=True)) for p in patterns}
        words = {n for sets in self._sets.values() for found in sets for n in found}
        self._automaton: Any = None
        if words:
            automaton = ahocorasick.Automaton()
            for w in words:
                automaton.add_word(w, w)
            automaton.make_automaton()
            self._automaton = automaton

    def occurrences(self, texts: Sequence[str]) -> Occurrences:
        """Where each needle occurs, by text index."""
        bits: dict[str, int] = {}
        if self._automaton is not None:
            scan = self._automaton.iter
            for k, text in enumerate(texts):
                bit = 1 << k
                # Each needle once (common words hit many times): the distinct values, by a C loop.
                for needle in set(map(_second, scan(text))):
                    bits[needle] = bits.get(needle, 0) | bit
        return Occurrences(self._sets, bits, len(texts))

"""Cost linear in the text, whatever its shape: every regular expression that runs on repository
text, the sentence splitter and whole scans, checked by growth (time at 2n over time at n) on
adversarial shapes the tests generate. Nothing is timed against an absolute figure."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from growth import (
    GENERIC_UNITS,
    MAX_RATIO,
    cached,
    measurable_growth,
    module_patterns,
    repeat_to,
    superlinear,
    units_for,
)
from openwash.clauses.analyser import analyse
from openwash.clauses.segments import MAX_SEGMENT, segments
from openwash.datafiles import load_yaml
from openwash.licenses.ai import flatten, identify_ai

T = TypeVar("T")


def _rule_patterns() -> list[tuple[str, str]]:
    out = []
    for rule in load_yaml("clauses/rules/osd.yaml")["rules"]:
        for key in ("all", "any", "none"):
            out += [(f"osd.yaml {rule['id']} {key}[{i}]", p) for i, p in enumerate(rule.get(key) or ())]
    return out


def _ai_patterns() -> list[tuple[str, str]]:
    out = []
    for lic in load_yaml("ai_licenses.yaml")["licenses"]:
        for key in ("all", "any"):
            out += [(f"ai_licenses.yaml {lic['id']} {key}[{i}]", p) for i, p in enumerate(lic.get(key) or ())]
    return out


def _failures(
    name: str, fn: Callable[[T], object], units: list[str], prepare: Callable[[str], T]
) -> list[str]:
    bad = []
    for unit in units:
        ratio = measurable_growth(fn, unit, prepare)
        if ratio is not None:
            bad.append(f"{name} on {unit!r}: x{ratio:.1f} for twice the text")
    return bad


def _same(text: str) -> str:
    return text


# The inputs each kind of pattern sees, prepared once per text (not timed).
_SENTENCES = cached(lambda text: [flatten(seg.text) for seg in segments(text)])
_FLAT = cached(flatten)


def test_every_clause_rule_pattern_is_linear_as_the_analyser_applies_it() -> None:
    """Each pattern of clauses/rules/osd.yaml, on the flattened sentences of adversarial texts."""
    assert len(_rule_patterns()) > 50
    bad = []
    for name, source in _rule_patterns():
        pattern = re.compile(source)

        def apply(sentences: list[str], p: re.Pattern[str] = pattern) -> None:
            for s in sentences:
                p.search(s)

        bad += _failures(name, apply, units_for(source), _SENTENCES)
    assert not bad, "\n".join(bad)


def test_every_ai_licence_pattern_is_linear_on_the_whole_text() -> None:
    """Each pattern of data/ai_licenses.yaml, searched in the whole flattened text as identify_ai does."""
    bad = []
    for name, source in _ai_patterns():
        bad += _failures(name, re.compile(source).search, units_for(source), _FLAT)
    assert not bad, "\n".join(bad)


def test_base_model_family_patterns_are_linear() -> None:
    bad = []
    for family in load_yaml("base_models.yaml")["families"]:
        pattern = re.compile(family["pattern"], re.IGNORECASE)
        bad += _failures(family["name"], pattern.search, units_for(family["pattern"]), _same)
    assert not bad, "\n".join(bad)


def test_every_module_pattern_is_linear_under_search() -> None:
    """Every compiled pattern a module of openwash holds (card prose, file names, normalisation,
    SBOM fields, licence matching, ...), searched anywhere in a long line: the harshest way any
    of them is applied."""
    patterns = list(module_patterns())
    assert len(patterns) > 40
    bad = []
    for name, pattern in patterns:
        bad += _failures(name, pattern.search, units_for(pattern.pattern), _same)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "unit",
    [
        "e.g. ",  # an abbreviation before every sentence end: no rescan from the sentence start
        "Inc. Ltd. No. ",
        "a. ",
        "word ",  # one endless sentence
        "a\n",  # many lines in one paragraph: the line lookup of each sentence
        "This is a sentence.\n",
        ". . ",
        "[[[[",
        "    ",
        "x" * 50 + " ",
    ],
)
def test_sentence_splitting_is_linear(unit: str) -> None:
    ratio = superlinear(segments, lambda n: repeat_to(unit, n), 20000)
    assert ratio is None, f"segments() grows x{ratio:.1f} for twice the text"


def test_long_sentences_and_words_are_cut() -> None:
    text = "word " * 2000 + "x" * 5000
    segs = segments(text)
    assert all(len(s.text) <= MAX_SEGMENT + MAX_SEGMENT // 400 for s in segs)  # + the spaces of cut words
    assert max(len(w) for s in segs for w in s.text.split()) <= 400
    # Still one line: each piece keeps its line range.
    assert {(s.line_start, s.line_end) for s in segs} == {(1, 1)}


@pytest.mark.parametrize(
    "unit", ["e.g. ", "not use to improve other models ", "non-commercial ", "....", "- 1. ", "share must "]
)
def test_clause_analysis_of_a_long_licence_line_is_linear(unit: str) -> None:
    ratio = superlinear(lambda t: analyse(t, "LICENSE"), lambda n: repeat_to(unit, n), 8000)
    assert ratio is None, f"analyse() grows x{ratio:.1f} for twice the text"


def test_ai_licence_identification_is_linear() -> None:
    for unit in ("llama ", "community license agreement ", ".", "[["):
        ratio = superlinear(identify_ai, lambda n, u=unit: repeat_to(u, n), 40000)
        assert ratio is None, f"identify_ai grows x{ratio:.1f} on {unit!r}"


@pytest.mark.parametrize(
    "unit", ["**Base model:** ", "[", "](", " " * 8, "we release the training data ", "http://x/"]
)
def test_a_card_scan_is_linear_in_a_long_line(unit: str, tmp_path: Path) -> None:
    from openwash import engine

    counter = iter(range(1000))

    def scan(text: str) -> None:
        root = tmp_path / f"r{next(counter)}"
        root.mkdir()
        (root / "README.md").write_text("---\nlicense: mit\n---\n# Model\n" + text + "\n", encoding="utf-8")
        engine.scan(str(root))

    ratio = superlinear(scan, lambda n: repeat_to(unit, n), 30000)
    assert ratio is None, f"a scan grows x{ratio:.1f} for twice the card line"


def test_generic_shapes_cover_the_classic_cases() -> None:
    for needed in ("[", " ", ".", "e.g. ", "\t"):
        assert needed in GENERIC_UNITS
    assert MAX_RATIO < 4  # quadratic cost doubles twice

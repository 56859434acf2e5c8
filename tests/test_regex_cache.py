"""Compiled patterns kept between runs (openwash/regex_cache.py): bytes patterns as well."""

from __future__ import annotations

from pathlib import Path

from conftest import runs_of

PROBE = """
import re, sys
from openwash import regex_cache as rc
rc.warm()
key = (bytes, rb"^size (\\d+)\\s*$", re.M)
from_file = key in rc._saved
p = re.compile(key[1], key[2])
assert p.match(b"size 12 \\n").group(1) == b"12" and p.flags == re.compile(rb"x", re.M).flags
assert re.compile(r"^size (\\d+)$").match("size 3").group(1) == "3"  # the str pattern of the same text
rc.save()
print(from_file, key in rc._used)
"""


def test_a_bytes_pattern_is_kept_and_made_from_the_file(tmp_path: Path) -> None:
    runs = runs_of(PROBE, tmp_path)
    assert runs == [["False", "False"], ["True", "True"]]

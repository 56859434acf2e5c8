"""Compiled patterns kept between runs (openwash/regex_cache.py): bytes patterns as well."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    env = {**os.environ, "OPENWASH_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["False", "False"], ["True", "True"]]

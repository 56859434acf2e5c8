"""The scan path (the pre-commit hook's path) never imports PyGithub, requests or spdx-tools."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE, RESTRICTIVE, SPDX2_TAG_VALUE

HEAVY = ("github", "requests", "spdx_tools", "huggingface_hub", "jsonschema", "rdflib")


def test_scan_imports_no_heavy_module(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE, "README.md": "---\nlicense: mit\n---\n# M\n"}, weights=True)
    probe = (
        "import sys; from openwash.cli import main; main(['scan', sys.argv[1], '--format', 'json', '-o', '/dev/null']); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _imported(argv: list[str]) -> set[str]:
    """The modules a run of the console script imports (`python -X importtime` lists each)."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "openwash", *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")
    }


def test_console_scan_of_a_typical_repository_imports_only_what_it_needs(
    make_repo: Callable[..., Path],
) -> None:
    """The start-up of `openwash scan` on a model repository with a licence, a card and weights:
    no `inspect` on Python 3.11 (dataclasses imports it only to write a missing docstring,
    openwash/codecache.py), no JSON parser and no SBOM reader when the tree has no SBOM."""
    card = "---\nlicense: mit\nlibrary_name: transformers\n---\n# Tiny model\n\nTrained with `train.py`.\n"
    repo = make_repo({"LICENSE": PERMISSIVE, "README.md": card, "config.json": "{}\n", "train.py": ""}, True)
    argv = ["scan", str(repo), "-o", os.devnull]
    _imported(argv)  # the first run keeps the parsed data and compiled code the next one reads
    modules = _imported(argv)
    assert "openwash.engine" in modules and "yaml" in modules
    deferred = ("inspect", "ast", "dis", "tokenize") if sys.version_info < (3, 12) else ()
    unwanted = (*deferred, "json", "openwash.evidence.sbom", *HEAVY)
    assert not [m for m in unwanted if m in modules]


def test_the_console_scan_runs_the_cycle_collector_often_enough_to_bound_memory(tmp_path: Path) -> None:
    """The console script runs a scan with one collector pass per 50,000 new objects instead of
    700 (openwash/cli.py). That still frees cycles as a scan goes: an SPDX tag-value SBOM's parser
    (spdx-tools) leaves thousands of objects in cycles per file, which a disabled collector would
    keep to the end, however many SBOMs the tree has."""
    repo = tmp_path / "sboms"
    repo.mkdir()
    (repo / "LICENSE").write_text(PERMISSIVE)
    for i in range(16):
        (repo / f"part{i}.spdx").write_text(SPDX2_TAG_VALUE)
    probe = (
        "import gc, sys; from openwash import cli\n"
        "if sys.argv[2] == 'off': gc.disable()\n"
        "else: gc.set_threshold(cli.SHORT_RUN_GC_THRESHOLD)\n"
        "cli.main(['scan', sys.argv[1], '-o', '/dev/null']); print(gc.collect())"
    )
    left = {
        mode: int(
            subprocess.run(
                [sys.executable, "-c", probe, str(repo), mode], capture_output=True, text=True, check=True
            ).stdout
        )
        for mode in ("off", "console")
    }
    from openwash.cli import SHORT_RUN_GC_THRESHOLD as threshold

    assert left["off"] > 2 * threshold, f"the tree no longer makes many cycles: {left}"
    assert left["console"] < 2 * threshold, left

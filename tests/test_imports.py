"""The scan path (the pre-commit hook's path) never imports PyGithub, requests or spdx-tools."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import RESTRICTIVE

HEAVY = ("github", "requests", "spdx_tools", "huggingface_hub", "jsonschema", "rdflib")


def test_scan_imports_no_heavy_module(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"LICENSE": RESTRICTIVE, "README.md": "---\nlicense: mit\n---\n# M\n"}, weights=True)
    probe = (
        "import sys; from openwash.cli import main; main(['scan', sys.argv[1], '--format', 'json', '-o', '/dev/null']); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

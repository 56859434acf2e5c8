"""The components table's evidence (assess/components.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PERMISSIVE
from openwash.engine import scan

Repo = Callable[..., Path]


def test_a_line_that_links_several_checkpoints_is_evidence_once(make_repo: Repo) -> None:
    card = (
        "# Acme\n\n"
        "Download [the base checkpoint](https://example.org/acme/base.safetensors) or "
        "[the large one](https://example.org/acme/large.safetensors).\n\n"
        "The [small checkpoint](https://example.org/acme/small.ckpt) is here too.\n"
    )
    report = scan(str(make_repo({"LICENSE": PERMISSIVE, "README.md": card})))
    evidence = report.components["weights"].evidence
    assert report.components["weights"].present
    assert list(evidence) == ["README.md:3", "README.md:5"]

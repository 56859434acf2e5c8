"""Weights for the tiny repositories of these tests: one Git LFS pointer."""

from __future__ import annotations

from pathlib import Path

from conftest import LFS_POINTER

WEIGHTS = "model.safetensors"


def write(root: Path, files: dict[str, str], weights: bool = True) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    if weights:
        (root / WEIGHTS).write_text(LFS_POINTER)
    return root

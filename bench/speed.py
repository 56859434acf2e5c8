#!/usr/bin/env python3
"""Speed of `openwash scan`, from process start, on this machine (not a test: figures to read).

Measures, with the venv's own console script (no pyenv shim in front):
  - a typical model repository (a licence, a model card, 20 files): wall time from process start;
  - a tree of 100,000 files;
  - loading the SPDX licence index in a fresh process;
  - that PyGithub, requests and spdx-tools are not imported on the scan path.

usage: bench/speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BIN = Path(sys.executable).parent
LFS = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 4976698672\n"


def typical_repo(root: Path) -> Path:
    repo = root / "typical"
    repo.mkdir()
    shutil.copy(CORPUS / "llama-3.1-8b" / "LICENSE", repo / "LICENSE")
    shutil.copy(CORPUS / "llama-3.1-8b" / "README.md", repo / "README.md")
    for i in range(1, 5):
        (repo / f"model-0000{i}-of-00004.safetensors").write_text(LFS)
    (repo / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
    for name in (
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "model.safetensors.index.json",
    ):
        (repo / name).write_text("{}\n")
    for i in range(9):
        (repo / f"original_{i}.txt").write_text("x\n")
    return repo


def big_tree(root: Path, n: int = 100_000) -> Path:
    repo = root / "big"
    repo.mkdir()
    shutil.copy(CORPUS / "mixtral-8x7b" / "LICENSE", repo / "LICENSE")
    per_dir = 1000
    for d in range(n // per_dir):
        sub = repo / "data" / f"shard{d:03d}"
        sub.mkdir(parents=True)
        for i in range(per_dir):
            (sub / f"f{i}.txt").touch()
    return repo


def timed(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    exe = str(BIN / "openwash")
    py = sys.executable
    subprocess.run(
        [py, "-m", "openwash.licenses.spdx_index", "--build"], check=True, stdout=subprocess.DEVNULL
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        typical = typical_repo(root)
        t = timed([exe, "scan", str(typical)], args.runs)
        print(
            f"typical repo (licence, card, 20 files): median {statistics.median(t) * 1000:.0f} ms, "
            f"min {min(t) * 1000:.0f} ms over {args.runs} cold processes"
        )
        t = timed([py, "-c", "pass"], args.runs)
        print(f"  (bare interpreter start: median {statistics.median(t) * 1000:.0f} ms)")
        load = subprocess.run(
            [
                py,
                "-c",
                "import time; t=time.perf_counter(); "
                "from openwash.licenses.spdx_index import load_index; load_index(); "
                "print((time.perf_counter()-t)*1000)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"licence index load in a fresh process: {float(load.stdout):.1f} ms")
        probe = (
            f"import sys; from openwash.engine import scan; scan({str(typical)!r}); "
            "print(','.join(m for m in ('github', 'requests', 'spdx_tools', 'huggingface_hub') "
            "if m in sys.modules))"
        )
        mods = subprocess.run([py, "-c", probe], capture_output=True, text=True, check=True)
        print(f"heavy modules imported on the scan path: {mods.stdout.strip() or 'none'}")
        started = time.perf_counter()
        big = big_tree(root)
        print(f"(made a tree of 100,000 files in {time.perf_counter() - started:.1f} s)")
        t = timed([exe, "scan", str(big)], 3)
        print(f"tree of 100,000 files: median {statistics.median(t):.2f} s over 3 cold processes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

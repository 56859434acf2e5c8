#!/usr/bin/env python3
"""Cost of a scan on adversarial files, at growing sizes (not a test: figures to read).

For each shape, a repository whose LICENSE (or card line) is that shape repeated to n bytes is
scanned in-process; the table shows CPU seconds at each size and the ratio of the last two. A
linear scan doubles its time when the input doubles; a quadratic one quadruples it. The shapes
are the ones that made earlier versions take minutes on 60 KB: runs of punctuation, repeated
abbreviations, "[[[[", long words, lines of spaces, rule words repeated without an end.

usage: bench/hostile.py [--sizes 16000,32000,64000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openwash import engine

SHAPES = {
    "punctuation": ".",
    "abbreviations": "e.g. ",
    "brackets": "[",
    "link-opens": "[](",
    "spaces": " ",
    "long word": "share",
    "rule words": "you may not use the model to improve other models ",
    "definitions": "- a. ",
    "numbers": "1.",
}
WHERE = {"licence": ("LICENSE", ""), "card line": ("README.md", "---\nlicense: mit\n---\n# Model\n")}


def scan_time(root: Path, name: str, head: str, body: str) -> float:
    root.mkdir()
    (root / name).write_text(head + body + "\n", encoding="utf-8")
    (root / "model.safetensors").write_bytes(b"\0" * 16)
    t0 = time.process_time()
    engine.scan(str(root))
    return time.process_time() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16000,32000,64000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    engine.scan(tempfile.mkdtemp())  # load the licence index and rules before measuring
    print(f"{'file':<10} {'shape':<14} " + " ".join(f"{n:>9,}" for n in sizes) + "   ratio")
    with tempfile.TemporaryDirectory() as tmp:
        i = 0
        for where, (name, head) in WHERE.items():
            for shape, unit in SHAPES.items():
                times = []
                for n in sizes:
                    i += 1
                    body = (unit * (n // len(unit) + 1))[:n]
                    times.append(scan_time(Path(tmp) / f"r{i}", name, head, body))
                ratio = times[-1] / max(times[-2], 1e-6) if len(times) > 1 else 0.0
                print(
                    f"{where:<10} {shape:<14} " + " ".join(f"{t:>8.3f}s" for t in times) + f"   x{ratio:.1f}"
                )


if __name__ == "__main__":
    main()

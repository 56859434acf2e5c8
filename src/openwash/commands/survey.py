"""`openwash survey`: scan many repositories concurrently into one table or a Parquet dataset.

The targets come from a list file or a Hub listing query; the scans run on a thread pool here
(the default) or on a Dask cluster. The machinery is in `openwash.survey`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from openwash.commands._output import write_output
from openwash.survey import DEFAULT_MAX_WAIT, DEFAULT_RATE_LIMIT

if TYPE_CHECKING:
    from openwash.survey.dataset import DatasetWriter
    from openwash.survey.rows import Row
    from openwash.survey.targets import Item

__all__ = ["Progress", "Row"]


def __getattr__(name: str) -> Any:
    # The row lives in openwash.survey.rows, imported only when a survey runs (every
    # command module is imported to build the parser, `openwash scan`'s too).
    if name == "Row":
        from openwash.survey.rows import Row

        return Row
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


HELP = (
    "scan a list of repositories (hf:, gh:, folders) or a Hub listing concurrently into one table or dataset"
)
FORMATS = ("table", "csv", "json", "parquet")
BACKENDS = ("threads", "dask")
DEFAULT_JOBS = 8  # remote scans wait on the network, not the CPU: a few at once pays
DEFAULT_CONNECT_TIMEOUT = 10.0
_LICENCE_WIDTH = 40  # a long SPDX expression is cut in the table (csv and json keep it whole)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        help="list of repositories, one per line: hf:ORG/NAME[@REVISION], gh:OWNER/REPO[@REF] or a folder; "
        "'#' starts a comment; '-' reads standard input",
    )
    p.add_argument(
        "--hub-models",
        metavar="QUERY",
        help="survey the models a Hub listing returns instead of a list, e.g. "
        "'author=ORG,search=WORD,filter=TAG,sort=downloads,limit=10000' (from HF_ENDPOINT)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help=f"repositories scanned at once (default {DEFAULT_JOBS}; on a Dask cluster, its workers' threads)",
    )
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the survey to FILE instead of stdout (--format parquet: a folder of parts)",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="policy for every repository, instead of each one's own .openwash.yml",
    )
    p.add_argument("--offline", action="store_true", help="scan hf:/gh: repositories from the cache only")
    p.add_argument(
        "--backend",
        choices=BACKENDS,
        help="where the scans run: threads here (default), or Dask (--scheduler, else a local cluster)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run on the Dask cluster of this scheduler, e.g. tcp://10.0.0.5:8786 (default: $DASK_SCHEDULER_ADDRESS)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="--format parquet: continue the survey in the folder, skipping repositories it has",
    )
    p.add_argument(
        "--rate-limit",
        metavar="N/SECONDS",
        default=DEFAULT_RATE_LIMIT,
        help=f"Hub requests allowed for the whole survey, all workers together (default {DEFAULT_RATE_LIMIT})",
    )
    p.add_argument(
        "--max-wait",
        type=float,
        metavar="SECONDS",
        default=DEFAULT_MAX_WAIT,
        help=f"longest Retry-After of a 429 waited out (default {DEFAULT_MAX_WAIT:.0f}); past it the row says when to retry",
    )
    p.add_argument("--part-rows", type=int, default=None, help=argparse.SUPPRESS)  # rows per part (tests)
    p.add_argument("--connect-timeout", type=float, default=DEFAULT_CONNECT_TIMEOUT, help=argparse.SUPPRESS)


class Progress:
    """A bar on one line of stderr, redrawn in place; silent unless stderr is a terminal."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        self.total = total  # None: a Hub listing without a limit, counted as it streams
        self.stream = stream
        self.enabled = stream.isatty()
        self.done = 0
        self.failed = 0
        self.skipped = 0  # in the dataset already (--resume)
        self.start = time.monotonic()

    def skip(self) -> None:
        self.skipped += 1
        if self.total:
            self.total -= 1

    def update(self, row: Row) -> None:
        self.done += 1
        self.failed += row.error is not None
        if not self.enabled:
            return
        width = _terminal_width(self.stream) - 1
        failed = f", {self.failed} failed" if self.failed else ""
        rate = self.done / max(1e-9, time.monotonic() - self.start)
        if self.total:
            filled = round(20 * min(1.0, self.done / self.total))
            bar = "[" + "#" * filled + "." * (20 - filled) + "] "
            text = f"{bar}surveyed {self.done}/{self.total}{failed}: {row.target} ({rate:.1f}/s)"
        else:
            text = f"surveyed {self.done}{failed}: {row.target} ({rate:.1f}/s)"
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


def _items(args: argparse.Namespace) -> tuple[Iterator[Item], int | None]:
    """The targets as a stream, and how many there are when that is known beforehand."""
    from openwash.errors import OpenwashError
    from openwash.survey import targets

    if args.file and args.hub_models is not None:
        raise OpenwashError("give a list file or --hub-models, not both")
    if args.hub_models is not None:
        query = targets.parse_hub_query(args.hub_models)
        return targets.iter_hub(query), query.get("limit")
    if not args.file:
        raise OpenwashError("name a list file (or '-' for standard input), or a query with --hub-models")
    if args.format == "parquet" or args.file == "-":
        return targets.iter_list(args.file), None
    listed = list(targets.iter_list(args.file))  # a table is held whole anyway: count it for the bar
    if not listed:
        raise OpenwashError(f"{args.file}: no repositories listed")
    return iter(listed), len(listed)


def _unsurveyed(items: Iterator[Item], writer: DatasetWriter, progress: Progress) -> Iterator[Item]:
    """The items the dataset does not have yet (all of them, without --resume)."""
    for item in items:
        if writer.done(item):
            progress.skip()
        else:
            yield item


def _backend(args: argparse.Namespace) -> str:
    if args.backend:
        return str(args.backend)
    return "dask" if (args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")) else "threads"


def run(args: argparse.Namespace) -> int:
    from openwash import policy
    from openwash.errors import OpenwashError
    from openwash.survey import backends
    from openwash.survey.budget import RateLimit

    if args.jobs < 1:
        raise OpenwashError(f"--jobs {args.jobs}: give at least 1")
    if args.max_wait < 0:
        raise OpenwashError(f"--max-wait {args.max_wait}: give 0 or more seconds")
    if args.format == "parquet" and not args.output:
        raise OpenwashError("--format parquet writes a folder: name it with -o DIR")
    if args.resume and args.format != "parquet":
        raise OpenwashError("--resume continues a Parquet survey: add --format parquet -o DIR")
    backend = _backend(args)
    if args.scheduler and backend == "threads":
        raise OpenwashError("--scheduler runs on Dask: drop --backend threads")
    opts = backends.Options(
        config=policy.load_policy(None, policy.CLI_DEFAULTS, args.config) if args.config else None,
        offline=args.offline,
        limit=RateLimit.parse(args.rate_limit),
        max_wait=args.max_wait,
    )
    items, total = _items(args)
    progress = Progress(total, sys.stderr)
    writer = None
    if args.format == "parquet":
        from openwash.survey.dataset import DEFAULT_PART_ROWS, DatasetWriter

        writer = DatasetWriter(args.output, args.resume, args.part_rows or DEFAULT_PART_ROWS)
    dask = None
    rows_iter: Generator[Row, None, None] | None = None
    skipped = 0
    try:
        if writer is not None:
            items = _unsurveyed(items, writer, progress)
        if backend == "dask":
            address = args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
            dask = backends.DaskBackend(address, args.jobs, args.connect_timeout)
            rows_iter = dask.run(items, opts)
        else:
            rows_iter = backends.run_threads(items, args.jobs, opts)
        start = time.monotonic()
        rows: list[Row] = []
        count = failed = 0
        try:
            for row in rows_iter:
                progress.update(row)
                count += 1
                failed += row.error is not None
                if writer is not None:
                    writer.add(row)
                else:
                    rows.append(row)
        finally:
            progress.close()
            skipped = progress.skipped
        elapsed = time.monotonic() - start
    finally:
        if rows_iter is not None:
            rows_iter.close()  # its clean-up (the budget, the scheduler's state) runs now
        if writer is not None:
            writer.close()
        if dask is not None:
            dask.close()
    if not count and not skipped:
        raise OpenwashError(f"{args.file or '--hub-models'}: no repositories listed")
    if writer is None:
        rows.sort(key=lambda r: r.line)
        if args.format == "csv":
            text = render_csv(rows)
        elif args.format == "json":
            text = render_json(rows, elapsed)
        else:
            text = render_table(rows, elapsed)
        write_output(text, args.output)
    if failed:
        # After the whole survey: one repository's failure never ends it, but it is an input error.
        raise OpenwashError(
            f"{failed} of {count} repositories could not be scanned (the survey gives each reason)"
        )
    return 0

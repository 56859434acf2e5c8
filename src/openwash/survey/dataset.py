"""The survey as a Parquet dataset: a folder of parts, written as results arrive, resumable.

Layout: `DIR/part-000000.parquet`, `part-000001.parquet`, ... in the order written. A part is
written whole under a hidden temporary name and renamed, so a survey killed at any moment
leaves only whole parts (pandas, polars, DuckDB and pyarrow read `DIR` or `DIR/*.parquet`).
`DIR/.lock` keeps two surveys from writing one folder at once.

Resuming reads the parts' `target`, `revision` and `error` columns: a repository with a row
and no error is skipped (at the same commit, when the commit is known beforehand: a pinned
`@sha` or the Hub listing's); the others are surveyed again. When a repository was surveyed
again, its older rows are dropped at the end (the parts that held them are rewritten), so a
finished survey has each repository exactly once.

The schema is COLUMNS, documented in docs/survey.md; its version is in each part's metadata.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openwash import __version__
from openwash.errors import OpenwashError
from openwash.survey.rows import FINDING_KINDS, OTHER_KIND, Row

if TYPE_CHECKING:
    import pyarrow as pa

    from openwash.survey.targets import Item

SCHEMA_VERSION = "1"
PART = re.compile(r"^part-(\d{6})\.parquet$")
DEFAULT_PART_ROWS = 1000
FLUSH_SECONDS = 60.0  # a slow survey still saves its progress this often


def findings_column(kind: str) -> str:
    return "findings_" + kind.replace("-", "_")


def _columns() -> list[tuple[str, Callable[[], Any], Callable[[Row], Any], str]]:
    """(name, Arrow type, value of a row, meaning): the schema, in one place."""
    import pyarrow as pa

    cols: list[tuple[str, Callable[[], Any], Callable[[Row], Any], str]] = [
        (
            "target",
            pa.string,
            lambda r: r.target,
            "the repository as listed: hf:ORG/NAME[@REV], gh:OWNER/REPO[@REF] or a folder",
        ),
        ("line", pa.int64, lambda r: r.line, "its line in the list file, or its position in the Hub listing"),
        (
            "revision",
            pa.string,
            lambda r: r.revision,
            "the commit scanned (resolved sha); for a failure, the commit listed, if any",
        ),
        ("tier", pa.string, lambda r: r.tier, "openness tier; null when the scan failed"),
        (
            "license",
            pa.string,
            lambda r: r.licence,
            "the weights' terms as an expression (the licences found, without a model); 'none'",
        ),
        (
            "weights_licenses",
            lambda: pa.list_(pa.string()),
            lambda r: r.weights_licenses,
            "the licence ids of `license`",
        ),
        (
            "violated_clauses",
            lambda: pa.list_(pa.int32()),
            lambda r: r.violated,
            "OSD clauses with a violation",
        ),
        ("violations", pa.int32, lambda r: r.violations, "findings of severity violation"),
        (
            "mof_class",
            pa.string,
            lambda r: r.mof_class,
            "Model Openness Framework class I, II or III; null: unclassified",
        ),
        (
            "card_license",
            pa.string,
            lambda r: r.card_license,
            "the licence id the model card's `license:` label names",
        ),
        (
            "license_text",
            pa.bool_,
            lambda r: r.license_text,
            "the repository carries a licence text (a use policy is not one)",
        ),
        ("base_model", pa.string, lambda r: r.base_model, "the base model the card names"),
        ("error", pa.string, lambda r: r.error, "why the repository could not be scanned; null when it was"),
        ("seconds", pa.float64, lambda r: round(r.seconds, 3), "time the scan took"),
        (
            "surveyed_at",
            lambda: pa.timestamp("ms", tz="UTC"),
            lambda r: int(r.surveyed_at * 1000),
            "when the row was made",
        ),
    ]
    for kind in (*FINDING_KINDS, OTHER_KIND):
        cols.append(
            (
                findings_column(kind),
                pa.int32,
                _count(kind),
                f"findings of kind {kind}" if kind != OTHER_KIND else "findings of any other kind",
            )
        )
    return cols


def _count(kind: str) -> Callable[[Row], int]:
    return lambda row: row.findings.get(kind, 0)


def schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [pa.field(name, typ()) for name, typ, _, _ in _columns()],
        metadata={"openwash.survey.schema": SCHEMA_VERSION, "openwash.version": __version__},
    )


def column_docs() -> list[tuple[str, str, str]]:
    """(name, type, meaning) of every column, for the docs."""
    return [(name, str(typ()), doc) for name, typ, _, doc in _columns()]


def require_pyarrow(what: str) -> None:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise OpenwashError(f"{what} needs pyarrow: pip install 'openwash[scale]'") from exc


@dataclass
class Seen:
    revision: str | None
    ok: bool


def parts(folder: str) -> list[str]:
    """The dataset's parts, in the order they were written."""
    try:
        names = sorted(n for n in os.listdir(folder) if PART.match(n))
    except OSError as exc:
        raise OpenwashError(f"{folder}: cannot read ({exc.strerror or exc})") from exc
    return [os.path.join(folder, n) for n in names]


def read_columns(path: str, columns: list[str]) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=columns)
        version = (pq.read_schema(path).metadata or {}).get(b"openwash.survey.schema")
    except (OSError, ValueError, KeyError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise OpenwashError(
            f"{path}: not a part of an openwash survey ({' '.join(str(exc).split())[:200]})"
        ) from exc
    if version != SCHEMA_VERSION.encode():
        raise OpenwashError(f"{path}: written by another survey schema ({version!r}); start a new folder")
    return table


class DatasetWriter:
    """Rows into parts of `folder`; `resume` continues a survey already there."""

    def __init__(self, folder: str, resume: bool, part_rows: int = DEFAULT_PART_ROWS) -> None:
        require_pyarrow("--format parquet")
        self.folder = folder
        self.part_rows = max(1, part_rows)
        self.buffer: list[Row] = []
        self.last_flush = time.monotonic()
        self.written = 0
        self.again = 0  # repositories surveyed again (a failure retried, or a new commit)
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise OpenwashError(f"{folder}: not a folder; --format parquet writes a folder of parts")
        try:
            os.makedirs(folder, exist_ok=True)
            self._lock_fd = os.open(os.path.join(folder, ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OpenwashError(f"{folder}: cannot write ({exc.strerror or exc})") from exc
        import fcntl

        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self._lock_fd)
            raise OpenwashError(f"{folder}: another survey is writing this folder") from exc
        for name in os.listdir(folder):
            if name.startswith(".part-"):  # a part a killed survey did not finish
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
        existing = parts(folder)
        if existing and not resume:
            self.close_lock()
            raise OpenwashError(
                f"{folder}: holds a survey already ({len(existing)} parts); pass --resume to continue it, "
                "or name a new folder"
            )
        self.seen: dict[str, Seen] = {}
        for path in existing:
            table = read_columns(path, ["target", "revision", "error"])
            for target, revision, error in zip(
                table.column("target").to_pylist(),
                table.column("revision").to_pylist(),
                table.column("error").to_pylist(),
                strict=True,
            ):
                self.seen[target] = Seen(revision, error is None)
        self.next_part = int(PART.match(os.path.basename(existing[-1])).group(1)) + 1 if existing else 0  # type: ignore[union-attr]

    def close_lock(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._lock_fd)

    def done(self, item: Item) -> bool:
        """Is `item` in the dataset already (and not to be surveyed again)?"""
        seen = self.seen.get(item.target)
        if seen is None:
            return False
        if seen.ok and (item.revision is None or item.revision == seen.revision):
            return True
        self.again += 1
        return False

    def add(self, row: Row) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.part_rows or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        self._write([self._record(r) for r in self.buffer])
        self.written += len(self.buffer)
        self.buffer = []

    def _record(self, row: Row) -> dict[str, Any]:
        return {name: value(row) for name, _, value, _ in _columns()}

    def _write(self, records: list[dict[str, Any]] | pa.Table) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = records if isinstance(records, pa.Table) else pa.Table.from_pylist(records, schema=schema())
        name = f"part-{self.next_part:06d}.parquet"
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, os.path.join(self.folder, name))
        except OSError as exc:
            raise OpenwashError(f"{self.folder}: cannot write {name} ({exc.strerror or exc})") from exc
        self.next_part += 1

    def close(self) -> None:
        """Write what is left, drop rows superseded by a later one, release the folder."""
        try:
            self.flush()
            if self.again:
                self.compact()
        finally:
            self.close_lock()

    def compact(self) -> None:
        """Keep the last row of each repository: the parts holding older rows are rewritten (the
        new part first, then the old ones removed: a kill in between leaves a duplicate that the
        next --resume removes, never a loss)."""
        import pyarrow as pa

        paths = parts(self.folder)
        last: dict[str, tuple[int, int]] = {}
        sizes = []
        for p, path in enumerate(paths):
            targets = read_columns(path, ["target"]).column("target").to_pylist()
            sizes.append(len(targets))
            for i, target in enumerate(targets):
                last[target] = (p, i)
        keep: dict[int, list[int]] = {}
        for p, i in last.values():
            keep.setdefault(p, []).append(i)
        stale = [p for p in range(len(paths)) if len(keep.get(p, [])) < sizes[p]]
        if not stale:
            return
        import pyarrow.parquet as pq

        kept = [pq.read_table(paths[p]).take(pa.array(sorted(keep.get(p, [])), pa.int64())) for p in stale]
        merged = pa.concat_tables([t.cast(schema()) for t in kept])
        if merged.num_rows:
            self._write(merged)
        for p in stale:
            with contextlib.suppress(OSError):
                os.unlink(paths[p])


def read_dataset(folder: str, columns: list[str] | None = None) -> pa.Table:
    """Every row of the survey in `folder`, the last row of each repository only."""
    import pyarrow as pa

    require_pyarrow("survey-report")
    if not os.path.isdir(folder):
        raise OpenwashError(f"{folder}: no such folder")
    paths = parts(folder)
    if not paths:
        raise OpenwashError(f"{folder}: no survey parts (part-NNNNNN.parquet) in it")
    want = None if columns is None else list(dict.fromkeys(["target", *columns]))
    table = pa.concat_tables([read_columns(p, want or schema().names) for p in paths])
    targets = table.column("target").to_pylist()
    last = {t: i for i, t in enumerate(targets)}
    if len(last) < len(targets):
        table = table.take(pa.array(sorted(last.values()), pa.int64()))
    return table

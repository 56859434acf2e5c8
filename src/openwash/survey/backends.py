"""Where the scans run: a thread pool in this process (the default: one machine, no service), or
a Dask cluster (`dask.distributed`): one at an address, or a local one started for the survey.

Both take a stream of `Item`s and give back `Row`s as they finish, with a bounded number of
scans submitted ahead (a million-repository listing is never submitted at once), and both
scan through `rows.survey_one`, so a row does not depend on where it was made.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openwash.errors import OpenwashError
from openwash.survey import budget as hub_budget
from openwash.survey.rows import Row, survey_one
from openwash.survey.targets import Item, hub_endpoint

if TYPE_CHECKING:
    from openwash.policy import Policy

AHEAD = 4  # scans submitted per thread that can run them, so none waits for the next


@dataclass(frozen=True)
class Options:
    config: Policy | None
    offline: bool
    limit: hub_budget.RateLimit
    max_wait: float


def run_threads(items: Iterable[Item], jobs: int, opts: Options) -> Generator[Row, None, None]:
    """Scan on `jobs` threads of this process, all drawing on one budget of Hub requests."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    budget = hub_budget.LocalBudget(opts.limit)
    hub_budget.install(budget, hub_endpoint(), opts.max_wait, f"local-{uuid.uuid4().hex}")
    source = iter(items)
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            pending: set[Future[Row]] = set()
            exhausted = False
            while True:
                while not exhausted and len(pending) < jobs * AHEAD:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    else:
                        pending.add(pool.submit(survey_one, item, opts.config, opts.offline))
                if not pending:
                    return
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
    finally:
        hub_budget.uninstall()


def scan_on_worker(item: Item, opts: Options, budget: hub_budget.SharedBudget) -> Row:
    """A Dask task: one repository, its Hub requests drawn from the survey's shared budget."""
    budget.bind()
    hub_budget.install(budget, hub_endpoint(), opts.max_wait, budget.name)
    return survey_one(item, opts.config, opts.offline)


def _worker_endpoint() -> str:
    return hub_endpoint()


class DaskBackend:
    """A Dask client: connected to `address`, or to a local cluster it starts and stops."""

    def __init__(self, address: str | None, jobs: int, connect_timeout: float) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise OpenwashError(
                "--backend dask needs dask.distributed: pip install 'openwash[scale]'"
            ) from exc
        # The CLI's stderr is its own: the cluster's log lines stay below errors.
        for name in ("distributed", "dask", "tornado"):
            logging.getLogger(name).setLevel(logging.ERROR)
        self.cluster: Any = None
        self.address = address
        try:
            if address is None:
                workers = max(1, min(os.cpu_count() or 1, jobs))
                self.cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=max(1, -(-jobs // workers)),
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # No dashboard; the scheduler's own HTTP endpoints on any free loopback port,
                    # not on 8787 (another cluster may hold it).
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self.cluster, timeout=connect_timeout)
            else:
                self.client = distributed.Client(address, timeout=connect_timeout)
        except (OSError, ValueError, TypeError) as exc:
            self.close()
            where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise OpenwashError(f"cannot reach {where} ({reason})") from exc

    def threads(self) -> int:
        return sum(self.client.nthreads().values())

    def check_endpoint(self) -> None:
        """The workers must scan the Hub the listing comes from (each reads its own HF_ENDPOINT)."""
        here = hub_endpoint()
        theirs = set(self.client.run(_worker_endpoint).values())
        if theirs and theirs != {here}:
            raise OpenwashError(
                f"the Dask workers use HF_ENDPOINT {', '.join(sorted(theirs))}, this survey {here}: "
                "start them with the same HF_ENDPOINT"
            )

    def run(self, items: Iterable[Item], opts: Options) -> Generator[Row, None, None]:
        from distributed import as_completed

        if not self.client.nthreads():
            where = self.address or "the local cluster"
            raise OpenwashError(
                f"the Dask scheduler at {where} has no workers; start some with `dask worker`"
            )
        self.check_endpoint()
        name = f"openwash-hub-budget-{uuid.uuid4().hex}"
        budget = hub_budget.SharedBudget.create(name, opts.limit)
        # The listing, read here, spends the same budget as the workers' scans.
        hub_budget.install(budget, hub_endpoint(), opts.max_wait, name)
        window = max(16, self.threads() * AHEAD)
        source = iter(items)
        pending: dict[str, Item] = {}
        done = as_completed()

        def submit() -> bool:
            item = next(source, None)
            if item is None:
                return False
            future = self.client.submit(
                scan_on_worker, item, opts, budget, key=f"openwash-scan-{uuid.uuid4().hex}", pure=False
            )
            pending[future.key] = item
            done.add(future)
            return True

        try:
            while len(pending) < window and submit():
                pass
            for future in done:
                item = pending.pop(future.key)
                try:
                    row = future.result()
                except Exception as exc:  # the worker died, or the task could not run there
                    row = Row(item.line, item.target, revision=item.revision)
                    row.surveyed_at = time.time()
                    row.error = (
                        f"the Dask task failed: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
                    )
                future.release()
                yield row
                submit()
        finally:
            for future in list(done.futures):
                future.cancel()
            hub_budget.uninstall()
            with contextlib.suppress(Exception):  # the scheduler went away: nothing left to clean
                hub_budget.SharedBudget.delete(name)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()

"""Engine "local": ingest with worker processes that each load the pipeline once and read and
extract chunks of units, stored in input order by one writer (this process).

Takes paths (as `rapsheet.jobs.ingest`) and a Store; gives an `IngestSummary`, with the pages
skipped as no article counted by reason and the peak memory (RSS) of every worker.

    summary = ingest_local(["crawl.warc.gz"], store, workers=2)

Units (`rapsheet.jobs.units`) travel in chunks, and at most `WINDOW_PER_WORKER` chunks a worker
are in flight at a time, so a crawl of any size streams through bounded queues. A large batch
starts with larger chunks, which the workers read while this process loads what resolution
needs (`_warm_writer`). With one worker there is no pool: this process reads, extracts and
writes.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import chain, islice
from typing import Any

from rapsheet.jobs.units import CHUNK_UNITS, Unit, chunked, split_units
from rapsheet.jobs.worker import ChunkResult, ExtractWorker, peak_rss_kb
from rapsheet.jobs.writer import IngestSummary, WorkerStats, record_result
from rapsheet.settings import Settings, settings as current_settings
from rapsheet.store import Store

#: Chunks in flight per worker. Results are stored in input order, so while the oldest chunk is
#: still being read the other workers go on only with what is in flight: four a worker keep them
#: busy past a chunk of long articles, and still bound what is held to a few dozen articles.
WINDOW_PER_WORKER = 4
#: How much larger than the others the first chunks of a large batch are: enough for the
#: workers to read while this process warms up (`_warm_writer`).
FIRST_CHUNK_FACTOR = 6


# Worker processes keep their ExtractWorker here: built once by the pool's initializer.
_process_worker: ExtractWorker | None = None

#: Seconds between a worker's checks that its parent still lives (where the kernel cannot tell it).
PARENT_POLL_S = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this worker process end when `parent_pid` does, however that ends (TERM, kill -9):
    a worker blocked on the pool's queue would otherwise wait forever, holding its pipeline.

    On Linux the kernel sends SIGKILL at the parent's death (PR_SET_PDEATHSIG); everywhere a
    daemon thread also polls the parent id. A parent already gone before either was set up is
    seen at once, as the worker now has another parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="rapsheet-parent-watch", daemon=True).start()


def _init_process(options: dict, parent_pid: int | None = None) -> None:
    global _process_worker
    if parent_pid is not None:
        die_with_parent(parent_pid)
    _process_worker = ExtractWorker(**options)


def _stop_pool(pool) -> None:
    """End a pool at once: queued chunks cancelled, workers terminated (not waited for), so an
    interrupted ingest leaves no worker behind. What was stored stays stored."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


class _TermAsExit:
    """Within the block, SIGTERM raises SystemExit(143) in the main thread, so the pool is stopped
    on the way out instead of the process dying with its workers still running."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            def on_term(signum, frame):
                raise SystemExit(128 + signum)
            self.previous = signal.signal(signal.SIGTERM, on_term)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _warm_writer() -> None:
    """Load what this process (the writer) needs for entity resolution while the workers load
    their pipelines: rigour's tables of given names take ~7 CPU seconds and hold the
    interpreter lock throughout. Loaded instead with the first pair of names that needs them,
    early in a batch, they stopped this process handing out chunks, and the workers stood idle
    for seconds (measured: one core idle ~6 s of a 52 s ingest of 600 releases). A short pause
    first lets the pool's feeder thread queue the first chunks for the workers."""
    from rapsheet.resolve.names import load_name_tables

    time.sleep(0.05)
    load_name_tables()


def _run_in_process(units: list[Unit]) -> ChunkResult:
    assert _process_worker is not None, "the pool's initializer did not run"
    return _process_worker.run(units)


def ingest_local(paths: list[str], store: Store, workers: int = 2, published: dt.date | None = None,
                 clean: bool = True, since: dt.date | None = None,
                 progress: Callable[[str], None] | None = None, settings: Settings | None = None,
                 chunk_units: int = CHUNK_UNITS) -> IngestSummary:
    """Ingest `paths` with `workers` worker processes (1: in this process, no pool); see the
    module docstring."""
    settings = settings or current_settings()
    summary = IngestSummary()
    skipped: Counter = Counter()
    stats: dict[tuple[str, int], WorkerStats] = {}
    units = split_units(paths, settings, skipped, published, clean)
    options: dict[str, Any] = {"settings": settings, "published": published, "clean": clean, "since": since}

    def drain_skipped() -> None:
        summary.skipped.update(skipped)
        skipped.clear()

    if workers <= 1:
        worker = ExtractWorker(store=store, **options)
        # Chunks as a pool's, so that nlp.pipe batches them; each article is still stored whole
        # in its own transaction, so a kill loses at most the chunk in hand, never part of one.
        for chunk in chunked(units, chunk_units):
            record_result(store, summary, worker.run(chunk), progress, stats)
            drain_skipped()
    else:
        # spawn, not fork: the parent holds database connections and maybe threads, which a
        # forked child must not inherit.
        # Workers die with this process (`die_with_parent`), and a TERM or an error here stops
        # them at once (`_stop_pool`): an interrupted ingest leaves no worker behind.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_process,
                                   initargs=({**options, "store_url": store.shareable_url(),
                                              "preload": True}, os.getpid()))
        try:
            with _TermAsExit():
                # A batch large enough to be worth it starts with larger chunks, as many as the
                # pool queues for its workers at once: the workers read them while this process
                # warms up for resolution (`_warm_writer`), which stops it handing out more.
                first = (workers + 1) * chunk_units * FIRST_CHUNK_FACTOR
                head = list(islice(units, first))
                large = len(head) == first
                chunks = chunked(chain(head, units), chunk_units, first=workers + 1 if large else 0,
                                 first_size=chunk_units * FIRST_CHUNK_FACTOR)
                pending: deque = deque()
                for number, chunk in enumerate(chunks, 1):
                    pending.append(pool.submit(_run_in_process, chunk))
                    if large and number == workers + 1:
                        _warm_writer()
                    while len(pending) >= workers * WINDOW_PER_WORKER:
                        record_result(store, summary, pending.popleft().result(), progress, stats)
                        drain_skipped()
                while pending:
                    record_result(store, summary, pending.popleft().result(), progress, stats)
                    drain_skipped()
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    drain_skipped()
    summary.workers = [s.to_json() for s in sorted(stats.values(), key=lambda s: s.pid)]
    summary.peak_rss_mb = round(peak_rss_kb() / 1024, 1)
    return summary

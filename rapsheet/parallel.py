"""Ingest over many workers: inputs split into small units of work, read and extracted by worker
processes that each load the pipeline once, stored in input order by one writer (the caller).

Takes paths (as `rapsheet.run.ingest`) and a Store; gives an `IngestSummary`, with the pages
skipped as no article counted by reason and the peak memory (RSS) of every worker.

    summary = ingest_parallel(["crawl.warc.gz"], store, workers=2)

How the work is cut: a plain file is one unit; a WARC archive is scanned here, from record headers
only, and each HTML page becomes a unit that names its file and byte offset (`ingest.warc`), so a
unit is a few hundred bytes whatever the page; a URL list gives a unit per URL. Units travel in
chunks, and at most `window` chunks are in flight at a time, so a crawl of any size streams
through bounded queues. Workers check the store for an article's content hash before extracting
it, so a rerun after a crash skips what is already stored. `ExtractWorker` is the code every
engine runs — in this process (one worker), in a process pool (`ingest_parallel`), or in Ray actors
(`rapsheet.engine_ray`).
"""
from __future__ import annotations

import datetime as dt
import os
import resource
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from rapsheet.errors import InputError
from rapsheet.ingest import Failure, expand_paths, read_path
from rapsheet.ingest.failure import one_line
from rapsheet.model import Article, Document
from rapsheet.settings import Settings, settings as current_settings

#: Units per chunk sent to a worker: enough to amortise the round trip, few enough that the
#: workers stay evenly loaded at the end of a batch.
CHUNK_UNITS = 4
#: Chunks in flight per worker. Results are stored in input order, so while the oldest chunk is
#: still being read the other workers go on only with what is in flight: four a worker keep them
#: busy past a chunk of long articles, and still bound what is held to a few dozen articles.
WINDOW_PER_WORKER = 4


@dataclass(slots=True, frozen=True)
class Unit:
    """One piece of work: `kind` path (a whole file), warc (one page of an archive, a
    `WarcPage`), url (`(url, source)`) or item (an Article or Failure already read here)."""
    kind: str
    target: Any


@dataclass(slots=True, frozen=True)
class Stored:
    """An article already in the store: it was not extracted again."""
    source: str
    article_id: str


@dataclass(slots=True)
class ChunkResult:
    """What a worker gives back for one chunk: one outcome per item, in order, and its counts."""
    outcomes: list[Document | Failure | Stored]
    skipped: dict[str, int]
    pid: int
    peak_rss_kb: int
    seconds: float
    node: str | None = None   # the Ray node that ran it (`rapsheet.engine_ray`); None here


def split_units(paths: list[str], settings: Settings | None = None,
                skipped: Counter | None = None, published: dt.date | None = None,
                clean: bool = True) -> Iterator[Unit]:
    """The units of work of the inputs, in input order. Raises UsageError for a missing path."""
    from rapsheet.ingest.sources import STDIN, streamed_kind
    from rapsheet.ingest.urls import url_lines
    from rapsheet.ingest.warc import scan_warc

    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    for path in expand_paths(list(paths)):
        try:
            kind = streamed_kind(path)
            if path == STDIN:
                # Standard input belongs to this process: read it here.
                for item in read_path(path, settings=settings, skipped=skipped,
                                      published=published, clean=clean):
                    yield Unit("item", item)
            elif kind == "warc":
                for page in scan_warc(path, settings=settings, skipped=skipped):
                    yield Unit("item", page) if isinstance(page, Failure) else Unit("warc", page)
            elif kind == "urls":
                if os.path.getsize(path) > settings.max_input_bytes:
                    yield Unit("item", Failure(path, "size", "URL list over the size limit"))
                    continue
                with open(path, "rb") as handle:
                    for number, url in url_lines(handle.read()):
                        yield Unit("url", (url, f"{path}:{number}"))
            else:
                yield Unit("path", path)
        except OSError as exc:
            yield Unit("item", Failure(path, "read", one_line(f"cannot read: {exc.strerror or exc}")))
        except Exception as exc:  # bad content never stops a batch
            yield Unit("item", Failure(path, "read", f"unexpected {type(exc).__name__}"))


def chunked(units: Iterable[Unit], size: int = CHUNK_UNITS) -> Iterator[list[Unit]]:
    iterator = iter(units)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _peak_rss_kb() -> int:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if os.uname().sysname == "Darwin" else peak


class ExtractWorker:
    """Reads and extracts units: the pipeline loaded once, the store consulted (read only) so that
    what is stored already is not extracted again. The same in every engine."""

    def __init__(self, settings: Settings | None = None, store_url: str | None = None,
                 published: dt.date | None = None, clean: bool = True,
                 since: dt.date | None = None, store=None, preload: bool = False):
        self.settings = settings or current_settings()
        self.published, self.clean, self.since = published, clean, since
        self._nlp = None
        if preload:
            _ = self.nlp
        self.store = store
        if store is None and store_url:
            from rapsheet.store import open_store
            self.store = open_store(store_url, migrate=False)
        self._client = None

    @property
    def nlp(self):
        # Loaded on first need: a rerun that finds everything stored never pays for it.
        if self._nlp is None:
            from rapsheet.nlp.pipeline import get_pipeline
            self._nlp = get_pipeline(self.settings.spacy_model)
        return self._nlp

    def _url_client(self):
        if self._client is None:
            from rapsheet.ingest.fetch import client

            self._client = client(self.settings)
        return self._client

    def read_unit(self, unit: Unit, skipped: Counter) -> Iterator[Article | Failure]:
        options = {"published": self.published, "clean": self.clean, "settings": self.settings}
        if unit.kind == "item":
            yield unit.target
        elif unit.kind == "path":
            try:
                yield from read_path(unit.target, skipped=skipped, **options)
            except Exception as exc:  # bad content never stops a batch
                yield Failure(unit.target, "read", one_line(f"unexpected {type(exc).__name__}: {exc}", 120))
        elif unit.kind == "warc":
            from rapsheet.ingest.warc import read_warc_record
            item = read_warc_record(unit.target, skipped=skipped, **options)
            if item is not None:
                yield item
        elif unit.kind == "url":
            from rapsheet.ingest.urls import read_url_item
            url, source = unit.target
            item = read_url_item(url, source, client=self._url_client(), skipped=skipped, **options)
            if item is not None:
                yield item
        else:
            raise ValueError(f"unknown unit kind {unit.kind!r}")

    def extract(self, item: Article | Failure, skipped: Counter) -> Document | Failure | Stored | None:
        """The outcome of one item; None when it is skipped (published before `since`)."""
        from rapsheet.nlp.pipeline import extract_document

        if isinstance(item, Failure):
            return item
        if self.since and item.published and item.published < self.since:
            skipped["published before --since"] += 1
            return None
        if self.store is not None and self.store.has(item.content_hash):
            return Stored(item.source, item.id)
        try:
            return extract_document(item, self.nlp)
        except Exception as exc:  # a bad article never stops the batch
            return Failure(item.source, "nlp", one_line(f"{type(exc).__name__}: {exc}"))

    def _extract_batch(self, articles: list[Article], skipped: Counter) -> list:
        from rapsheet.nlp.pipeline import extract_documents

        if not articles:
            return []
        try:
            return list(extract_documents(articles, self.nlp, batch_size=len(articles)))
        except Exception:  # one bad article: read them one by one, so only it fails
            return [self.extract(a, skipped) for a in articles]

    def run(self, units: list[Unit]) -> ChunkResult:
        started = time.perf_counter()
        skipped: Counter = Counter()
        outcomes: list = []
        pending: list[tuple[int, Article]] = []
        for unit in units:
            for item in self.read_unit(unit, skipped):
                if isinstance(item, Article) and not (self.since and item.published and item.published < self.since) \
                        and not (self.store is not None and self.store.has(item.content_hash)):
                    # Articles to read go through nlp.pipe together: batching is what makes the
                    # model's networks fast.
                    pending.append((len(outcomes), item))
                    outcomes.append(None)
                    continue
                outcome = self.extract(item, skipped)
                if outcome is not None:
                    outcomes.append(outcome)
        for (slot, _), document in zip(pending, self._extract_batch([a for _, a in pending], skipped)):
            outcomes[slot] = document
        outcomes = [o for o in outcomes if o is not None]
        return ChunkResult(outcomes, dict(skipped), os.getpid(), _peak_rss_kb(),
                           time.perf_counter() - started)


# --- the writer --------------------------------------------------------------------------------

@dataclass(slots=True)
class WorkerStats:
    pid: int
    node: str | None = None
    chunks: int = 0
    items: int = 0
    seconds: float = 0.0
    peak_rss_kb: int = 0

    def to_json(self) -> dict:
        out = {"pid": self.pid, "chunks": self.chunks, "items": self.items,
               "busy_seconds": round(self.seconds, 2), "peak_rss_mb": round(self.peak_rss_kb / 1024, 1)}
        if self.node is not None:
            out["node"] = self.node
        return out


def record_result(store, summary, result: ChunkResult, progress: Callable[[str], None] | None = None,
                  workers: dict[tuple, WorkerStats] | None = None) -> None:
    """Store one chunk's outcomes in order (this process is the one writer) and count them."""
    from rapsheet.run import _fail

    summary.skipped.update(result.skipped)
    if workers is not None:
        # By node and pid: on a cluster two machines' workers may have the same pid.
        stats = workers.setdefault((result.node or "", result.pid), WorkerStats(result.pid, result.node))
        stats.chunks += 1
        stats.items += len(result.outcomes)
        stats.seconds += result.seconds
        stats.peak_rss_kb = max(stats.peak_rss_kb, result.peak_rss_kb)
    for outcome in result.outcomes:
        summary.read += 1
        if isinstance(outcome, Failure):
            _fail(store, summary, outcome)
            source = outcome.source
        elif isinstance(outcome, Stored):
            summary.duplicate += 1
            summary.article_ids.append(outcome.article_id)
            source = outcome.source
        else:
            source = outcome.article.source
            try:
                added = store.add(outcome)
            except InputError as exc:   # content the store refuses fails alone
                _fail(store, summary, Failure(source, exc.stage, one_line(exc.detail)))
            else:
                summary.new += int(added.new)
                summary.duplicate += int(not added.new)
                summary.article_ids.append(added.article_id)
        if progress:
            progress(source)


def shareable_url(store) -> str | None:
    """The store's URL when other processes can open the same database (not SQLite in memory)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


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
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

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
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            def on_term(signum, frame):
                raise SystemExit(128 + signum)
            self.previous = signal.signal(signal.SIGTERM, on_term)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _run_in_process(units: list[Unit]) -> ChunkResult:
    assert _process_worker is not None, "the pool's initializer did not run"
    return _process_worker.run(units)


def ingest_parallel(paths: list[str], store, workers: int = 2, published: dt.date | None = None,
                    clean: bool = True, since: dt.date | None = None,
                    progress: Callable[[str], None] | None = None, settings: Settings | None = None,
                    chunk_units: int = CHUNK_UNITS):
    """Ingest `paths` with `workers` worker processes (1: in this process, no pool); see the
    module docstring."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from rapsheet.run import IngestSummary

    settings = settings or current_settings()
    summary = IngestSummary()
    skipped: Counter = Counter()
    stats: dict[tuple, WorkerStats] = {}
    units = split_units(paths, settings, skipped, published, clean)
    options = {"settings": settings, "published": published, "clean": clean, "since": since}

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
                                   initargs=({**options, "store_url": shareable_url(store),
                                              "preload": True}, os.getpid()))
        try:
            with _TermAsExit():
                pending: deque = deque()
                for chunk in chunked(units, chunk_units):
                    pending.append(pool.submit(_run_in_process, chunk))
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
    summary.peak_rss_mb = round(_peak_rss_kb() / 1024, 1)
    return summary

"""The one writer of an ingest: the process that stores every chunk's outcomes, in input order,
and counts them in an `IngestSummary` (read, new, duplicate, failed, skipped by reason, and each
worker's items, copies not read again, busy time and peak memory).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from rapsheet.errors import InputError
from rapsheet.ingest import Failure
from rapsheet.ingest.failure import one_line
from rapsheet.jobs.worker import ChunkResult, Stored
from rapsheet.store import Store


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)   # records that held no article, by reason
    not_read: Counter = field(default_factory=Counter)  # new articles stored unread, by reason
    reread: int = 0                                     # articles stored unread, now read fully
    workers: list[dict] = field(default_factory=list)   # per worker: items, busy time, peak RSS
    peak_rss_mb: float | None = None                    # of the writing process

    def to_json(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "failed": self.failed, "skipped": dict(sorted(self.skipped.items())),
                "not_read": dict(sorted(self.not_read.items())), "reread": self.reread,
                "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason}
                             for f in self.failures],
                "workers": self.workers, "peak_rss_mb": self.peak_rss_mb}


@dataclass(slots=True)
class WorkerStats:
    pid: int
    node: str | None = None
    chunks: int = 0
    items: int = 0
    copies: int = 0            # items given the Document of a copy read before (`ExtractWorker`)
    seconds: float = 0.0
    peak_rss_kb: int = 0

    def to_json(self) -> dict:
        out: dict = {"pid": self.pid, "chunks": self.chunks, "items": self.items, "copies": self.copies,
                     "busy_seconds": round(self.seconds, 2), "peak_rss_mb": round(self.peak_rss_kb / 1024, 1)}
        if self.node is not None:
            out["node"] = self.node
        return out


def _fail(store: Store, summary: IngestSummary, failure: Failure) -> None:
    summary.failed += 1
    summary.failures.append(failure)
    store.add_failure(failure.source, failure.stage, failure.reason)


def record_result(store: Store, summary: IngestSummary, result: ChunkResult,
                  progress: Callable[[str], None] | None = None,
                  workers: dict[tuple[str, int], WorkerStats] | None = None) -> None:
    """Store one chunk's outcomes in order (this process is the one writer) and count them."""
    summary.skipped.update(result.skipped)
    if workers is not None:
        # By node and pid: on a cluster, two machines' workers may have the same pid.
        stats = workers.setdefault((result.node or "", result.pid), WorkerStats(result.pid, result.node))
        stats.chunks += 1
        stats.items += len(result.outcomes)
        stats.copies += result.copies
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
                if added.new and outcome.article.not_read:
                    summary.not_read[outcome.article.not_read] += 1
                summary.article_ids.append(added.article_id)
        if progress:
            progress(source)

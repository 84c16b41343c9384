"""The library's jobs over many inputs: extract (nothing stored) and ingest (stored).

The CLI and the API call these; they hold no logic of their own.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapsheet.errors import RapsheetError, UsageError
from rapsheet.ingest import Failure, read_inputs
from rapsheet.model import Article, Document


def _article_only(article: Article) -> dict:
    return Document(article=article).to_json()


def extract(paths: list[str], published: dt.date | None = None, clean: bool = True,
            only: str | None = None, batch_size: int = 8) -> Iterator[dict]:
    """One contract document per input article, in input order; a failed input gives
    `{"source": ..., "error": ...}` in its place."""
    items = read_inputs(paths, published=published, clean=clean)
    if only == "article":
        for item in items:
            yield _failure_json(item) if isinstance(item, Failure) else _article_only(item)
        return
    yield from _extract_items(items, batch_size)


def _failure_json(failure: Failure) -> dict:
    return {"source": failure.source, "error": failure.reason}


def _extract_items(items: Iterable[Article | Failure], batch_size: int) -> Iterator[dict]:
    from rapsheet.nlp.pipeline import extract_document, get_pipeline

    nlp = get_pipeline()
    batch: list[Article | Failure] = []

    def flush() -> Iterator[dict]:
        for item in batch:
            if isinstance(item, Failure):
                yield _failure_json(item)
                continue
            try:
                yield extract_document(item, nlp).to_json()
            except Exception as exc:  # a bad article never stops the batch
                yield {"source": item.source, "error": f"nlp failed: {type(exc).__name__}: {exc}"}
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)   # records that held no article, by reason
    workers: list[dict] = field(default_factory=list)   # per worker: items, busy time, peak RSS
    peak_rss_mb: float | None = None                    # of the writing process

    def to_json(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "failed": self.failed, "skipped": dict(sorted(self.skipped.items())),
                "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason}
                             for f in self.failures],
                "workers": self.workers, "peak_rss_mb": self.peak_rss_mb}


ENGINES = ("local", "ray")


def ingest(paths: list[str], store=None, published: dt.date | None = None, clean: bool = True,
           progress: Callable[[str], None] | None = None, workers: int = 1, engine: str = "local",
           since: dt.date | None = None) -> IngestSummary:
    """Read, extract and store every input; bad content becomes a stored failure and the batch
    goes on. An article already stored (same normalised content) is not read again.

    `workers` processes read and extract (this process alone writes, in input order); `engine`
    "ray" runs them as Ray actors (`rapsheet.engine_ray`). `since`: articles published before
    this date are skipped (those without a date are kept)."""
    from rapsheet.store import open_store

    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {workers}")
    store = store or open_store()
    if engine == "ray":
        from rapsheet.engine_ray import ingest_ray
        return ingest_ray(paths, store, workers=workers, published=published, clean=clean,
                          since=since, progress=progress)
    from rapsheet.parallel import ingest_parallel
    return ingest_parallel(paths, store, workers=workers, published=published, clean=clean,
                           since=since, progress=progress)


def _fail(store, summary: IngestSummary, failure: Failure) -> None:
    summary.failed += 1
    summary.failures.append(failure)
    store.add_failure(failure.source, failure.stage, failure.reason)


def parse_date(value: str | None) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RapsheetError(f"not a date in YYYY-MM-DD form: {value!r}") from None

"""The library's jobs over many inputs: extract (nothing stored) and ingest (stored).

The CLI and the API call these; they hold no logic of their own.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapsheet.errors import RapsheetError
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

    def to_json(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "failed": self.failed,
                "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason}
                             for f in self.failures]}


def ingest(paths: list[str], store=None, published: dt.date | None = None, clean: bool = True,
           progress: Callable[[str], None] | None = None) -> IngestSummary:
    """Read, extract and store every input; bad content becomes a stored failure and the batch
    goes on. An article already stored (same normalised content) is not read again."""
    from rapsheet.nlp.pipeline import extract_document, get_pipeline
    from rapsheet.store import open_store

    store = store or open_store()
    summary = IngestSummary()
    nlp = None
    for item in read_inputs(paths, published=published, clean=clean):
        summary.read += 1
        if isinstance(item, Failure):
            _fail(store, summary, item)
        elif store.has(item.content_hash):
            summary.duplicate += 1
            summary.article_ids.append(item.id)
        else:
            nlp = nlp or get_pipeline()
            try:
                document = extract_document(item, nlp)
            except Exception as exc:  # a bad article never stops the batch
                _fail(store, summary, Failure(item.source, "nlp", f"{type(exc).__name__}: {exc}"))
                continue
            result = store.add(document)
            summary.new += int(result.new)
            summary.duplicate += int(not result.new)
            summary.article_ids.append(result.article_id)
        if progress:
            progress(getattr(item, "source", ""))
    return summary


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

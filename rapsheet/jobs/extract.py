"""The extract job: inputs in, one contract document (`Document.to_json()`) per article out, in
input order; nothing is stored. A failed input gives `{"source": ..., "error": ...}` in its place.
Every article given is read fully, whatever triage would say of it; one in another language is
not read (its document holds the article, `not_read: "language xx"`, and the names it gives).

    for doc in extract(["release.html", "crawl.warc.gz"]):
        print(doc["entities"])
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from rapsheet.ingest import Failure, read_inputs
from rapsheet.model import Article, Document
from rapsheet.unread import unread_document, why_not_read


def extract(paths: list[str], published: dt.date | None = None, clean: bool = True,
            only: str | None = None, batch_size: int = 8) -> Iterator[dict]:
    """One contract document per input article, in input order; a failed input gives
    `{"source": ..., "error": ...}` in its place. `only="article"`: stop after reading and
    cleaning (the document holds the article alone, and spaCy is never loaded)."""
    items = read_inputs(paths, published=published, clean=clean)
    if only == "article":
        for item in items:
            yield _failure_json(item) if isinstance(item, Failure) else Document(article=item).to_json()
        return
    yield from _extract_items(items, batch_size)


def _failure_json(failure: Failure) -> dict:
    return {"source": failure.source, "error": failure.reason}


def _extract_items(items: Iterable[Article | Failure], batch_size: int) -> Iterator[dict]:
    # spaCy is heavy: loaded when a job extracts, not when one is imported (`--only article`).
    from rapsheet.nlp.pipeline import extract_document, get_pipeline

    nlp = get_pipeline()
    batch: list[Article | Failure] = []

    def flush() -> Iterator[dict]:
        for item in batch:
            if isinstance(item, Failure):
                yield _failure_json(item)
                continue
            reason = why_not_read(item, triage_on=False)
            if reason is not None:
                yield unread_document(item, reason).to_json()
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

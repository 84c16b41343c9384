"""The read-on-demand job: articles stored unread (`not_read`: off-topic by triage) are read fully
now, and their reading replaces what was stored of them.

    summary = read_unread(store)                       # every article stored off-topic
    summary = read_unread(store, ["3f2a9c0d1e7b6a55"]) # these articles, whatever their reason

An article in a language rapsheet does not read stays unread when named by id too: reading it
with the English pipeline would invent facts. Takes a Store; gives an `IngestSummary` whose
`reread` counts the articles read, and whose failures are those the pipeline failed on.
"""
from __future__ import annotations

from collections.abc import Callable

from rapsheet.ingest import Failure
from rapsheet.ingest.failure import one_line
from rapsheet.jobs.writer import IngestSummary
from rapsheet.model import OFF_TOPIC, Article, Document
from rapsheet.store import Store
from rapsheet.unread import READ_LANGUAGE

#: Articles read per batch (one nlp.pipe batch, then stored one by one).
BATCH = 8


def stored_article(row: dict) -> Article:
    """The Article of a row of `Store.unread`, to read again."""
    return Article(source=row["source"], text=row["text"], title=row["title"], url=row["url"],
                   published=row["published"], author=row["author"], language=row["language"])


def read_unread(store: Store, article_ids: list[str] | None = None,
                progress: Callable[[str], None] | None = None) -> IngestSummary:
    """Read fully the articles stored off-topic (or those of `article_ids` stored unread for any
    reason but a language rapsheet does not read), and store their reading."""
    from rapsheet.nlp.pipeline import extract_document, get_pipeline  # spaCy: loaded only here

    summary = IngestSummary()
    seen: set[str] = set()
    stuck: set[str] = set()    # failed: still stored unread, not to be tried again in this run
    nlp = None
    while True:
        if article_ids is None:
            rows = [r for r in store.unread(OFF_TOPIC, limit=BATCH + len(stuck)) if r["id"] not in stuck]
        else:
            rows = [r for i in article_ids if i not in seen for r in store.unread(None, article_id=i)]
        rows = [r for r in rows if (r["language"] or READ_LANGUAGE) == READ_LANGUAGE][:BATCH]
        if not rows:
            return summary
        nlp = nlp or get_pipeline()
        for row in rows:
            seen.add(row["id"])
            summary.read += 1
            article = stored_article(row)
            try:
                document: Document = extract_document(article, nlp)
            except Exception as exc:  # a bad article never stops the batch
                failure = Failure(row["source"], "nlp", one_line(f"{type(exc).__name__}: {exc}"))
                summary.failed += 1
                summary.failures.append(failure)
                store.add_failure(failure.source, failure.stage, failure.reason)
                stuck.add(row["id"])
                continue
            if store.replace_unread(document).new:
                summary.reread += 1
                summary.article_ids.append(row["id"])
            else:   # read meanwhile by another process
                stuck.add(row["id"])
            if progress:
                progress(row["source"])

"""The ingest job: inputs in, articles and everything read from them stored, an `IngestSummary`
out. Bad content becomes a stored failure and the batch goes on; an article already stored (same
normalised content) is not read again.

    summary = ingest(["crawl.warc.gz"], store, workers=4)             # local worker processes
    summary = ingest(["crawl/"], store, workers=16, engine="ray")     # Ray Data actors
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from rapsheet.errors import UsageError
from rapsheet.jobs.local import ingest_local
from rapsheet.jobs.ray_engine import ingest_ray
from rapsheet.jobs.writer import IngestSummary
from rapsheet.settings import settings as current_settings
from rapsheet.store import Store, open_store

ENGINES = ("local", "ray")


def ingest(paths: list[str], store: Store | None = None, published: dt.date | None = None,
           clean: bool = True, progress: Callable[[str], None] | None = None, workers: int = 1,
           engine: str = "local", since: dt.date | None = None,
           triage: bool | None = None) -> IngestSummary:
    """Read, extract and store every input (`store`: default the `db` setting's).

    `workers` processes read and extract (this process alone writes, in input order); `engine`
    "ray" runs them as Ray actors (`rapsheet.jobs.ray_engine`). `since`: articles published before
    this date are skipped (those without a date are kept). `triage`: read fully only what triage
    finds about crime and the law, the others stored unread (None: the `triage` setting)."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {workers}")
    store = store or open_store()
    settings = current_settings()
    if triage is not None:
        settings = dataclasses.replace(settings, triage=triage)
    run = ingest_ray if engine == "ray" else ingest_local
    summary = run(paths, store, workers=workers, published=published, clean=clean, since=since,
                  progress=progress, settings=settings)
    # PostgreSQL plans browsing from statistics, which a large batch leaves stale (autovacuum may
    # be off or not yet round): the tables that changed by a tenth or more are analyzed.
    store.analyze(changed_only=True)
    return summary

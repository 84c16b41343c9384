"""The library's jobs over many inputs: `extract` (read and extract, nothing stored) and `ingest`
(read, extract and store), run in this process, in local worker processes or on Ray actors.

The CLI and the API call these; they hold no logic of their own. Imports flow one way: jobs use
`rapsheet.ingest`, `rapsheet.nlp` and `rapsheet.store`, and nothing there imports a job.

    extract.py      extract: inputs -> one contract document per article, in input order
    ingest.py       ingest: inputs -> the store, on the engine asked for; `IngestSummary`
    reread.py       read_unread: articles stored unread (off-topic) -> read fully now, stored
    units.py        the units of work an input is cut into (a file, a WARC page, a URL)
    worker.py       `ExtractWorker`: reads and extracts units, the same code on every engine
    writer.py       the one writer: stores a chunk's outcomes in input order and counts them
    local.py        engine "local": this process, or a pool of worker processes
    ray_engine.py   engine "ray": Ray Data actors (the `distributed` extra)
"""
from __future__ import annotations

from rapsheet.jobs.extract import extract
from rapsheet.jobs.ingest import ENGINES, ingest
from rapsheet.jobs.reread import read_unread
from rapsheet.jobs.writer import IngestSummary

__all__ = ["ENGINES", "IngestSummary", "extract", "ingest", "read_unread"]

"""The units of work of an ingest: its inputs cut into small pieces that travel to workers.

Takes paths (files, folders, `-`); gives `Unit`s in input order. A plain file is one unit; a WARC
archive is scanned here, from record headers only, and each HTML page becomes a unit that names
its file and byte offset (`rapsheet.ingest.warc`), so a unit is a few hundred bytes whatever the
page; a URL list gives a unit per URL. `chunked` groups them for the round trip to a worker.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from rapsheet.ingest import Failure, expand_paths, read_path
from rapsheet.ingest.failure import one_line
from rapsheet.ingest.sources import STDIN, streamed_kind
from rapsheet.ingest.urls import url_lines
from rapsheet.ingest.warc import scan_warc
from rapsheet.settings import Settings, settings as current_settings

#: Units per chunk sent to a worker: enough to amortise the round trip, few enough that the
#: workers stay evenly loaded at the end of a batch.
CHUNK_UNITS = 4


@dataclass(slots=True, frozen=True)
class Unit:
    """One piece of work: `kind` path (a whole file), warc (one page of an archive, a
    `WarcPage`), url (`(url, source)`) or item (an Article or Failure already read here)."""
    kind: str
    target: Any


def split_units(paths: list[str], settings: Settings | None = None,
                skipped: Counter | None = None, published: dt.date | None = None,
                clean: bool = True) -> Iterator[Unit]:
    """The units of work of the inputs, in input order. Raises UsageError for a missing path."""
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


def chunked(units: Iterable[Unit], size: int = CHUNK_UNITS, first: int = 0,
            first_size: int | None = None) -> Iterator[list[Unit]]:
    """`units` in chunks of `size`; the first `first` chunks of `first_size` instead."""
    iterator = iter(units)
    for _ in range(first):
        if not (chunk := list(islice(iterator, first_size or size))):
            return
        yield chunk
    while chunk := list(islice(iterator, size)):
        yield chunk

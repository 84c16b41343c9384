"""A .jsonl file (one article a line: `text` or `html`, optional `url`, `title`, `published`)
-> one Article or Failure per line, in order; the source of each is `path:line`.

The file is streamed, so a dump of many articles may be larger than the size limit; each line
must fit it. A bad line becomes a Failure for that line only.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator

from rapsheet.errors import InputError
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.html import read_html
from rapsheet.ingest.text import read_text
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings


TOO_DEEP = "not valid JSON (nested too deeply)"


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"'published' is not a date string: {value!r}", stage="parse")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"'published' is not an ISO date: {value!r}", stage="parse") from None


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{key!r} is not a string", stage="parse")
    return value or None


def read_record(record, source: str, *, published: dt.date | None = None, clean: bool = True,
                settings: Settings | None = None) -> Article:
    """An Article from one parsed JSON object; raises InputError when it holds none."""
    if not isinstance(record, dict):
        raise InputError(f"not a JSON object but a {type(record).__name__}", stage="parse")
    url, title = _optional_str(record, "url"), _optional_str(record, "title")
    date = _date(record.get("published")) or published
    if isinstance(record.get("html"), str) and record["html"].strip():
        return read_html(record["html"], source, url=url, published=date, clean=clean, settings=settings)
    if isinstance(record.get("text"), str):
        return read_text(record["text"], source, title=title, url=url, published=date, clean=clean,
                         settings=settings)
    raise InputError("the object has no 'text' or 'html' string", stage="parse")


def _open(path: str):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def read_jsonl(path: str, *, published: dt.date | None = None, clean: bool = True,
               settings: Settings | None = None) -> Iterator[Article | Failure]:
    """Each article of a .jsonl (or .jsonl.gz) file, or a Failure for each bad line."""
    settings = settings or current_settings()
    limit = settings.max_input_bytes
    with _open(path) as handle:
        for lineno, raw in enumerate(iter(lambda: handle.readline(limit + 1), b""), 1):
            source = f"{path}:{lineno}"
            if len(raw) > limit:
                yield Failure(source, "size", f"line too long: over the limit of {limit:,} bytes")
                # skip the rest of the over-long line
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(limit + 1)
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_bytes(raw))
            except json.JSONDecodeError as exc:
                yield Failure(source, "parse", one_line(f"not valid JSON ({exc.msg}, column {exc.colno})"))
                continue
            except RecursionError:
                yield Failure(source, "parse", TOO_DEEP)
                continue
            except InputError as exc:
                yield Failure(source, exc.stage, one_line(exc.detail))
                continue
            try:
                yield read_record(record, source, published=published, clean=clean, settings=settings)
            except InputError as exc:
                yield Failure(source, exc.stage, one_line(exc.detail))

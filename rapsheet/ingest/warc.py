"""A WARC or WARC.gz file (a web crawl) -> one Article per HTML page it archived, streamed record
by record with warcio, so a crawl of any size is never held in memory.

Takes a path; gives Articles (the page read by `read_html`, with the record's target URI as its
url and its WARC-Date as the publication date when the page shows none) and Failures, in file
order. What a crawl holds besides articles is skipped and counted in `skipped` (a Counter keyed
by reason), not recorded as a failure: request, metadata and other non-response records,
responses that are not HTML, records the crawler marked truncated (WARC-Truncated), records over
the size limit, pages with no article, pages not in English. A response without a target URI is
one Failure and the reading goes on. A file that ends early — inside a gzip member, a record's
header or its payload — or that is no archive at all ends the reading with one Failure: what came
before it is kept. No header line is read past `MAX_HEADER_LINE` bytes, and no failure repeats
what the file holds, so a hostile file costs bounded memory and one short line of output.

`scan_warc` and `read_warc_record` split the same reading in two, for workers elsewhere: the scan
decides from the headers alone which records hold pages and gives their byte offsets; a worker
seeks to an offset and reads that one record.
"""
from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapsheet.errors import InputError
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.html import read_html
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

#: The skip reasons that count an InputError from `read_html` as "not an article" rather than a
#: failure: a crawl is mostly index pages, and a failure row for each would bury the real ones.
SKIP_STAGES = {"extract": "not an article"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: The longest WARC or HTTP header line read: real ones are under a few KB (servers refuse
#: HTTP header lines over 8-16 KB); warcio alone reads a line to its end, however far that is.
MAX_HEADER_LINE = 64 * 1024
#: Compressed bytes inflated at a time: deflate expands up to ~1000-fold, so this bounds what
#: one read of a crafted gzip member can hold (4 KB -> at most ~4 MB).
READ_BLOCK = 4096


class HeaderLineTooLong(ValueError):
    """A header line ran past MAX_HEADER_LINE bytes: the file is no archive, or a broken one."""


@dataclass(slots=True, frozen=True)
class WarcPage:
    """Where one archived HTML page lies: the file and the offset of its record (or gzip member)."""
    path: str
    offset: int
    source: str
    url: str | None
    date: dt.date | None


def _warc_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


#: The record types of WARC 1.1 (and ARC's), named as such in skip counts.
WARC_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion",
              "continuation", "arc_header"}


def _skip_reason(record, limit: int) -> str | None:
    """Why a record holds no page to read, judged from its headers alone; None when it does."""
    if record.rec_type != "response":
        # The type is the file's to say: a name of its own is no reason to repeat it.
        kind = record.rec_type if record.rec_type in WARC_TYPES else "unknown"
        return f"{kind} record"
    if record.rec_headers.get_header("WARC-Truncated"):
        return "truncated record"
    try:
        length = int(record.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return "bad Content-Length"
    if length > limit:
        return "record over the size limit"
    http = record.http_headers
    if http is None:
        return "response without HTTP headers"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP status {status if status.isdigit() and len(status) == 3 else 'unknown'}"
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return "not HTML"
    return None


def _ended_early(record) -> bool:
    # Content-Length counts the raw block: what is left of it once the stream is dry means the
    # file ended before the record did.
    return record.raw_stream.read(1) == b"" and getattr(record.raw_stream, "limit", 0) > 0


def _content(record, limit: int) -> bytes | None:
    """The record's decoded payload, or None when the file ended before its declared length."""
    data = record.content_stream().read(limit + 1)
    if len(data) <= limit and _ended_early(record):
        return None
    return data


CUT_SHORT = "the archive ends inside this record: the file is truncated"


def _cut_short(source: str) -> Failure:
    return Failure(source, "read", CUT_SHORT)


def _target(record) -> tuple[str | None, dt.date | None]:
    headers = record.rec_headers
    return headers.get_header("WARC-Target-URI") or None, _warc_date(headers.get_header("WARC-Date"))


def _page_article(record, source: str, url, date, published, clean, settings,
                  skipped: Counter) -> Article | Failure | None:
    data = _content(record, settings.max_input_bytes)
    if data is None:
        return _cut_short(source)
    if len(data) > settings.max_input_bytes:
        skipped["record over the size limit"] += 1
        return None
    try:
        return read_html(data, source, url=url, published=date or published, clean=clean,
                         settings=settings)
    except InputError as exc:
        if exc.stage in SKIP_STAGES:
            skipped[SKIP_STAGES[exc.stage]] += 1
            return None
        return Failure(source, exc.stage, one_line(exc.detail))


def _bounded_readline(readline):
    def read(length=None):
        length = MAX_HEADER_LINE if length is None or length < 0 else min(length, MAX_HEADER_LINE)
        line = readline(length)
        if len(line) >= MAX_HEADER_LINE and not line.endswith(b"\n"):
            raise HeaderLineTooLong(f"a header line longer than {MAX_HEADER_LINE:,} bytes")
        return line
    return read


def _records(handle, *, no_record_parse: bool = False):
    """warcio's record iterator over `handle`, with every line it reads bounded, a response
    without a target URI read as one without HTTP headers, and its warnings kept off stderr."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecordLoader

    class Loader(ArcWarcRecordLoader):
        def load_http_headers(self, rec_type, uri, stream, length):
            return super().load_http_headers(rec_type, uri or "", stream, length)

    records = ArchiveIterator(handle, no_record_parse=no_record_parse, arc2warc=True,
                              block_size=READ_BLOCK)
    records.loader = Loader(arc2warc=True)
    records.reader.readline = _bounded_readline(records.reader.readline)
    # warcio writes the rest of a bad line to stderr: keep the warning, not the content.
    records.INC_RECORD = "WARNING: a WARC record at offset {0} is not followed by a blank line\n"
    return records


def _open(path: str):
    handle = open(path, "rb")
    return handle, _records(handle)


def _warcio_errors() -> tuple[type[Exception], ...]:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return ArchiveLoadFailed, StatusAndHeadersParserException


_BROKEN: tuple[type[Exception], ...] = (EOFError, zlib.error, OSError, ValueError, IndexError,
                                        AttributeError, TypeError, KeyError, *_warcio_errors())
_NO_RECORD: tuple[type[Exception], ...] = (StopIteration, *_BROKEN)


def _why_broken(exc: Exception) -> str:
    # warcio's messages quote the bad line: say what went wrong, never what the file holds.
    if isinstance(exc, HeaderLineTooLong):
        return str(exc)
    if isinstance(exc, _warcio_errors()):
        return "a header that is not WARC or ARC"
    if isinstance(exc, (EOFError, zlib.error)):
        return "compressed data that is cut short or corrupt"
    return type(exc).__name__


def _broken(path: str, number: int, exc: Exception) -> Failure:
    if number == 0:
        return Failure(path, "read", f"not a WARC archive: {_why_broken(exc)}")
    return Failure(path, "read", f"the archive ends in a broken record after record {number}: "
                                 f"{_why_broken(exc)}")


NO_TARGET = "a response record without WARC-Target-URI"


def _walk(path: str, skipped: Counter, limit: int) -> Iterator[tuple[int, Any, Any]]:
    """(record number, record, iterator) for each record that may hold a page, (number, Failure,
    iterator) for a response without a target URI, then, when the file is broken or cut short,
    (number, Failure, iterator) last."""
    handle, records = _open(path)
    number, last = 0, None
    try:
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            number, last = number + 1, record
            if record.rec_type == "response" and not _target(record)[0]:
                yield number, Failure(f"{path}#{number}", "read", NO_TARGET), records
                continue
            reason = _skip_reason(record, limit)
            if reason:
                skipped[reason] += 1
                continue
            yield number, record, records
        if last is not None and _ended_early(last):
            yield number, _cut_short(f"{path}#{number}"), records
        if last is None:   # an empty file is no archive, not an archive of nothing
            yield 0, Failure(path, "read", "not a WARC archive: no record in it"), records
    except _BROKEN as exc:
        yield number, _broken(path, number, exc), records
    finally:
        handle.close()


def read_warc(path: str, *, published: dt.date | None = None, clean: bool = True,
              settings: Settings | None = None, skipped: Counter | None = None,
              ) -> Iterator[Article | Failure]:
    """Every article page of the archive at `path`, in order; see the module docstring."""
    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    for number, record, _iterator in _walk(path, skipped, settings.max_input_bytes):
        if isinstance(record, Failure):
            yield record
            continue
        url, date = _target(record)
        item = _page_article(record, f"{path}#{number}", url, date, published, clean,
                             settings, skipped)
        if item is not None:
            yield item
        if isinstance(item, Failure) and item.reason == CUT_SHORT:
            return


def scan_warc(path: str, *, settings: Settings | None = None, skipped: Counter | None = None,
              ) -> Iterator[WarcPage | Failure]:
    """The HTML pages of the archive at `path`, by offset, judged from headers only (a page cut
    short by the end of the file is found by the worker that reads it)."""
    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    for number, record, records in _walk(path, skipped, settings.max_input_bytes):
        if isinstance(record, Failure):
            yield record
            continue
        url, date = _target(record)
        # Reading the offset reads past the payload (decompressing it, nothing more).
        offset = records.get_record_offset()
        if _ended_early(record):
            yield _cut_short(f"{path}#{number}")
            return
        yield WarcPage(path, offset, f"{path}#{number}", url, date)


def read_warc_record(page: WarcPage, *, published: dt.date | None = None, clean: bool = True,
                     settings: Settings | None = None, skipped: Counter | None = None,
                     ) -> Article | Failure | None:
    """The article of one page found by `scan_warc`; None when it was skipped (and counted)."""
    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    with open(page.path, "rb") as handle:
        handle.seek(page.offset)
        try:
            record = next(iter(_records(handle)))
            return _page_article(record, page.source, page.url, page.date, published, clean,
                                 settings, skipped)
        except _NO_RECORD as exc:
            return Failure(page.source, "read", one_line(f"cannot read the record at offset "
                                                         f"{page.offset}: {_why_broken(exc)}"))

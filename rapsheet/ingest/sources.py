"""Paths (files, directories, `-`) -> Articles and Failures, in input order.

An input's kind comes from its content and its suffix: a page that starts like HTML is read as
one whatever its name; `.gz` files are decompressed (within the size limit) and judged by the
name inside; unknown suffixes are sniffed. A missing path is a usage error raised before anything
is read; an input that cannot be read becomes a Failure and the batch goes on.

WARC files are streamed record by record (`ingest.warc`), whatever their size; RSS/Atom feeds go
item by item (`ingest.feeds`); `.urls` files are lists of URLs to fetch (`ingest.urls`). What these
skip as no article (index pages, non-HTML records ...) is counted in the
`skipped` Counter a caller may pass, by reason.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rapsheet.errors import InputError, UsageError
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.html import read_html
from rapsheet.ingest.jsonl import TOO_DEEP, read_jsonl, read_record
from rapsheet.ingest.text import read_text
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

STDIN = "-"
SUFFIX_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text",
                ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".rss": "feed",
                ".atom": "feed", ".xml": "xml", ".urls": "urls"}


def _inner_name(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def suffix_kind(name: str) -> str | None:
    """The kind a file name says (html, text, jsonl, warc, feed, xml, urls), looking inside `.gz`."""
    return SUFFIX_KINDS.get(Path(_inner_name(name)).suffix.lower())


def sniff_kind(head: bytes) -> str | None:
    """The kind the first bytes of an input show, or None when they show none."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if b"<html" in start:
            return "html"
        return None
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<") and any(tag in start for tag in (b"<head", b"<body", b"<div", b"<p>", b"<article")):
        return "html"
    return None


def detect_kind(name: str, head: bytes) -> str:
    """html, text, jsonl, warc, feed or urls: what the content shows first, else what the suffix
    says, else plain text."""
    sniffed = sniff_kind(head)
    by_suffix = suffix_kind(name)
    if sniffed in ("html", "warc", "feed"):
        return sniffed
    if by_suffix == "xml":
        return sniffed or "feed"
    if by_suffix:
        return by_suffix
    if sniffed == "jsonl" and b"\n" in head.strip():
        return "jsonl"
    return "text"


def _is_input_file(name: str) -> bool:
    return suffix_kind(name) is not None


def expand_paths(paths: list[str]) -> list[str]:
    """Every input file the paths name, in order: a directory gives the input files below it
    (by suffix, sorted, hidden ones skipped). Raises UsageError for a path that does not exist."""
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise UsageError(f"no such file or directory: {path}")
    files: list[str] = []
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            files.append(path)
            continue
        found = []
        for root, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found += [os.path.join(root, n) for n in names if not n.startswith(".") and _is_input_file(n)]
        files += sorted(found)
    return files


def _read_bytes(path: str, limit: int) -> bytes:
    """The bytes of a file or of standard input, decompressed when gzip, at most `limit`."""
    if path == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
    else:
        if os.path.getsize(path) > limit:
            raise InputError(f"input too large: {os.path.getsize(path):,} bytes, over the limit "
                             f"of {limit:,}", stage="size")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"not valid gzip data: {exc}", stage="read") from None
    if len(data) > limit:
        raise InputError(f"input too large: over the limit of {limit:,} bytes", stage="size")
    return data


def _head(path: str, size: int = 4096) -> bytes:
    """The first bytes of a file, decompressed when gzip (a truncated member gives what it can)."""
    with open(path, "rb") as handle:
        head = handle.read(size)
        if head[:2] != b"\x1f\x8b":
            return head
        handle.seek(0)
        try:
            return gzip.GzipFile(fileobj=handle).read(size)
        except (OSError, EOFError, zlib.error):
            return head


def streamed_kind(path: str) -> str | None:
    """warc, jsonl or urls when the file at `path` is read as a stream rather than whole."""
    if path == STDIN:
        return None
    by_suffix = suffix_kind(path)
    if by_suffix in ("jsonl", "urls"):
        return by_suffix
    if by_suffix == "warc" or sniff_kind(_head(path)) == "warc":
        return "warc"
    return None


def read_path(path: str, *, published: dt.date | None = None, clean: bool = True,
              settings: Settings | None = None, skipped: Counter | None = None,
              ) -> Iterator[Article | Failure]:
    """The articles of one input file (several for .jsonl, WARC, feeds and URL lists), or
    Failures saying why not; what a crawl or feed holds besides articles counts in `skipped`."""
    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    try:
        streamed = streamed_kind(path)
        if streamed == "jsonl":
            yield from read_jsonl(path, published=published, clean=clean, settings=settings)
            return
        if streamed == "warc":
            from rapsheet.ingest.warc import read_warc
            yield from read_warc(path, published=published, clean=clean, settings=settings,
                                 skipped=skipped)
            return
        data = _read_bytes(path, settings.max_input_bytes)
        kind = "urls" if streamed == "urls" else detect_kind(path if path != STDIN else "", data[:4096])
        if kind == "feed":
            from rapsheet.ingest.feeds import read_feed
            yield from read_feed(data, path, published=published, clean=clean, settings=settings,
                                 skipped=skipped)
        elif kind == "urls":
            from rapsheet.ingest.urls import read_url_list
            yield from read_url_list(data, path, published=published, clean=clean,
                                     settings=settings, skipped=skipped)
        elif kind == "warc":
            yield Failure(path, "read", "a WARC archive on standard input cannot be streamed; "
                                        "give its path")
        elif kind == "jsonl":
            yield from _read_jsonl_bytes(path, data, published, clean, settings)
        elif kind == "html":
            yield read_html(data, path, published=published, clean=clean, settings=settings)
        else:
            yield read_text(data, path, published=published, clean=clean, settings=settings)
    except InputError as exc:
        yield Failure(path, exc.stage, one_line(exc.detail))
    except OSError as exc:
        yield Failure(path, "read", one_line(f"cannot read: {exc.strerror or exc}"))


def _read_jsonl_bytes(path, data, published, clean, settings) -> Iterator[Article | Failure]:
    # A sniffed .jsonl under another name (or on standard input): already in memory.
    for lineno, line in enumerate(decode_bytes(data).splitlines(), 1):
        if not line.strip():
            continue
        source = f"{path}:{lineno}"
        try:
            yield read_record(json.loads(line), source, published=published, clean=clean, settings=settings)
        except json.JSONDecodeError as exc:
            yield Failure(source, "parse", one_line(f"not valid JSON ({exc.msg}, column {exc.colno})"))
        except RecursionError:
            yield Failure(source, "parse", TOO_DEEP)
        except InputError as exc:
            yield Failure(source, exc.stage, one_line(exc.detail))


def read_inputs(paths: list[str], published: dt.date | None = None, clean: bool = True,
                settings: Settings | None = None, skipped: Counter | None = None,
                ) -> Iterator[Article | Failure]:
    """Every article of the inputs, in input order, a Failure in place of each that failed.

    `paths` holds files, directories and `-` (standard input). Raises UsageError, before anything
    is read, when a path does not exist; nothing else raises out of the iteration. Records skipped
    as no article (see the module docstring) are counted in `skipped`, by reason.
    """
    files = expand_paths(list(paths))
    settings = settings or current_settings()
    return _read_all(files, published, clean, settings, skipped)


def _read_all(files: list[str], published, clean, settings, skipped=None) -> Iterator[Article | Failure]:
    for path in files:
        try:
            yield from read_path(path, published=published, clean=clean, settings=settings,
                                 skipped=skipped)
        except Exception as exc:  # bad content never stops a batch
            yield Failure(path, "read", one_line(f"unexpected {type(exc).__name__}: {exc}", 120))

"""An RSS or Atom feed (bytes) -> one Article per item, with feedparser.

Takes the feed's bytes and the path it came from; gives, in feed order, an Article for each item
whose content (or, lacking it, summary) holds an article — read by `read_html` with the item's
title, link and publication date — and a Failure for each item that holds no text at all ("feed
item has no text"); the feed goes on past it. Items whose text is too short to be an article or
not in English are skipped and counted in `skipped`. Each item's source is `path:N`, N counting
items from 1. A file that is not a feed at all is one Failure.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html as htmllib
from collections import Counter
from collections.abc import Iterator

from rapsheet.errors import InputError
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.html import read_html
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

SKIP_STAGES = {"extract": "not an article"}


def _item_html(entry) -> str:
    """The richest HTML the item carries: its full content, else its summary."""
    for content in entry.get("content") or []:
        value = (content.get("value") or "").strip()
        if value:
            return value
    return (entry.get("summary") or entry.get("description") or "").strip()


def _item_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()
    return None


def _page(title: str | None, body: str) -> str:
    # A fragment becomes a page, so trafilatura sees the title where pages keep it.
    head = f"<title>{htmllib.escape(title)}</title>" if title else ""
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def read_feed(data: bytes, path: str, *, published: dt.date | None = None, clean: bool = True,
              settings: Settings | None = None, skipped: Counter | None = None,
              ) -> Iterator[Article | Failure]:
    """The articles of one feed's items, in feed order; see the module docstring."""
    import feedparser

    settings = settings or current_settings()
    skipped = skipped if skipped is not None else Counter()
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            error = parsed.get("bozo_exception")
            yield Failure(path, "parse", one_line(f"not a readable RSS/Atom feed: {error}"))
        else:
            skipped["feed without items"] += 1
        return
    for number, entry in enumerate(entries, 1):
        source = f"{path}:{number}"
        body = _item_html(entry)
        title = (entry.get("title") or "").strip() or None
        if not body or not htmllib.unescape(body).strip():
            yield Failure(source, "extract", "feed item has no text")
            continue
        date = _item_date(entry)
        try:
            article = read_html(_page(title, body), source, url=entry.get("link") or None,
                                published=date or published, clean=clean, settings=settings)
        except InputError as exc:
            if exc.stage in SKIP_STAGES:
                skipped[SKIP_STAGES[exc.stage]] += 1
            else:
                yield Failure(source, exc.stage, one_line(exc.detail))
            continue
        # The feed's own date beats one guessed from the item's words.
        article.published = date or article.published
        yield article

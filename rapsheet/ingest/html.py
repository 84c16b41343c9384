"""A web page (bytes or str) -> Article: main text, title, author, site name and publication
date, with trafilatura (and htmldate, which trafilatura calls for the date with our settings).

Extraction runs trafilatura's fast path first (its own algorithm, without comparing against
readability and jusText) and falls back to the full one only when the fast path finds too little:
on news pages the fast path is as accurate and twice as quick.
"""
from __future__ import annotations

import datetime as dt
import logging

from rapsheet.errors import InputError
from rapsheet.ingest.clean import clean_text
from rapsheet.ingest.decode import decode_bytes
from rapsheet.ingest.sanitize import check_readable, sanitize_optional, sanitize_text
from rapsheet.ingest.language import identify_language
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

# trafilatura and htmldate log every page they discard; the caller gets a Failure instead.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# htmldate's own settings: the first publication date, not a later update; no scan of the whole
# text for date-like strings (slow, and it finds the dates the report is about).
DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _extract(html: str, url: str | None, fast: bool):
    from trafilatura import bare_extraction
    return bare_extraction(html, url=url, fast=fast, include_comments=False, include_tables=False,
                           include_images=False, include_links=False, with_metadata=True,
                           date_extraction_params=dict(DATE_PARAMS))


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _drop_title_line(text: str, title: str | None) -> str:
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.lstrip("\n")
    return text


def read_html(html: str | bytes, source: str, url: str | None = None, *,
              published: dt.date | None = None, clean: bool = True,
              language: str | None = "en", min_chars: int | None = None,
              settings: Settings | None = None) -> Article:
    """An Article from a web page. `published` is used only when the page has no date.

    `language`: the language rapsheet reads (None: no check); an article clearly in another gets
    that one's code as its `language`, and is kept. `min_chars`: the shortest main text that
    counts as an article (None: the setting `min_article_chars`; 0: any). Raises InputError for
    oversized, binary, undecodable or article-less pages.
    """
    settings = settings or current_settings()
    if len(html) > settings.max_input_bytes:
        raise InputError(f"input too large: {len(html):,} bytes, over the limit of "
                         f"{settings.max_input_bytes:,}", stage="size")
    if isinstance(html, (bytes, bytearray)):
        html = decode_bytes(bytes(html))
    html, url = sanitize_text(html), sanitize_optional(url)
    if not html.strip():
        raise InputError("empty input", stage="read")
    min_chars = settings.min_article_chars if min_chars is None else min_chars
    # Parse time and memory grow with the elements, not the bytes: bound them before parsing.
    tag_count = html.count("<")
    if tag_count > settings.max_html_tags:
        raise InputError(f"too many tags for a page: {tag_count:,}, over the limit of "
                         f"{settings.max_html_tags:,}", stage="size")

    try:
        doc = _extract(html, url, fast=True)
        if doc is None or len(doc.text or "") < max(min_chars, 1):
            doc = _extract(html, url, fast=False) or doc
    except (ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise InputError(f"cannot parse the page: {type(exc).__name__}: {exc}", stage="parse") from None
    if doc is None or not (doc.text or "").strip():
        raise InputError("no article text found on the page", stage="extract")

    title = (doc.title or "").strip() or None
    text = _drop_title_line(doc.text.strip(), title)
    removed: list[str] = []
    if clean:
        tags = [*(doc.tags or []), *(doc.categories or [])]
        text, removed = clean_text(text, title=title, tags=tags)
    if len(text) < min_chars:
        raise InputError(f"no article on the page: its main text has {len(text)} characters, "
                         f"under {min_chars}", stage="extract")
    check_readable(text, settings.min_text_chars, settings.max_article_chars)
    lang = identify_language(text, language) if language else None
    return Article(source=source, text=text, title=title, url=url or doc.url,
                   published=_parse_date(doc.date) or published, author=doc.author or None,
                   language=lang, sitename=doc.sitename or None, cleaned=bool(removed),
                   removed=removed)

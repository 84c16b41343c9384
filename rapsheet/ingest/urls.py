"""A list of URLs (one a line; blank lines and `#` comments ignored) -> one Article per page,
fetched through the one guarded fetcher (`ingest.fetch`).

Takes the list's path (or one URL); gives an Article per page (HTML through `read_html`, plain
text through `read_text`, the final URL after redirects as its url) or a Failure saying why not.
Fetching is guarded (`ingest.fetch`): only http and https; every host, the first and each
redirect's, and the address actually connected to, must be public unless the setting
`allow_private_urls` is on (a crawl must not be turned against the machine it runs on or its
network); redirects at most `max_redirects`; `fetch_timeout` seconds to connect and between
reads; bodies over `max_input_bytes` are cut off and recorded as failures. Pages with no article
or not in English are skipped and counted in `skipped`.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from rapsheet.errors import InputError
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.fetch import USER_AGENT, FetchRefused, non_public, refused_address  # noqa: F401
from rapsheet.ingest.fetch import client as guarded_client, fetch as guarded_fetch
from rapsheet.ingest.html import read_html
from rapsheet.ingest.text import read_text
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

SKIP_STAGES = {"extract": "not an article"}
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def url_lines(data: bytes | str) -> Iterator[tuple[int, str]]:
    """(line number, URL) for each URL line of a list."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


def fetch(url: str, settings: Settings | None = None, client=None) -> tuple[str, str, bytes]:
    """(final URL, content type, body) of `url`, through the one guarded fetcher
    (`ingest.fetch`). Raises InputError for a refused, failed, oversized or non-2xx fetch."""
    try:
        return guarded_fetch(url, settings, client)
    except FetchRefused as exc:
        if " resolves to " in exc.detail:
            raise FetchRefused(exc.detail + " (set allow_private_urls to fetch it)") from None
        raise


def read_url(url: str, source: str | None = None, *, published: dt.date | None = None,
             clean: bool = True, settings: Settings | None = None, client=None) -> Article:
    """The article at `url`; raises InputError when it cannot be fetched or holds none."""
    settings = settings or current_settings()
    final, content_type, body = fetch(url, settings, client)
    source = source or url
    if content_type in TEXT_TYPES:
        return read_text(body, source, url=final, published=published, clean=clean, settings=settings)
    if content_type and content_type not in HTML_TYPES:
        raise InputError(f"not a web page but {content_type}", stage="read")
    return read_html(body, source, url=final, published=published, clean=clean, settings=settings)


def read_url_item(url: str, source: str, *, published=None, clean=True, settings=None, client=None,
                  skipped: Counter | None = None) -> Article | Failure | None:
    """`read_url` as an item of a batch: a Failure instead of an error; None for a page skipped
    (and counted) as no article."""
    skipped = skipped if skipped is not None else Counter()
    try:
        return read_url(url, source, published=published, clean=clean, settings=settings, client=client)
    except InputError as exc:
        if exc.stage in SKIP_STAGES:
            skipped[SKIP_STAGES[exc.stage]] += 1
            return None
        return Failure(source, exc.stage, one_line(exc.detail))


def read_url_list(data: bytes | str, path: str, *, published: dt.date | None = None,
                  clean: bool = True, settings: Settings | None = None,
                  skipped: Counter | None = None) -> Iterator[Article | Failure]:
    """The article of every URL of a list, in order; each source is `path:line`."""
    settings = settings or current_settings()
    with guarded_client(settings) as client:
        for number, url in url_lines(data):
            item = read_url_item(url, f"{path}:{number}", published=published, clean=clean,
                                 settings=settings, client=client, skipped=skipped)
            if item is not None:
                yield item

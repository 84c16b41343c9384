"""Fetching an article's page for `POST /articles` with a bare `url`, when the
`api_allow_url_fetch` setting allows it at all.

Takes a URL; gives the page's bytes, or raises `RapsheetError` (4xx). The fetch is the URL lists'
own (`rapsheet.ingest.fetch`), under the same guard: only http(s), only public addresses, on
the first URL, every redirect hop and the address connected to (400 when refused). Here
`allow_private_urls` never applies: a web client must not turn the server against its own
network. A page larger than `max_bytes` (413) or slower than `timeout` (422) fails.
"""
from __future__ import annotations

import dataclasses

from rapsheet.errors import InputError, RapsheetError
from rapsheet.ingest.fetch import FetchRefused, check_url
from rapsheet.ingest.fetch import fetch as guarded_fetch
from rapsheet.settings import Settings, settings as current_settings


def refused_reason(url: str, settings: Settings | None = None) -> str | None:
    """Why `url` may not be fetched, or None when it may."""
    try:
        check_url(url, settings or current_settings(), private_ok=False)
    except InputError as exc:
        return exc.detail
    return None


def fetch(url: str, max_bytes: int, timeout: float = 15.0, settings: Settings | None = None) -> bytes:
    settings = dataclasses.replace(settings or current_settings(), max_input_bytes=max_bytes,
                                   fetch_timeout=timeout, allow_private_urls=False)
    try:
        return guarded_fetch(url, settings, private_ok=False)[2]
    except FetchRefused as exc:
        if exc.detail.startswith("redirect refused: "):
            raise RapsheetError(f"url: {exc.detail}", 400) from None
        raise RapsheetError(f"url: refused: {exc.detail.removeprefix('refused: ')}", 400) from None
    except InputError as exc:
        if exc.stage == "size":
            raise RapsheetError(f"url: the page is larger than {max_bytes:,} bytes", 413) from None
        raise RapsheetError(f"url: could not fetch: {exc.detail}", 422) from None

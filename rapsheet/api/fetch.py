"""Fetching an article's page for `POST /articles` with a bare `url`, when the
`api_allow_url_fetch` setting allows it at all.

Takes a URL; gives the page's bytes, or raises `RapsheetError` (4xx). Only http(s) on the default
or an explicit port, only hosts whose every address is public: loopback, private, link-local,
reserved, multicast and unspecified addresses are refused, and so is a redirect to one. A page
larger than `max_bytes` or slower than `timeout` fails.
"""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request

from rapsheet.errors import RapsheetError
from rapsheet.ingest.urls import non_public

MAX_REDIRECTS = 5


def refused_reason(url: str) -> str | None:
    """Why `url` may not be fetched, or None when it may."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}"
    host = parts.hostname
    if not host:
        return "the URL names no host"
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return f"host {host!r} does not resolve ({exc})"
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if non_public(address):
            return f"host {host!r} resolves to a non-public address ({address})"
    return None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = refused_reason(newurl)
        if reason:
            raise RapsheetError(f"url: redirect refused: {reason}", 400)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int, timeout: float = 15.0) -> bytes:
    reason = refused_reason(url)
    if reason:
        raise RapsheetError(f"url: refused: {reason}", 400)
    opener = urllib.request.build_opener(_CheckedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "rapsheet/0.1 (+news reader)"})
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    except RapsheetError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise RapsheetError(f"url: could not fetch: {exc}", 422) from None
    if len(data) > max_bytes:
        raise RapsheetError(f"url: the page is larger than {max_bytes:,} bytes", 413)
    return data

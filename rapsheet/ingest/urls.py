"""A list of URLs (one a line; blank lines and `#` comments ignored) -> one Article per page,
fetched with httpx.

Takes the list's path (or one URL); gives an Article per page (HTML through `read_html`, plain
text through `read_text`, the final URL after redirects as its url) or a Failure saying why not.
Fetching is guarded: only http and https; every host, the first and each redirect's, is resolved
first and refused when any of its addresses is private, loopback, link-local, reserved or
multicast, unless the setting `allow_private_urls` is on (a crawl must not be turned against the
machine it runs on or its network); redirects at most `max_redirects`; `fetch_timeout` seconds to
connect and between reads; bodies over `max_input_bytes` are cut off and recorded as failures.
Pages with no article or not in English are skipped and counted in `skipped`.

The check resolves the host before httpx connects, so a name that changes its answer in between
(DNS rebinding) is not caught; where that matters, fetch through an egress proxy.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from rapsheet.errors import InputError
from rapsheet.ingest.failure import Failure, one_line
from rapsheet.ingest.html import read_html
from rapsheet.ingest.text import read_text
from rapsheet.model import Article
from rapsheet.settings import Settings, settings as current_settings

SKIP_STAGES = {"extract": "not an article", "language": "not English"}
USER_AGENT = "rapsheet/0.1 (+https://github.com/rapsheet)"
TEXT_TYPES = ("text/plain",)
HTML_TYPES = ("text/html", "application/xhtml+xml")


def url_lines(data: bytes | str) -> Iterator[tuple[int, str]]:
    """(line number, URL) for each URL line of a list."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4, Teredo), if any."""
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):   # NAT64, ::a.b.c.d
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def non_public(address) -> bool:
    """Whether a fetch must not reach `address`: not global (private, loopback, link-local,
    shared 100.64/10, reserved ...), multicast, or an IPv6 form of such an IPv4 address."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and non_public(embedded):
        return True
    return not address.is_global or address.is_multicast


def refused_address(host: str, port: int) -> str | None:
    """Why `host` may not be fetched (one of its addresses is not public), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host!r}: {exc}", stage="read") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if non_public(address):
            shown = _embedded_ipv4(address) or address
            kind = next((k for k in ("loopback", "link_local", "private", "reserved", "multicast",
                                     "unspecified") if getattr(shown, f"is_{k}")), "non-public")
            return f"refused: {host} resolves to {address}, a {kind.replace('_', '-')} address"
    return None


def _check_url(url: str, settings: Settings) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url!r}", stage="read")
    if settings.allow_private_urls:
        return
    reason = refused_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    if reason:
        raise InputError(reason + " (set allow_private_urls to fetch it)", stage="read")


def fetch(url: str, settings: Settings | None = None, client=None) -> tuple[str, str, bytes]:
    """(final URL, content type, body) of `url`, fetched under the guards of the module docstring.
    Raises InputError for a refused, failed, oversized or non-2xx fetch."""
    import httpx

    settings = settings or current_settings()
    own = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(settings.fetch_timeout),
                                    headers={"User-Agent": USER_AGENT}, follow_redirects=False)
    try:
        for _hop in range(settings.max_redirects + 1):
            _check_url(url, settings)
            with client.stream("GET", url) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise InputError(f"redirect without a Location from {url}", stage="read")
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise InputError(f"HTTP {response.status_code} from {url}", stage="read")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > settings.max_input_bytes:
                    raise InputError(f"page too large: {int(declared):,} bytes, over the limit of "
                                     f"{settings.max_input_bytes:,}", stage="size")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > settings.max_input_bytes:
                        raise InputError(f"page too large: over the limit of "
                                         f"{settings.max_input_bytes:,} bytes", stage="size")
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return str(response.url), content_type, bytes(body)
        raise InputError(f"more than {settings.max_redirects} redirects from {url}", stage="read")
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch {url}: {type(exc).__name__}: {exc}", stage="read") from None
    finally:
        if own:
            client.close()


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
    (and counted) as no article or not English."""
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
    import httpx

    settings = settings or current_settings()
    with httpx.Client(timeout=httpx.Timeout(settings.fetch_timeout), follow_redirects=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        for number, url in url_lines(data):
            item = read_url_item(url, f"{path}:{number}", published=published, clean=clean,
                                 settings=settings, client=client, skipped=skipped)
            if item is not None:
                yield item

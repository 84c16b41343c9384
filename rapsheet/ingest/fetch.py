"""The one URL fetcher: URL lists (`ingest.urls`) and the API's `POST /articles` with a bare
`url` (`api.fetch`) both fetch through `fetch` here, under one guard.

Takes a URL and Settings; gives (final URL, content type, body) or raises InputError —
`FetchRefused` when the guard said no. The guard: only http and https; a host whose addresses
include one that is not public (`non_public`: not global, multicast, or an IPv6 form carrying
such an IPv4 address: mapped, compatible, NAT64, 6to4, Teredo) is refused, on the first URL and
on every redirect hop (redirects are followed here, one hop at a time, at most `max_redirects`).
The connection itself goes through `GuardedBackend`: it resolves the name once, checks every
address, connects to a checked address (so a name that changes its answer between the check and
the connection, DNS rebinding, reaches nothing new), and checks the peer it is connected to. No
proxy from the environment is used. `fetch_timeout` seconds to connect and between reads; a body
over `max_input_bytes` is refused as it arrives.

`allow_private_urls` lifts the address guard (URL lists only; the API never passes it on);
`fetch_allow_networks` names the few non-public networks a fetch may reach (tests, a chosen
intranet), every other stays refused.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from rapsheet.errors import InputError
from rapsheet.settings import Settings, settings as current_settings

USER_AGENT = "rapsheet/0.1 (+https://github.com/rapsheet)"

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchRefused(InputError):
    """The guard refused a URL or an address (before any byte was sent to it)."""

    status = 400


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


def allowed_networks(settings: Settings) -> list:
    """The networks of `fetch_allow_networks` (a bad entry is a usage error, not a silent skip)."""
    networks = []
    for entry in filter(None, (e.strip() for e in settings.fetch_allow_networks.split(","))):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise InputError(f"fetch_allow_networks: {entry!r} is not a network", stage="read") from None
    return networks


def address_refusal(host: str, address, allowed: list) -> str | None:
    """Why `address` (of `host`) may not be reached, or None."""
    if not non_public(address) or any(address.version == n.version and address in n for n in allowed):
        return None
    shown = _embedded_ipv4(address) or address
    kind = next((k for k in ("loopback", "link_local", "private", "reserved", "multicast",
                             "unspecified") if getattr(shown, f"is_{k}")), "non-public")
    return f"{host} resolves to {address}, a {kind.replace('_', '-')} address"


def resolve(host: str, port: int) -> list:
    """Every address of `host`, in the resolver's order (duplicates dropped)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host!r}: {exc}", stage="read") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def refused_address(host: str, port: int, allowed: list | None = None) -> str | None:
    """Why `host` may not be fetched (one of its addresses is not public), or None."""
    for address in resolve(host, port):
        reason = address_refusal(host, address, allowed or [])
        if reason:
            return "refused: " + reason
    return None


if TYPE_CHECKING:
    from collections.abc import Iterable

    from httpcore import NetworkBackend as _NetworkBackend, NetworkStream
    from httpcore._backends.base import SOCKET_OPTION
else:
    _NetworkBackend = object   # httpcore is imported when a client is made, not with this module


class GuardedBackend(_NetworkBackend):
    """An httpcore network backend that connects only to checked addresses (module docstring)."""

    def __init__(self, allowed: list, private_ok: bool = False):
        import httpcore

        self.inner = httpcore.SyncBackend()
        self.allowed = allowed
        self.private_ok = private_ok

    def _check(self, host: str, address) -> None:
        if self.private_ok:
            return
        reason = address_refusal(host, address, self.allowed)
        if reason:
            raise FetchRefused("refused: " + reason, stage="read")

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[SOCKET_OPTION] | None = None) -> NetworkStream:
        import httpcore

        addresses = resolve(host, port)
        for address in addresses:
            self._check(host, address)
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                stream = self.inner.connect_tcp(str(address), port, timeout=timeout,
                                                local_address=local_address,
                                                socket_options=socket_options)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            try:
                self._check(host, ipaddress.ip_address(stream.get_extra_info("server_addr")[0]
                                                       .split("%")[0]))
            except BaseException:
                stream.close()
                raise
            return stream
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[SOCKET_OPTION] | None = None) -> NetworkStream:
        raise FetchRefused("refused: not a network address", stage="read")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def client(settings: Settings | None = None, private_ok: bool | None = None):
    """An httpx client whose every connection goes through `GuardedBackend`."""
    import httpx

    settings = settings or current_settings()
    private_ok = settings.allow_private_urls if private_ok is None else private_ok
    transport = httpx.HTTPTransport(trust_env=False)
    pool = transport._pool   # httpx has no public way to give its pool a network backend
    assert hasattr(pool, "_network_backend"), "httpcore changed: the fetch guard cannot be set"
    pool._network_backend = GuardedBackend(allowed_networks(settings), private_ok)
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False,
                        timeout=httpx.Timeout(settings.fetch_timeout),
                        headers={"User-Agent": USER_AGENT})


def check_url(url: str, settings: Settings, private_ok: bool, hop: int = 0) -> None:
    """Refuse `url` before connecting: not http(s), or a host with a non-public address."""
    prefix = "redirect refused: " if hop else ""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(f"{prefix}not a URL: {exc}", stage="read") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"{prefix}not an http(s) URL: {url!r}", stage="read")
    if private_ok:
        return
    reason = refused_address(parts.hostname, port, allowed_networks(settings))
    if reason:
        raise FetchRefused(prefix + reason.removeprefix("refused: ") if hop else reason, stage="read")


def fetch(url: str, settings: Settings | None = None, http=None,
          private_ok: bool | None = None) -> tuple[str, str, bytes]:
    """(final URL, content type, body) of `url`, fetched under the guard of the module docstring.
    `http`: a client from `client()` to reuse. Raises InputError (FetchRefused when refused)."""
    import httpx

    settings = settings or current_settings()
    private_ok = settings.allow_private_urls if private_ok is None else private_ok
    own = http is None
    http = http or client(settings, private_ok)
    try:
        for hop in range(settings.max_redirects + 1):
            check_url(url, settings, private_ok, hop)
            with http.stream("GET", url) as response:
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
            http.close()

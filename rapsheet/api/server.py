"""What `serve` runs the app with beyond uvicorn's defaults: an HTTP protocol that closes a
connection which has not sent a whole request head within `seconds` (uvicorn has no such limit,
so a few hundred idle or byte-a-second sockets would hold every slot and every real request
would get 503), and the Host names the app answers to by default."""
from __future__ import annotations

import ipaddress

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a time limit on reading each request's head (a module-level
    class: uvicorn pickles it into each worker process)."""

    head_timeout = HEADER_TIMEOUT_SECONDS
    _head_timer = None

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:   # a whole request head has arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()


def default_hosts(host: str) -> str:
    """The api_allowed_hosts value for a server bound to `host`: its own name and the loopback
    names; any name ("*") for a wildcard address, which has no one name to check."""
    try:
        if ipaddress.ip_address(host).is_unspecified:
            return "*"
    except ValueError:
        pass
    return ",".join(dict.fromkeys((host.lower(), *LOOPBACK_NAMES)))

"""One URL fetcher for URL lists and the API, whose guard holds on every redirect hop and on the
address it connects to. A real server on 127.0.0.1 is reachable only because the test names it
(`fetch_allow_networks`); a second one on 127.0.0.2 plays the internal service a hostile page
points at, and must never be reached."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rapsheet.api import fetch as api_fetch
from rapsheet.errors import RapsheetError
from rapsheet.ingest import Failure
from rapsheet.ingest import fetch as guarded
from rapsheet.ingest.urls import read_url_item
from rapsheet.settings import Settings

PAGE = b"<html><body><p>" + b"Public page. " * 40 + b"</p></body></html>"


def start(host: str, routes: dict, hits: list):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            hits.append(self.path)
            status, location = routes.get(self.path, (200, None))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


servers_inside_port: list = []


@pytest.fixture
def servers():
    inside_hits: list = []
    inside = start("127.0.0.2", {}, inside_hits)
    port = inside.server_address[1]
    routes = {
        "/to-inside": (302, f"http://127.0.0.2:{port}/secret"),
        "/to-v6-loopback": (302, f"http://[::1]:{port}/secret"),
        "/to-mapped": (302, f"http://[::ffff:127.0.0.2]:{port}/secret"),
        "/to-file": (302, "file:///etc/passwd"),
        "/hop": (302, "/to-inside"),
        "/ok": (301, "/story"),
    }
    servers_inside_port[:] = [port]
    outside_hits: list = []
    outside = start("127.0.0.1", routes, outside_hits)
    try:
        yield f"http://127.0.0.1:{outside.server_address[1]}", inside_hits
    finally:
        for server in (outside, inside):
            server.shutdown()
            server.server_close()


ALLOW = Settings(fetch_allow_networks="127.0.0.1/32", max_redirects=5, fetch_timeout=5.0)


def test_the_named_test_network_is_fetched_and_redirects_within_it_followed(servers):
    base, inside_hits = servers
    final, kind, body = guarded.fetch(f"{base}/ok", ALLOW)
    assert final == f"{base}/story" and kind == "text/html" and body == PAGE
    assert api_fetch.fetch(f"{base}/ok", 100_000, 5.0, settings=ALLOW) == PAGE
    # Without the setting, the same server is refused before any connection.
    with pytest.raises(guarded.FetchRefused, match="loopback"):
        guarded.fetch(f"{base}/ok", Settings())


@pytest.mark.parametrize("path", ["/to-inside", "/to-v6-loopback", "/to-mapped", "/to-file", "/hop"])
def test_a_redirect_to_a_forbidden_address_is_refused_on_every_hop(servers, path):
    base, inside_hits = servers
    with pytest.raises(guarded.FetchRefused, match="^redirect refused: "):
        guarded.fetch(base + path, ALLOW)
    item = read_url_item(base + path, "list.urls:1", settings=ALLOW)
    assert isinstance(item, Failure) and item.reason.startswith("redirect refused: ")
    with pytest.raises(RapsheetError) as refused:
        api_fetch.fetch(base + path, 100_000, 5.0, settings=ALLOW)
    assert refused.value.status == 400 and refused.value.detail.startswith("url: redirect refused: ")
    assert inside_hits == []


def test_a_name_that_changes_its_answer_after_the_check_reaches_nothing_new(servers, monkeypatch):
    """DNS rebinding: the check sees 127.0.0.1, the connection would see 127.0.0.2."""
    base, inside_hits = servers
    port = base.rsplit(":", 1)[1]
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])
    real = guarded.resolve

    def rebinding(host, port_):
        if host == "news.example":
            import ipaddress
            return [ipaddress.ip_address(a) for a in next(answers)]
        return real(host, port_)

    monkeypatch.setattr(guarded, "resolve", rebinding)
    with pytest.raises(guarded.FetchRefused, match="127.0.0.2, a loopback address"):
        guarded.fetch(f"http://news.example:{port}/story", ALLOW)
    assert inside_hits == []


def test_the_connected_address_is_checked_whatever_the_resolver_said(servers, monkeypatch):
    """A connection that lands elsewhere than the checked address (here the socket layer sends
    it to 127.0.0.2) is closed before a byte is sent."""
    import httpcore

    base, inside_hits = servers
    inside_port = servers_inside_port[0]
    real_connect = httpcore.SyncBackend.connect_tcp

    def misrouted(self, host, port, **kwargs):
        return real_connect(self, "127.0.0.2", inside_port, **kwargs)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", misrouted)
    with pytest.raises(guarded.FetchRefused, match="127.0.0.2, a loopback address"):
        guarded.fetch(f"{base}/story", ALLOW)
    assert inside_hits == []


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data", "http://10.0.0.1/",
                                 "http://100.64.0.1/", "http://[64:ff9b::a9fe:a9fe]/",
                                 "http://[2002:a9fe:a9fe::]/", "http://0.0.0.0/"])
def test_non_public_addresses_are_refused_before_connecting_even_with_a_test_network(url):
    with pytest.raises(guarded.FetchRefused, match="^refused: "):
        guarded.check_url(url, ALLOW, private_ok=False)
    assert api_fetch.refused_reason(url, ALLOW)

"""Fixtures for volume inputs: WARC archives written with warcio from the test corpus's pages,
feeds, a local web server, and a store on disk (worker processes open it by URL)."""
from __future__ import annotations

import io
import pathlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted((FIXTURES / "pages").glob("*.html")) + sorted((FIXTURES / "articles").glob("*.html"))


def http_response(writer, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                  date: str = "2025-03-04T08:00:00Z", status: str = "200 OK", truncated: bool = False):
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders(status, [("Content-Type", content_type),
                                     ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    headers = {"WARC-Date": date}
    if truncated:
        headers["WARC-Truncated"] = "length"
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict=headers)


def write_warc(path: pathlib.Path, records: list[tuple], gz: bool = True) -> pathlib.Path:
    """A WARC at `path` of (kind, uri, body, options) records: kind response, request or
    metadata."""
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for kind, uri, body, options in records:
            if kind == "response":
                writer.write_record(http_response(writer, uri, body, **options))
            else:
                writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(body)))
    return path


@pytest.fixture
def store_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def site(tmp_path):
    """A real web server on 127.0.0.1 serving a folder; yields (base URL, folder)."""
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        # /redirect/N answers with a chain of N redirects ending at /index.html
        if self.path.startswith("/redirect/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/redirect/{left - 1}" if left > 1 else "/story.html")
            self.end_headers()
            return
        super().do_GET()

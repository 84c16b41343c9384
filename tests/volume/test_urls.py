"""Lists of URLs: pages are fetched from a real local web server when private addresses are
allowed, and refused — before any connection — when they are not (the default)."""
from __future__ import annotations

from rapsheet.ingest import Failure, read_inputs
from rapsheet.model import Article
from rapsheet.settings import Settings

from .conftest import PAGES


def url_list(tmp_path, base):
    path = tmp_path / "todo.urls"
    path.write_text("\n".join([
        "# morning crawl",
        f"{base}/story.html",
        f"{base}/redirect/2",
        f"{base}/redirect/9",
        f"{base}/missing.html",
        f"{base}/huge.html",
        f"{base}/note.txt",
        "",
        "ftp://files.example.com/story.html",
    ]) + "\n")
    return path


def serve(root):
    (root / "story.html").write_bytes(PAGES[0].read_bytes())
    (root / "huge.html").write_bytes(b"<html><body>" + b"<p>filler</p>" * 20_000 + b"</body></html>")
    (root / "note.txt").write_text((PAGES[0].parent.parent / "articles" /
                                    "reuters-spain-arrests-colombian-launderer.txt").read_text())


def test_fetch_with_private_addresses_allowed(tmp_path, site, monkeypatch):
    base, root = site
    serve(root)
    path = url_list(tmp_path, base)
    monkeypatch.setenv("RAPSHEET_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("RAPSHEET_MAX_INPUT_BYTES", "100000")
    monkeypatch.setenv("RAPSHEET_MAX_REDIRECTS", "5")
    items = list(read_inputs([str(path)]))
    kinds = [(i.source.rsplit(":", 1)[1], type(i).__name__) for i in items]
    assert kinds == [("2", "Article"), ("3", "Article"), ("4", "Failure"), ("5", "Failure"),
                     ("6", "Failure"), ("7", "Article"), ("9", "Failure")]
    story, redirected, too_many, missing, huge, note, ftp = items
    assert story.url == f"{base}/story.html"
    assert redirected.url == f"{base}/story.html" and redirected.id == story.id
    assert "more than 5 redirects" in too_many.reason
    assert "HTTP 404" in missing.reason
    assert huge.stage == "size"
    assert note.url == f"{base}/note.txt" and "Colombian" in note.text
    assert "not an http(s) URL" in ftp.reason


def test_private_loopback_and_link_local_addresses_are_refused_by_default(tmp_path, site, monkeypatch):
    base, root = site
    serve(root)
    monkeypatch.delenv("RAPSHEET_ALLOW_PRIVATE_URLS", raising=False)
    path = tmp_path / "internal.urls"
    path.write_text("\n".join([f"{base}/story.html", "http://localhost:9/admin",
                               "http://10.1.2.3/internal", "http://169.254.169.254/latest/meta-data/",
                               "http://[::1]:8080/", "http://192.168.0.1/router"]))
    items = list(read_inputs([str(path)]))
    assert len(items) == 6 and all(isinstance(i, Failure) for i in items)
    assert all(i.reason.startswith("refused:") and "allow_private_urls" in i.reason for i in items)
    kinds = [i.reason.split(", a ")[1].split(" ")[0] for i in items]
    assert kinds == ["loopback", "loopback", "private", "link-local", "loopback", "private"]


def test_the_setting_alone_decides_whether_a_local_address_is_fetched():
    from rapsheet.ingest.urls import read_url_item

    item = read_url_item("http://127.0.0.1:9/", "one", settings=Settings(allow_private_urls=False))
    assert isinstance(item, Failure) and "loopback" in item.reason
    item = read_url_item("http://127.0.0.1:9/", "one", settings=Settings(allow_private_urls=True))
    assert isinstance(item, Failure) and "cannot fetch" in item.reason   # allowed, nothing listens

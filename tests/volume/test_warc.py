"""WARC crawls: pages become articles with their crawl URL and date; what is not an article is
skipped and counted; a file cut short ends as one failure, never a crash."""
from __future__ import annotations

from collections import Counter

import pytest

from rapsheet.ingest import Failure, read_inputs
from rapsheet.ingest.warc import read_warc, read_warc_record, scan_warc
from rapsheet.model import Article
from rapsheet.settings import Settings

from .conftest import FIXTURES, PAGES, write_warc

HOSTILE = FIXTURES / "hostile"
# Big enough for every fixture page, small enough that a test can write a record over it.
LIMIT = 200_000


def odd_crawl(tmp_path, gz=True):
    huge = b"<html><body>" + b"<p>Police said the suspect fled on foot.</p>" * 6000 + b"</body></html>"
    records = [
        ("response", "https://news.example.com/a", PAGES[0].read_bytes(), {}),
        ("request", "https://news.example.com/a", b"GET /a HTTP/1.1\r\nHost: news.example.com\r\n\r\n", {}),
        ("response", "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300),
         {"content_type": "image/png"}),
        ("response", "https://news.example.com/huge", huge, {}),
        ("response", "https://news.example.com/cut", PAGES[1].read_bytes()[:900], {"truncated": True}),
        ("response", "https://news.example.com/gone", b"<html><body>Not found</body></html>",
         {"status": "404 Not Found"}),
        ("response", "https://news.example.com/menu", (HOSTILE / "navigation-only.html").read_bytes(), {}),
        ("response", "https://noticias.example.com/es", (HOSTILE / "spanish-news.html").read_bytes(), {}),
        ("metadata", "https://news.example.com/a", b"outlinks: 12", {}),
        ("response", "https://news.example.com/b", PAGES[2].read_bytes(),
         {"date": "2025-08-20T06:00:00Z"}),
    ]
    return write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), records, gz=gz)


@pytest.mark.parametrize("gz", [True, False])
def test_odd_records_are_skipped_and_counted_pages_become_articles(tmp_path, gz):
    path = odd_crawl(tmp_path, gz)
    skipped = Counter()
    items = list(read_warc(str(path), settings=Settings(max_input_bytes=LIMIT), skipped=skipped))
    assert [type(i) for i in items] == [Article, Article, Article]
    first, spanish, second = items
    assert spanish.language == "es" and spanish.url == "https://noticias.example.com/es"
    assert first.url == "https://news.example.com/a" and second.url == "https://news.example.com/b"
    assert first.source == f"{path}#2" and second.source == f"{path}#11"
    assert "arrest" in first.text.lower() or "charged" in first.text.lower()
    assert skipped == {"warcinfo record": 1, "request record": 1, "metadata record": 1,
                       "not HTML": 1, "record over the size limit": 1, "truncated record": 1,
                       "HTTP status 404": 1, "not an article": 1}


def test_the_crawl_date_stands_in_for_a_page_without_one(tmp_path):
    paragraphs = [
        "Two men were arrested on Tuesday after detectives raided a warehouse in the east of the "
        "city and seized forty kilograms of cocaine, police said.",
        "The men, aged 34 and 41, were charged with possession with intent to supply and are due "
        "before magistrates on Thursday.",
        "Detective Inspector Sarah Hale said the raid followed a six-month investigation into a "
        "network moving drugs through the port.",
    ]
    undated = ("<html><head><title>Two held after warehouse raid</title></head><body><article>"
               + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>").encode()
    path = write_warc(tmp_path / "undated.warc.gz", [
        ("response", "https://news.example.com/raid", undated, {"date": "2025-05-06T07:08:09Z"})])
    [article] = read_warc(str(path))
    assert article.published.isoformat() == "2025-05-06"


@pytest.mark.parametrize("gz", [True, False])
def test_a_file_cut_short_keeps_what_came_before_and_ends_in_one_failure(tmp_path, gz):
    whole = write_warc(tmp_path / ("whole.warc.gz" if gz else "whole.warc"),
                       [("response", f"https://news.example.com/{i}", page.read_bytes(), {})
                        for i, page in enumerate(PAGES[:4])], gz=gz)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    # Cut inside the last record's payload (inside its gzip member when compressed).
    cut.write_bytes(data[: len(data) - 1500])
    items = list(read_inputs([str(cut)]))
    assert [type(i) for i in items] == [Article, Article, Article, Failure]
    assert items[-1].source == f"{cut}#5" and "truncated" in items[-1].reason
    # The scan that local and Ray workers start from finds the same.
    scanned = list(scan_warc(str(cut)))
    assert [type(p).__name__ for p in scanned] == ["WarcPage"] * 3 + ["Failure"]
    assert scanned[-1] == items[-1]


def test_a_broken_gzip_member_in_the_middle_is_one_failure(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz",
                       [("response", f"https://news.example.com/{i}", page.read_bytes(), {})
                        for i, page in enumerate(PAGES[:3])])
    data = bytearray(whole.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = bytes(64)     # garbage inside a member
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    items = list(read_inputs([str(broken)]))
    assert items and isinstance(items[-1], Failure) and items[-1].stage == "read"
    assert sum(isinstance(i, Failure) for i in items) == 1


def test_scan_then_read_by_offset_gives_the_same_articles(tmp_path):
    path = odd_crawl(tmp_path)
    settings = Settings(max_input_bytes=LIMIT)
    direct = [a for a in read_warc(str(path), settings=settings)]
    by_offset = [read_warc_record(page, settings=settings) for page in scan_warc(str(path), settings=settings)]
    assert [a.id for a in direct] == [a.id for a in by_offset if isinstance(a, Article)]
    assert [a.url for a in direct] == [a.url for a in by_offset if isinstance(a, Article)]


def test_a_warc_is_read_record_by_record_not_whole(tmp_path):
    """A crawl larger than the input size limit still streams: only each record must fit."""
    path = write_warc(tmp_path / "big.warc.gz",
                      [("response", f"https://news.example.com/{i}", PAGES[i % len(PAGES)].read_bytes()
                        + f"<!-- copy {i} -->".encode(), {}) for i in range(30)])
    settings = Settings(max_input_bytes=20_000)
    assert path.stat().st_size > 0
    uncompressed = sum(len(PAGES[i % len(PAGES)].read_bytes()) for i in range(30))
    assert uncompressed > settings.max_input_bytes
    items = list(read_inputs([str(path)], settings=settings))
    assert len(items) == 30 and all(isinstance(i, Article) for i in items)

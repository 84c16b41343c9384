"""Hostile archives and JSON lines: every read is bounded (a header line, a nesting depth), a bad
record or line is one short failure that repeats nothing of the file, and the good inputs
around it are still read; the parent's split into work units (`--workers N`) holds the same."""
from __future__ import annotations

import gzip
import tracemalloc
from collections import Counter
from pathlib import Path

from rapsheet.ingest import Failure, read_inputs
from rapsheet.model import Article
from rapsheet.jobs.units import split_units

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "pages" / "kvtn-news-kidnapping-arrest.html"
STORY = (FIXTURES / "articles" / "daz-fentanyl-trafficker-sentenced.txt").read_text()


def warc_record(uri: str | None, body: bytes, date: str = "2025-03-04T08:00:00Z") -> bytes:
    """One response record, written by hand so that a test can leave a header out."""
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    headers = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Record-ID: <urn:uuid:%d>" % len(body),
               b"WARC-Date: " + date.encode()]
    if uri:
        headers.append(b"WARC-Target-URI: " + uri.encode())
    headers += [b"Content-Type: application/http; msgtype=response",
                b"Content-Length: %d" % len(http)]
    return b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"


def assert_short_failure(item, *, not_echoing: bytes = b"") -> None:
    assert isinstance(item, Failure), item
    assert "\n" not in item.reason and len(item.reason) <= 200
    if not_echoing:
        assert not_echoing.decode() not in item.reason


def test_a_gzip_of_one_endless_line_is_refused_in_bounded_memory(tmp_path, capfd):
    import rapsheet.ingest.warc  # noqa: F401  (imported before measuring)

    bogus = tmp_path / "crawl.warc.gz"
    with gzip.open(bogus, "wb") as out:        # 32 MB without a newline, 32 KB compressed
        for _ in range(32):
            out.write(b"A" * 1_000_000)
    tracemalloc.start()
    try:
        items = list(read_inputs([str(bogus)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(items) == 1
    assert_short_failure(items[0], not_echoing=b"AAAA")
    assert items[0].reason.startswith("not a WARC archive")
    assert peak < 16_000_000, f"{peak:,} bytes held to refuse a 32 MB line"
    out, err = capfd.readouterr()
    assert "AAAA" not in out + err


def test_a_file_that_is_no_warc_says_so_without_quoting_it(tmp_path):
    bogus = tmp_path / "notes.warc"
    bogus.write_bytes(b"\x1b[31mGET / HTTP/1.1 secret-token-1234\r\n" + b"x" * 5000)
    [item] = read_inputs([str(bogus)])
    assert_short_failure(item, not_echoing=b"secret-token")
    assert item.reason.startswith("not a WARC archive")
    assert "\x1b" not in item.reason


def test_a_record_without_target_uri_is_one_failure_and_the_next_page_is_read(tmp_path):
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(warc_record(None, PAGE.read_bytes())
                      + warc_record("https://news.example.com/b", PAGE.read_bytes()))
    first, second = read_inputs([str(crawl)])
    assert_short_failure(first)
    assert first.source == f"{crawl}#1" and "WARC-Target-URI" in first.reason
    assert isinstance(second, Article) and second.url == "https://news.example.com/b"


def test_a_warc_cut_inside_a_header_keeps_the_page_before_it(tmp_path):
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(warc_record("https://news.example.com/a", PAGE.read_bytes())
                      + b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Reco")
    items = list(read_inputs([str(crawl)]))
    assert isinstance(items[0], Article) and items[0].url == "https://news.example.com/a"
    assert len(items) == 2
    assert_short_failure(items[1])


def test_bad_archives_never_stop_the_split_into_work_units(tmp_path):
    """What `ingest --workers N` does in the parent before any worker starts."""
    (tmp_path / "a-bogus.warc.gz").write_bytes(gzip.compress(b"B" * 2_000_000))
    (tmp_path / "b-no-uri.warc").write_bytes(warc_record(None, PAGE.read_bytes()))
    (tmp_path / "c-cut.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Reco")
    (tmp_path / "d-good.warc").write_bytes(warc_record("https://news.example.com/d", PAGE.read_bytes()))
    (tmp_path / "e-story.txt").write_text(STORY)
    units = list(split_units([str(tmp_path)], skipped=Counter()))
    failures = [u.target for u in units if u.kind == "item"]
    assert [f.source.split("/")[-1] for f in failures] == ["a-bogus.warc.gz", "b-no-uri.warc#1",
                                                           "c-cut.warc#1"]
    for failure in failures:
        assert_short_failure(failure, not_echoing=b"BBBB")
    assert [u.kind for u in units if u.kind != "item"] == ["warc", "path"]
    assert units[-2].target.url == "https://news.example.com/d"


def test_a_jsonl_line_nested_100000_deep_is_one_failed_line(tmp_path):
    import json

    dump = tmp_path / "dump.jsonl"
    good = json.dumps({"text": STORY, "url": "https://news.example.com/story"})
    dump.write_text("\n".join([good, "[" * 100_000 + "]" * 100_000,
                               '{"text": ' + "[" * 100_000, good.replace("story", "again")]) + "\n")
    items = list(read_inputs([str(dump)]))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article"]
    assert items[1].source == f"{dump}:2" and "nested too deeply" in items[1].reason
    assert_short_failure(items[2])
    assert items[3].url == "https://news.example.com/again"


def test_control_and_bidi_characters_never_reach_an_article():
    from rapsheet.ingest import read_text

    text = ("Police arrested \u202eJohn Smith\u202c, 24, on Tuesday.\x0cHe was charged with "
            "burgl\u00adary and held wi\u200bthout bail.\x1b[2J\x00")
    article = read_text(text, "t.txt", title="\x1b[31mArrest\x07", clean=False, language=None)
    assert article.text == ("Police arrested John Smith, 24, on Tuesday.\nHe was charged with "
                            "burglary and held without bail.[2J")
    assert article.title == "[31mArrest"
    try:
        read_text("\x00\x01\u202e\x1b", "t.txt")
    except Exception as exc:
        assert getattr(exc, "detail", "") == "empty input"
    else:
        raise AssertionError("text of control characters only gave an article")


def test_url_guards_refuse_every_form_of_a_non_public_address():
    """One check for URL lists and the API's fetch, on literal addresses (no lookup leaves)."""
    from rapsheet.api.fetch import refused_reason
    from rapsheet.ingest.urls import refused_address

    refused = ["127.0.0.1", "10.1.2.3", "100.64.0.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
               "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::127.0.0.1", "::10.0.0.1",
               "64:ff9b::a00:1", "64:ff9b::7f00:1", "2002:a00:1::", "2002:7f00:1::",
               "2001:0:4136:e378:8000:63bf:f5ff:fffe"]   # Teredo of 10.0.0.1
    for literal in refused:
        host = f"[{literal}]" if ":" in literal else literal
        assert refused_address(literal, 80), literal
        assert refused_reason(f"http://{host}/"), literal
    for literal in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"):
        host = f"[{literal}]" if ":" in literal else literal
        assert refused_address(literal, 80) is None and refused_reason(f"http://{host}/") is None


def test_text_with_no_readable_content_is_a_failure_never_the_empty_texts_article():
    """Punctuation, symbols or a few letters have (nearly) the empty text's content hash: each
    such input would become the duplicate of the first."""
    from rapsheet.errors import InputError
    from rapsheet.ingest import read_html, read_text

    for text in ("..... ---- ////", "\x00\x01 x", "ok.", "— • — • —\n\n§§§ ¶¶¶"):
        try:
            article = read_text(text, "t.txt")
        except InputError as exc:
            assert exc.stage == "read" and "\n" not in exc.detail
        else:
            raise AssertionError(f"{text!r} gave the article {article.id}")
    try:
        read_html("<html><body><p>" + "&mdash; " * 400 + "</p></body></html>", "p.html")
    except InputError as exc:
        assert exc.stage in ("read", "extract")
    else:
        raise AssertionError("a page of dashes gave an article")
    assert read_text("Police arrested a man.", "t.txt").text == "Police arrested a man."


def test_tag_soup_and_endless_text_are_refused_before_they_cost_a_parse():
    """14 MB of paragraphs took 78 s and 700 MB to read as one 'article': the tags are counted
    before parsing, and a main text no article reaches is refused too."""
    from rapsheet.errors import InputError
    from rapsheet.ingest import read_html, read_text
    from rapsheet.settings import Settings

    soup = "<html><body>" + "<p>Police said a man was arrested.</p>" * 100_000 + "</body></html>"
    try:
        read_html(soup, "soup.html")
    except InputError as exc:
        assert exc.stage == "size" and exc.detail.startswith("too many tags for a page: 200,00")
    else:
        raise AssertionError("tag soup read as an article")
    long_text = "Police said a man was arrested on Monday in Dallas. " * 8_000
    try:
        read_text(long_text, "dump.txt", settings=Settings(max_article_chars=300_000))
    except InputError as exc:
        assert exc.stage == "size" and "text too long for an article" in exc.detail
    else:
        raise AssertionError("400,000 characters read as one article")

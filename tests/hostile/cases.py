"""The hostile inputs, built on demand (no large file is kept in the repository): each case is
one file that must come out as exactly one short recorded failure, beside good files of every
format that must come out as articles. Shared by tests/hostile and benchmarks/hostile_bounds.py.

    cases, good = build_inputs(folder)        # [(Case, Path)], {path: articles expected}
"""
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
PAGES = ROOT / "tests" / "fixtures" / "pages"
STORIES = [ARTICLES / name for name in ("daz-fentanyl-trafficker-sentenced.txt",
                                        "cibolo-springs-mayor-bribery-sentencing.txt",
                                        "ap-jury-acquits-former-commissioner-bribery.txt")]
PAGE = PAGES / "kvtn-news-kidnapping-arrest.html"
#: The input size limit the suite runs under (RAPSHEET_MAX_INPUT_BYTES).
MAX_INPUT_BYTES = 2_000_000


@dataclass(frozen=True)
class Case:
    name: str
    kind: str          # text, html, warc, feed, jsonl, urls
    filename: str
    data: bytes


def _warc_record(uri: str | None, body: bytes, content_type: bytes = b"text/html") -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type + b"; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    headers = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Record-ID: <urn:uuid:%d>" % len(body),
               b"WARC-Date: 2025-03-04T08:00:00Z"]
    if uri:
        headers.append(b"WARC-Target-URI: " + uri.encode())
    headers += [b"Content-Type: application/http; msgtype=response", b"Content-Length: %d" % len(http)]
    return b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6)


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10)) + "]>\n")


def hostile_cases() -> list[Case]:
    rng = random.Random(19)
    story = STORIES[0].read_text(encoding="utf-8")
    cases = [
        # Plain text
        Case("control characters only", "text", "control.txt", b"\x00\x01\x02\x1b[31m\x07\x08"),
        Case("empty file", "text", "empty.txt", b""),
        Case("whitespace only", "text", "blank.txt", b" \n\t\n\r\n   "),
        Case("punctuation only", "text", "dashes.txt", b"..... ---- //// !!! ???"),
        Case("bidi and zero-width only", "text", "bidi.txt", "\u202e\u202d\u2066\u200b\ufeff".encode()),
        Case("random binary", "text", "noise.txt", bytes(rng.randrange(256) for _ in range(4096))),
        Case("a PNG named .txt", "text", "mugshot.txt", b"\x89PNG\r\n\x1a\n" + bytes(2000)),
        Case("one letter", "text", "one.txt", b"a"),
        Case("over the size limit", "text", "huge.txt",
             ((story + "\n") * (MAX_INPUT_BYTES // len(story) + 2)).encode()),
        Case("NULs and symbols", "text", "nuls.txt", b"\x00" * 500 + "§¶•—".encode() * 20),
        Case("UTF-16 control characters", "text", "utf16.txt", "\ufeff\x01\x02\x03\x1b".encode("utf-16")),
        Case("a gzip bomb named .txt.gz", "text", "bomb.txt.gz", _gz(b"\x00" * 30_000_000)),
        Case("a broken gzip", "text", "broken.txt.gz", _gz(story.encode())[:200]),
        # HTML
        Case("an empty page", "html", "empty.html", b"<html><head></head><body></body></html>"),
        Case("a page of markup only", "html", "markup.html", b"<html><body>" + b"<div><span></span></div>" * 2000
             + b"</body></html>"),
        Case("script only", "html", "script.html", b"<html><body><script>" + b"alert(1);" * 500
             + b"</script></body></html>"),
        Case("billion laughs in a page", "html", "laughs.html", (LAUGHS + "<html><body><p>&lol9;</p></body></html>")
             .encode()),
        Case("100,000 nested divs", "html", "nested.html", b"<html><body>" + b"<div>" * 100_000 + b"x"
             + b"</div>" * 100_000 + b"</body></html>"),
        Case("tag soup", "html", "soup.html", b"<html><body>" + b"<b><i><p><table><tr><td><a href=x>"
             * 20_000 + b"</body></html>"),
        Case("a page of NULs", "html", "nuls.html", b"<html><body><p>" + b"\x00" * 5000 + b"</p></body></html>"),
        Case("a page of dashes", "html", "dashes.html", b"<html><body><p>" + "&mdash; ".encode() * 400
             + b"</p></body></html>"),
        Case("a PNG named .html", "html", "mugshot.html", b"\x89PNG\r\n\x1a\n" + bytes(3000)),
        Case("a page over the size limit", "html", "huge.html", b"<html><body><p>" + b"word " * (MAX_INPUT_BYTES // 5)
             + b"</p></body></html>"),
        # WARC
        Case("a .warc.gz of one endless line", "warc", "endless.warc.gz", _gz(b"A" * 8_000_000)),
        Case("a .warc of noise", "warc", "noise.warc", bytes(rng.randrange(256) for _ in range(8192))),
        Case("a WARC cut inside a header", "warc", "cut.warc", _warc_record("http://news.example/a", b"<p>x</p>")[:60]),
        Case("a WARC record without a target URI", "warc", "nouri.warc",
             _warc_record(None, PAGE.read_bytes())),
        Case("a WARC header line of 1 MB", "warc", "longline.warc", b"WARC/1.0\r\nWARC-Type: " + b"r" * 1_000_000
             + b"\r\n\r\n"),
        Case("a .warc.gz of zeros", "warc", "zeros.warc.gz", _gz(b"\x00" * 20_000_000)),
        Case("an empty .warc", "warc", "empty.warc", b""),
        Case("a WARC whose Content-Length lies", "warc", "lies.warc",
             _warc_record("http://news.example/b", PAGE.read_bytes()).replace(b"Content-Length: ", b"Content-Length: 9", 1)),
        # Feeds
        Case("billion laughs in a feed", "feed", "laughs.rss", (LAUGHS + '<rss version="2.0"><channel><title>&lol9;'
                                                                 "</title></channel></rss>").encode()),
        Case("an external entity in a feed", "feed", "xxe.rss",
             b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
             b'<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
             b'<description>&x;</description></item></channel></rss>'),
        Case("a feed with no item", "feed", "none.rss", b'<?xml version="1.0"?><rss version="2.0"><channel>'
             b"<title>Police blotter</title></channel></rss>"),
        Case("a broken feed", "feed", "broken.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><item>'
             b"<title>Arrest</tit"),
        Case("an Atom feed nested 50,000 deep", "feed", "deep.atom",
             b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + b"<x>" * 50_000
             + b"</x>" * 50_000 + b"</feed>"),
        Case("a feed item of control characters", "feed", "controls.rss",
             b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>\x1b[2J'
             b"</title><description>&#x202e;&#x200b;</description></item></channel></rss>"),
    ]
    # JSON lines: one hostile line a file
    lines = {
        "a line nested 100,000 deep": '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "a line that is not JSON": '{"text": "Police arrested',
        "a JSON array line": json.dumps([story]),
        "a line without text": json.dumps({"title": "Arrest", "url": "http://news.example/x"}),
        "a line of NULs": json.dumps({"text": "\u0000" * 400}),
        "a line with text 42": json.dumps({"text": 42}),
        "a line of bidi characters": json.dumps({"text": "\u202e\u2066\u200f" * 100}),
        "a line with a bad date": json.dumps({"text": "\u0001" * 5, "published": "9999-99-99"}),
        "a line of 3 MB": json.dumps({"text": "x" * 3_000_000}),
        "a line of billion laughs HTML": json.dumps({"html": LAUGHS + "<html><body>&lol9;</body></html>"}),
    }
    for i, (name, line) in enumerate(lines.items()):
        cases.append(Case(name, "jsonl", f"line{i:02d}.jsonl", line.encode() + b"\n"))
    # URL lists: literal addresses only, all refused before any connection
    urls = {
        "a loopback URL": "http://127.0.0.1:9/admin",
        "a cloud metadata URL": "http://169.254.169.254/latest/meta-data/",
        "an FTP URL": "ftp://files.example/story.html",
        "a javascript: URL": "javascript:alert(1)",
        "a mapped private IPv6 URL": "http://[::ffff:10.0.0.1]/",
        "a NAT64 loopback URL": "http://[64:ff9b::7f00:1]/",
        "a 6to4 private URL": "http://[2002:c0a8:101::]/",
        "a link-local IPv6 URL": "http://[fe80::1]/",
        "a shared-address URL": "http://100.64.0.1/",
        "a line of 10 KB garbage": "%%" + "\x7f" * 10_000,
    }
    for i, (name, url) in enumerate(urls.items()):
        cases.append(Case(name, "urls", f"list{i:02d}.urls", url.encode() + b"\n"))
    return cases


def good_inputs() -> dict[str, bytes]:
    """One good input of each format, each a different article (filename: bytes)."""
    texts = [p.read_text(encoding="utf-8") for p in STORIES]
    return {
        "good.txt": texts[0].encode(),
        "good.html": PAGE.read_bytes(),
        "good.jsonl": (json.dumps({"text": "\u202e" + texts[1], "published": "2025-03-04"}) + "\n"
                       + '{"text": ' + "[" * 5000 + "]" * 5000 + "}\n").encode(),   # + a bad line
        "good.warc": _warc_record(None, b"<p>lost</p>") + _warc_record(
            "http://news.example/story", ("<html><body><article><h1>Verdict</h1>" + "".join(
                f"<p>{p}</p>" for p in texts[2].split("\n\n")) + "</article></body></html>").encode()),
    }


#: Failures the good files bring (their hostile parts): filename -> count.
GOOD_FILE_FAILURES = {"good.jsonl": 1, "good.warc": 1}


def build_inputs(folder: Path) -> tuple[list[tuple[Case, Path]], dict[Path, int]]:
    folder.mkdir(parents=True, exist_ok=True)
    built = []
    for case in hostile_cases():
        path = folder / case.filename
        path.write_bytes(case.data)
        built.append((case, path))
    good = {}
    for name, data in good_inputs().items():
        path = folder / name
        path.write_bytes(data)
        good[path] = GOOD_FILE_FAILURES.get(name, 0)
    return built, good

"""Crawl every UI page of an app (a TestClient) and collect what a reader sees."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

#: What must never reach a reader: TimeML codes, hashes, file paths, "reported ?".
MACHINE = [
    ("TimeML code", re.compile(r"PAST_REF|PRESENT_REF|FUTURE_REF|XXXX|\bW?XX\b|\b\d{4}-W\d\d\b")),
    ("hex id", re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b")),
    ("file path", re.compile(r"(?:^|[\s(])(?:/[\w.-]+){2,}|\b[\w-]+/[\w-]+\.(?:txt|html?|json|jsonl|warc)\b")),
    ("unknown date", re.compile(r"reported \?|\bundated\b")),
]
_SEEN_ATTRS = ("title", "aria-label", "alt", "placeholder")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._skip = 0
        self._link: list | None = None
        self._body = 0   # depth inside the article's own text, whose words are the source's

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if self._body or attrs.get("id") == "article-text":
            self._body += 1
        for name in _SEEN_ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "a" and attrs.get("href"):
            self._link = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if self._body:
            self._body -= 1
        if tag == "a" and self._link:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data):
        if self._skip:
            return
        if not self._body:
            self.texts.append(data)
        if self._link is not None:
            self._link[1] += data


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def problems(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for line in text.splitlines():
            for what, pattern in MACHINE:
                if pattern.search(line):
                    found.append(f"{what}: {line.strip()[:160]!r}")
    return found


def crawl(client, start: str = "/ui/", limit: int = 2000):
    """Yield (path, reader) for every /ui page reachable from `start` by GET links."""
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        reader = read(response.text)
        yield path, reader
        for href, _ in reader.links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/ui/") or parts.path.startswith("/ui/key"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)

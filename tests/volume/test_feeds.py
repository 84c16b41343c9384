"""RSS and Atom feeds: each item with text becomes an article with its title, link and date; an
item without text is a failure and the feed goes on; short items are skipped, foreign ones kept
with their language."""
from __future__ import annotations

from collections import Counter
from html import escape

from rapsheet.ingest import Failure, read_inputs
from rapsheet.model import Article

from .conftest import FIXTURES

STORY = (FIXTURES / "articles" / "reuters-spain-arrests-colombian-launderer.txt").read_text(encoding="utf-8")
SPANISH = ("La Policía Nacional detuvo el martes en Madrid a un ciudadano colombiano acusado de "
           "blanquear millones de euros para una red de narcotraficantes, según informaron fuentes "
           "de la investigación, que añadieron que el detenido será puesto a disposición judicial.")


def paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire: Crime</title><link>https://wire.example.com/crime</link>
<item><title>Spain arrests Colombian accused of laundering cartel money</title>
  <link>https://wire.example.com/crime/launderer</link>
  <pubDate>Tue, 04 Mar 2025 09:30:00 GMT</pubDate>
  <description>Short teaser only.</description>
  <content:encoded><![CDATA[{paragraphs(STORY)}]]></content:encoded></item>
<item><title>Photo gallery: the week in pictures</title><link>https://wire.example.com/gallery</link>
  <pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>Empty shell</title><link>https://wire.example.com/empty</link>
  <description>   </description></item>
<item><title>Teaser</title><link>https://wire.example.com/teaser</link>
  <description>Police made an arrest.</description></item>
<item><title>Detenido en Madrid</title><link>https://wire.example.com/es</link>
  <description>{escape(SPANISH)} {escape(SPANISH)}</description></item>
<item><title>Broken & unescaped <b>markup</title><link>https://wire.example.com/broken</link>
  <description><![CDATA[{paragraphs(STORY.replace("Spain", "Portugal"))}]]></description></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Court news</title><id>urn:court</id>
<updated>2025-03-05T00:00:00Z</updated>
<entry><title>Launderer held in Madrid</title><id>urn:court:1</id>
  <link href="https://court.example.com/1"/><published>2025-03-05T08:00:00Z</published>
  <updated>2025-03-06T08:00:00Z</updated>
  <content type="html">{escape(paragraphs(STORY))}</content></entry>
<entry><title>No body</title><id>urn:court:2</id><link href="https://court.example.com/2"/>
  <updated>2025-03-05T09:00:00Z</updated></entry>
</feed>
"""


def test_rss_items_become_articles_and_broken_items_do_not_stop_the_feed(tmp_path):
    path = tmp_path / "crime.rss"
    path.write_text(RSS, encoding="utf-8")
    skipped = Counter()
    items = list(read_inputs([str(path)], skipped=skipped))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article", "Article"]
    first, gallery, empty, spanish, last = items
    assert spanish.language == "es" and spanish.title == "Detenido en Madrid"
    assert first.title == "Spain arrests Colombian accused of laundering cartel money"
    assert first.url == "https://wire.example.com/crime/launderer"
    assert first.published.isoformat() == "2025-03-04"
    assert first.source == f"{path}:1"
    # the full content, not the teaser
    assert "Short teaser" not in first.text and len(first.text) > 500
    assert (gallery.source, gallery.reason) == (f"{path}:2", "feed item has no text")
    assert (empty.source, empty.reason) == (f"{path}:3", "feed item has no text")
    assert last.source == f"{path}:6" and "Portugal" in last.text
    assert skipped == {"not an article": 1}


def test_atom_entries_by_suffix_or_by_content(tmp_path):
    for name in ("court.atom", "court.xml", "court-feed"):
        path = tmp_path / name
        path.write_text(ATOM, encoding="utf-8")
        items = list(read_inputs([str(path)]))
        assert [type(i) for i in items] == [Article, Failure], name
        assert items[0].url == "https://court.example.com/1"
        assert items[0].published.isoformat() == "2025-03-05"     # published, not updated
        assert items[1].reason == "feed item has no text"


def test_a_file_that_is_no_feed_is_one_failure(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_bytes(b"<rss><channel><item><title>cut off")
    items = list(read_inputs([str(path)]))
    assert len(items) <= 1 and all(isinstance(i, Failure) for i in items)

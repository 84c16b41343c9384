"""read_inputs: files, directories and standard input, detected by content and suffix, in order;
a missing path is a usage error before anything is read."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rapsheet.errors import UsageError
from rapsheet.ingest import Failure, detect_kind, read_inputs
from rapsheet.model import Article
from tests.conftest import SEED

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "pages" / "gulf-coast-courier-fentanyl-arrest.html"

STORY = ("Reno Man Charged in Copper Theft\n\nA Reno man was charged on Monday with stealing more than "
         "300 pounds of copper wire from a solar farm east of the city, the Washoe County Sheriff's "
         "Office said. Deputies found the wire in the bed of his pickup truck during a traffic stop.\n")


def test_missing_path_is_a_usage_error_before_anything_is_read(tmp_path):
    good = tmp_path / "story.txt"
    good.write_text(STORY)
    with pytest.raises(UsageError) as err:
        read_inputs([str(good), str(tmp_path / "nope.txt")])
    assert "nope.txt" in err.value.detail and "\n" not in err.value.detail


def test_directory_gives_its_input_files_sorted_skipping_hidden_ones(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY.replace("Reno", "Sparks"))
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / ".cache" / "c.txt").write_text(STORY)
    (tmp_path / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.source for i in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
    assert all(isinstance(i, Article) for i in items)


def test_inputs_keep_their_order_and_failures_keep_their_place(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = list(read_inputs([str(PAGE), str(empty), str(SEED)], published=dt.date(2025, 4, 23)))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    assert [i.source for i in items] == [str(PAGE), str(empty), str(SEED)]


def test_published_argument_only_fills_a_missing_date():
    page, seed = read_inputs([str(PAGE), str(SEED)], published=dt.date(2025, 4, 23))
    assert page.published == dt.date(2025, 3, 14)        # the page's own date wins
    assert seed.published == dt.date(2025, 4, 23)


def test_gzip_files_are_read_by_the_name_inside(tmp_path):
    page = tmp_path / "courier.html.gz"
    page.write_bytes(gzip.compress(PAGE.read_bytes()))
    text = tmp_path / "seed.txt.gz"
    text.write_bytes(gzip.compress(SEED.read_bytes()))
    page_article, text_article = read_inputs([str(page), str(text)])
    assert page_article.author == "Maria Gonzalez"
    assert "<p>" not in page_article.text and "spare tire of his pickup truck" in page_article.text
    assert text_article.title.startswith("Trump Administration Files")


def test_content_beats_suffix_and_unknown_suffixes_are_sniffed(tmp_path):
    saved = tmp_path / "saved-page.txt"          # a web page saved under a text name
    saved.write_bytes(PAGE.read_bytes())
    bare = tmp_path / "article"                   # no suffix: plain text
    bare.write_text(STORY)
    records = tmp_path / "dump.data"              # no known suffix: JSON lines
    records.write_text("\n".join(json.dumps({"text": STORY.replace("Reno", town)})
                                 for town in ("Reno", "Elko")) + "\n")
    items = list(read_inputs([str(saved), str(bare), str(records)]))
    assert items[0].author == "Maria Gonzalez" and "<html" not in items[0].text
    assert items[1].title == "Reno Man Charged in Copper Theft"
    assert [i.source for i in items[2:]] == [f"{records}:1", f"{records}:2"]
    assert "Elko man" in items[3].text


@pytest.mark.parametrize("name, head, kind", [
    ("a.html", b"<!DOCTYPE html><html>", "html"),
    ("a.txt", b"\xef\xbb\xbf  <!doctype HTML>\n<html>", "html"),
    ("a.txt", b"Police said", "text"),
    ("a.jsonl", b'{"text": "x"}\n', "jsonl"),
    ("a.jsonl.gz", b'{"text": "x"}\n', "jsonl"),
    ("a.warc.gz", b"WARC/1.0\r\n", "warc"),
    ("feed.xml", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
    ("atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    ("page", b"<div><p>Police said</p></div>", "html"),
    ("notes", b"Police said the man fled.", "text"),
])
def test_detect_kind(name, head, kind):
    assert detect_kind(name, head) == kind


def test_jsonl_source_is_path_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": STORY, "url": "https://news.example.com/reno",
                                "published": "2025-06-02T08:00:00Z"}) + "\n")
    (article,) = read_inputs([str(path)])
    assert article.source == f"{path}:1"
    assert article.url == "https://news.example.com/reno"
    assert article.published == dt.date(2025, 6, 2)
    assert article.title == "Reno Man Charged in Copper Theft"


def test_jsonl_title_given_beside_the_text_is_not_repeated_in_the_body(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": STORY, "title": "Reno Man Charged in Copper Theft"}) + "\n")
    (article,) = read_inputs([str(path)])
    assert article.text.startswith("A Reno man was charged on Monday")


def test_no_clean_keeps_jsonl_text_verbatim(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": STORY + "\nShare this:\n"}) + "\n")
    (article,) = read_inputs([str(path)], clean=False)
    assert article.text == STORY + "\nShare this:\n"


def test_standard_input_is_read_as_plain_text():
    code = ("import sys, json; from rapsheet.ingest import read_inputs; "
            "print(json.dumps([i.to_json() if hasattr(i, 'text') else {'failure': i.reason} "
            "for i in read_inputs(['-'], clean=False)]))")
    out = subprocess.run([sys.executable, "-c", code], input=STORY.encode(), capture_output=True,
                         check=True, timeout=120)
    (doc,) = json.loads(out.stdout)
    assert doc["source"] == "-"
    assert doc["text"] == STORY

"""NUL and other control characters on both databases: cleaned at the ingest boundary, refused by
the store with a clear error when they come any other way, never a crash, an aborted batch, a
500 or a logged SQL parameter."""
from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rapsheet.errors import InputError
from rapsheet.jobs import ingest
from rapsheet.settings import Settings
from tests.store.store_corpus import many_documents

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
STORY = (ARTICLES / "daz-fentanyl-trafficker-sentenced.txt").read_text()
OTHER = (ARTICLES / "reuters-spain-arrests-colombian-launderer.txt").read_text()
KEY = "test-key-nul"


@pytest.mark.model
def test_nul_in_files_and_json_lines_is_cleaned_and_the_whole_batch_stored(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # NUL past the first 8 KB (where binary sniffing stops) and bidi/ESC in the title line.
    padded = STORY + "\n\n" + "The office thanked the agents. " * 300
    (folder / "a-late-nul.txt").write_text("\x1b[31mFentanyl\u202e trafficker sentenced\n\n"
                                           + padded[:9000] + "\x00" + padded[9000:])
    lines = [json.dumps({"text": OTHER.replace("Spain", "Sp\x00ain", 1), "title": "T\x00itle",
                         "url": "https://news.example.com/a\x00b"}),
             json.dumps({"text": "\x00\x01\x02 \x00"})]
    (folder / "b-dump.jsonl").write_text("\n".join(lines) + "\n")
    summary = ingest([str(folder)], store=store)
    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    assert summary.failures[0].reason == "empty input"
    for article_id in summary.article_ids:
        stored = store.article(article_id)["article"]
        assert not any("\x00" in (stored[f] or "") or "\x1b" in (stored[f] or "") or "\u202e" in (stored[f] or "")
                       for f in ("text", "title", "url", "source")), stored
    titles = {store.article(i)["article"]["title"] for i in summary.article_ids}
    assert "Title" in titles


def test_the_store_refuses_nul_with_a_clear_error_and_stays_usable(store):
    doc = many_documents(1)[0]
    poisoned = dataclasses.replace(doc, article=dataclasses.replace(doc.article, title="a\x00b"))
    with pytest.raises(InputError, match="NUL"):
        store.add(poisoned)
    with pytest.raises(InputError, match="NUL"):
        store.entity("a\x00b")
    assert store.add_failure("file\x00.txt", "read", "bad\x00 input")
    assert store.add(doc).new


@pytest.fixture
def api(db_url, pipeline):
    from rapsheet.api import create_app

    with TestClient(create_app(Settings(db=db_url, api_key=KEY)), raise_server_exceptions=False) as client:
        yield client


def test_api_answers_nul_with_4xx_and_logs_no_traceback(api, caplog):
    caplog.set_level(logging.INFO)
    headers = {"X-API-Key": KEY}
    added = api.post("/articles", json={"text": STORY[:600] + "\u0000" + STORY[600:],
                                        "title": "Sentenced\u0000", "url": "https://x.example/\u0000"},
                     headers=headers)
    assert added.status_code == 201, added.text
    article = api.get(f"/articles/{added.json()['id']}").json()["article"]
    assert "\x00" not in json.dumps(article) and article["title"] == "Sentenced"
    assert api.post("/articles", json={"text": "\u0000\u0001"}, headers=headers).status_code == 422
    assert api.post("/articles", content="\x00 \x00".encode(), headers={**headers, "content-type": "text/plain"}
                    ).status_code == 422
    for path, status in (("/entities/a%00b", 404), ("/entities/a%00b/timeline", 404),
                         ("/articles/a%00b", 404), ("/entities?q=a%00b", 422), ("/failures?limit=%00", 422)):
        response = api.get(path)
        assert response.status_code == status, (path, response.text)
        assert response.json()["ok"] is False
    assert "Traceback" not in caplog.text and "[parameters" not in caplog.text
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


class _Text(str):
    """A str subclass, as some drivers and libraries pass parameters."""


class _Row(tuple):
    pass


@pytest.mark.parametrize("parameters, holds", [
    ("a\x00b", True), ("ab", False), ((), False), ({}, False), (None, False), (b"a\x00b", False),
    (("id", 3, None, 1.5), False), (("id", 3, "x\x00"), True),
    ([("a", "b"), ("c", 1), ("d", "e\x00")], True), ([("a", "b"), ("c", 1)], False),
    ({"ids": ["a", "b", "c\x00"]}, True), ([{"k": "v"}, {"k": ("w", {"deep": ["x\x00"]})}], True),
    ([{"k": "v"}, {"k": ("w", {"deep": ["x"]})}], False),
    (_Row([_Text("a\x00")]), True), ([[_Text("a")]], False),
])
def test_the_nul_check_finds_a_nul_at_any_depth_and_nothing_else(parameters, holds):
    # Every statement's parameters pass through it: an optimisation must not miss a NUL in an
    # executemany's rows, a dict's values or a str subclass, nor see one in bytes.
    from rapsheet.store.engine import _holds_nul
    assert _holds_nul(parameters) is holds

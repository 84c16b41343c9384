"""A page a worker has read already in this run is not read again: its copies (the same text and
publication date under other addresses) get the same reading with themselves as the article,
in the chunk that holds the first one or in a later chunk; a copy with another date is read,
since dates are resolved against it; and `ingest` counts what it did not read again."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

import rapsheet.nlp.pipeline as pipeline
from rapsheet.cli import main
from rapsheet.jobs.units import Unit
from rapsheet.jobs.worker import ExtractWorker
from rapsheet.model import Article, Document

from .conftest import FIXTURES

TEXT = (FIXTURES / "articles" / "daz-fentanyl-trafficker-sentenced.txt").read_text(encoding="utf-8")
OTHER = (FIXTURES / "articles" / "reuters-spain-arrests-colombian-launderer.txt").read_text(encoding="utf-8")


def reading(document: Document) -> dict:
    """Everything read from an article, without the article itself."""
    return {k: v for k, v in document.to_json().items() if k != "article"}


@pytest.mark.model
def test_a_copy_gets_the_first_reading_and_only_its_own_article(monkeypatch):
    read: list[str] = []
    real = pipeline.extract_documents

    def counted(articles, nlp=None, batch_size=8):
        articles = list(articles)
        read.extend(a.source for a in articles)
        return real(articles, nlp, batch_size)

    monkeypatch.setattr(pipeline, "extract_documents", counted)
    day, other_day = dt.date(2025, 3, 4), dt.date(2024, 1, 9)
    first = Article("site-a/1", TEXT, title="Sentenced", url="https://a.example/1", published=day)
    copy = Article("site-b/9", TEXT, title="Trafficker sentenced", url="https://b.example/9", published=day)
    dated_otherwise = Article("site-c/2", TEXT, published=other_day)
    later_copy = Article("site-d/5", TEXT, published=day)
    other = Article("site-a/2", OTHER, published=day)

    worker = ExtractWorker()
    one = worker.run([Unit("item", first), Unit("item", copy), Unit("item", dated_otherwise)])
    two = worker.run([Unit("item", other), Unit("item", later_copy)])

    assert read == ["site-a/1", "site-c/2", "site-a/2"]   # each copy was not read again
    assert (one.copies, two.copies) == (1, 1)
    documents = one.outcomes + two.outcomes
    assert [d.article.source for d in documents] == ["site-a/1", "site-b/9", "site-c/2", "site-a/2", "site-d/5"]
    assert documents[1].article is copy and documents[4].article is later_copy
    assert reading(documents[1]) == reading(documents[0]) == reading(documents[4])
    assert documents[0].events, "the fixture is read into events"
    # Read on its own, the copy gives the same facts.
    assert reading(ExtractWorker().run([Unit("item", copy)]).outcomes[0]) == reading(documents[0])


@pytest.mark.model
def test_ingest_counts_the_copies_it_did_not_read_again(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.txt").write_text(OTHER, encoding="utf-8")
    monkeypatch.setenv("RAPSHEET_DB", f"sqlite:///{tmp_path / 'store.db'}")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["read"], summary["new"], summary["duplicate"]) == (4, 2, 2)
    assert [w["copies"] for w in summary["workers"]] == [2]

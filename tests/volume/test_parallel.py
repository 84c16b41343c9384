"""`ingest --workers 2`: the same stored articles and facts as one worker, written by one writer
in input order; each worker's peak memory is reported; what is stored already is skipped."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from rapsheet.cli import main
from rapsheet.jobs import ingest
from rapsheet.store import open_store

from .conftest import FIXTURES, PAGES, write_warc


def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz",
               [("response", f"https://news.example.com/{page.stem}", page.read_bytes(), {})
                for page in PAGES[:4]]
               + [("response", "https://news.example.com/logo.png", b"\x89PNG", {"content_type": "image/png"})])
    for name in ("reuters-spain-arrests-colombian-launderer", "daz-fentanyl-trafficker-sentenced"):
        (folder / f"{name}.txt").write_text((FIXTURES / "articles" / f"{name}.txt").read_text())
    (folder / "empty.txt").write_text("")
    return folder


def stored(url: str) -> dict:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        articles = conn.execute(sa.text("select id, source, url, title from articles order by id")).all()
        facts = conn.execute(sa.text(
            "select article_id, prop, value from statements order by article_id, prop, value")).all()
        events = conn.execute(sa.text("select article_id, type, stage from events order by 1, 2, 3")).all()
    engine.dispose()
    return {"articles": [tuple(r) for r in articles], "facts": [tuple(r) for r in facts],
            "events": [tuple(r) for r in events]}


@pytest.mark.model
def test_two_workers_store_what_one_worker_stores(tmp_path, monkeypatch):
    folder = corpus(tmp_path)
    one_url, two_url = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    with open_store(one_url) as store:
        one = ingest([str(folder)], store=store, workers=1)
    assert (one.read, one.new, one.failed) == (7, 6, 1)
    assert one.skipped == {"warcinfo record": 1, "not HTML": 1}

    # Resumable: the two-worker store already holds one article, as after a crash.
    with open_store(two_url) as store:
        ingest([str(folder / "reuters-spain-arrests-colombian-launderer.txt")], store=store)
    monkeypatch.setenv("RAPSHEET_DB", two_url)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--workers", "2", "--json"])
    assert result.exit_code == 1, result.output      # the empty file failed
    two = json.loads(result.stdout.strip().splitlines()[-1])
    assert (two["read"], two["new"], two["duplicate"], two["failed"]) == (7, 5, 1, 1)
    assert two["skipped"] == {"not HTML": 1, "warcinfo record": 1}
    # Seven items make two chunks: which worker took which is the pool's business, and on a
    # loaded machine the first one ready takes both, so the workers that reported are one or two.
    # Each that did loaded the pipeline, and between them they read every item.
    assert 1 <= len(two["workers"]) <= 2
    assert all(w["peak_rss_mb"] > 50 for w in two["workers"])
    assert sum(w["items"] for w in two["workers"]) == two["read"]

    assert stored(one_url) == stored(two_url)
    # One writer, in input order: the archive's pages (the folder is read sorted), then the texts.
    engine = sa.create_engine(two_url)
    with engine.connect() as conn:
        by_time = [r[0] for r in conn.execute(sa.text("select id from articles order by first_seen, rowid"))]
    engine.dispose()
    pre_stored = by_time[0]
    assert by_time[1:] == [i for i in one.article_ids if i != pre_stored]

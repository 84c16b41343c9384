"""A process killed in the middle of a batch leaves only whole articles, and rerunning the batch
stores each article exactly once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import sqlalchemy as sa

from tests.store.store_corpus import expected_counts, many_documents
from rapsheet.store import open_store
from rapsheet.store import schema as t

BATCH = 400

CHILD = textwrap.dedent("""
    import sys
    from tests.store.store_corpus import many_documents
    from rapsheet.store import open_store
    store = open_store(sys.argv[1])
    for document in many_documents(int(sys.argv[2])):
        store.add(document)
""")


def per_article(store, table) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.article_id, sa.func.count())
                            .group_by(table.c.article_id))
        return dict(rows.all())


def assert_whole(store, documents) -> None:
    """Every stored article has all its rows; none is stored twice."""
    by_id = {doc.article.id: doc for doc in documents}
    stored = [a["id"] for a in store.articles(limit=10 * len(documents))]
    assert len(stored) == len(set(stored))
    counts = {name: per_article(store, getattr(t, name))
              for name in ("mentions", "statements", "charges", "quotes")}
    for article_id in stored:
        expected = expected_counts(by_id[article_id])
        for name, n in expected.items():
            assert counts[name].get(article_id, 0) == n, (article_id, name)
    # No rows belong to an article that is not there.
    for name, by_article in counts.items():
        assert set(by_article) <= set(stored), name


def test_sigkill_mid_batch_then_rerun(db_url):
    documents = many_documents(BATCH)
    with open_store(db_url) as store:             # schema ready before the child starts
        child = subprocess.Popen([sys.executable, "-c", CHILD, db_url, str(BATCH)],
                                 cwd=Path(__file__).parents[2],   # the project root: tests.* imports
                                 stderr=subprocess.PIPE, env=os.environ | {"PYTHONUNBUFFERED": "1"})
        try:
            deadline = time.monotonic() + 120
            while store.counts()["articles"] < BATCH // 8:
                assert child.poll() is None, child.stderr.read().decode()
                assert time.monotonic() < deadline, "the child stored too little in time"
                time.sleep(0.02)
            child.send_signal(signal.SIGKILL)
        finally:
            child.wait()
        assert child.returncode == -signal.SIGKILL
        killed_at = store.counts()["articles"]
        assert BATCH // 8 <= killed_at < BATCH, "the kill came after the batch ended"
        assert_whole(store, documents)

        results = store.add_many(documents)
        assert sum(r.new for r in results) == BATCH - killed_at
        assert store.counts()["articles"] == BATCH
        assert_whole(store, documents)

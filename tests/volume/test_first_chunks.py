"""A large batch through the worker pool starts with larger chunks, which the workers read while
the writer loads what resolution needs (`rapsheet.jobs.local._warm_writer`); what is stored is
what one worker stores, and a small batch is left as it was."""
from __future__ import annotations

import pytest

import rapsheet.jobs.local as local
from rapsheet.jobs.local import ingest_local
from rapsheet.jobs.units import Unit, chunked
from rapsheet.store import open_store

from .conftest import FIXTURES
from .test_parallel import stored


def test_the_first_chunks_can_be_larger():
    units = [Unit("item", n) for n in range(11)]
    sizes = [len(c) for c in chunked(units, 2, first=2, first_size=4)]
    assert sizes == [4, 4, 2, 1]
    assert [len(c) for c in chunked(units[:5], 2, first=2, first_size=4)] == [4, 1]
    assert [len(c) for c in chunked(units, 2)] == [2, 2, 2, 2, 2, 1]
    assert [u.target for c in chunked(units, 2, first=2, first_size=4) for u in c] == list(range(11))


def _folder(tmp_path, count):
    texts = sorted((FIXTURES / "articles").glob("*.txt"))[:count]
    folder = tmp_path / f"in{count}"
    folder.mkdir()
    for path in texts:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.model
def test_a_large_batch_warms_the_writer_and_stores_what_one_worker_stores(tmp_path, monkeypatch):
    # One unit a chunk: (2 workers + 1) x 6 = 18 units make a large batch.
    warmed: list[int] = []
    monkeypatch.setattr(local, "_warm_writer", lambda: warmed.append(1))
    folder = _folder(tmp_path, 20)
    one_url, two_url = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    with open_store(one_url) as store:
        one = ingest_local([str(folder)], store, workers=1, chunk_units=1)
    with open_store(two_url) as store:
        two = ingest_local([str(folder)], store, workers=2, chunk_units=1)
    assert warmed == [1]
    assert (two.read, two.new, two.failed) == (one.read, one.new, one.failed) == (20, 20, 0)
    assert two.article_ids == one.article_ids             # input order, whatever the chunks
    assert stored(one_url) == stored(two_url)

    # Fewer units than the large first chunks hold: plain chunks, no warming.
    small = _folder(tmp_path, 5)
    with open_store(f"sqlite:///{tmp_path / 'small.db'}") as store:
        few = ingest_local([str(small)], store, workers=2, chunk_units=1)
    assert warmed == [1] and few.new == 5

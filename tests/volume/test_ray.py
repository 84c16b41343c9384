"""`--engine ray`: Ray Data actors run the same extraction as local workers, the driver stores
the results; a rerun skips what is stored. Ray in local mode (2 CPUs, no dashboard).

Slow: Ray's startup plus each actor loading the spaCy pipeline takes about a minute on two
cores; it stays in the default run because it is the only test of the distributed path."""
from __future__ import annotations

import pytest

from rapsheet.store import open_store

from .conftest import FIXTURES, PAGES, write_warc

ray = pytest.importorskip("ray", reason="the distributed extra (Ray) is not installed")


@pytest.fixture(scope="module")
def local_ray():
    # "local": a Ray of its own, never a cluster another `ray start` on this machine left behind
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


@pytest.mark.model
def test_ray_engine_stores_what_local_stores_and_resumes(tmp_path, local_ray):
    from rapsheet.jobs.ray_engine import ingest_ray
    from rapsheet.jobs import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", [("response", f"https://news.example.com/{p.stem}",
                                           p.read_bytes(), {}) for p in PAGES[:3]])
    (folder / "story.txt").write_text(
        (FIXTURES / "articles" / "reuters-spain-arrests-colombian-launderer.txt").read_text())
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as store:
        local = ingest([str(folder)], store=store)
        local_counts = store.counts()
    with open_store(f"sqlite:///{tmp_path / 'ray.db'}") as store:
        first = ingest_ray([str(folder)], store, workers=2)
        assert (first.read, first.new, first.failed) == (4, 4, 0)
        assert first.article_ids == local.article_ids, "not the same articles in input order"
        assert store.counts() == local_counts, (store.counts(), local_counts)
        assert {w["pid"] for w in first.workers} and all(w["peak_rss_mb"] > 50 for w in first.workers)
        rerun = ingest_ray([str(folder)], store, workers=1)
        assert (rerun.new, rerun.duplicate) == (0, 4)

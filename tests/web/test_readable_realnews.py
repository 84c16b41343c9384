"""The readable-pages crawl of test_readable.py over a store built from the county prosecutors'
releases of ../shared/data/realnews/prosecutors: no TimeML code, hash or file path on any page.

Opt-in (the ingest takes minutes): RAPSHEET_REALNEWS=1; skipped when the folder is absent.

    RAPSHEET_REALNEWS=1 PYTHONPATH=$PWD .venv/bin/python -m pytest -q tests/web/test_readable_realnews.py
"""
from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from rapsheet.settings import Settings
from tests.conftest import ROOT
from tests.web.crawl import crawl, problems

FOLDER = ROOT.parent / "shared" / "data" / "realnews" / "prosecutors"

pytestmark = [
    pytest.mark.skipif(not os.environ.get("RAPSHEET_REALNEWS"), reason="opt-in: RAPSHEET_REALNEWS=1"),
    pytest.mark.skipif(not FOLDER.is_dir(), reason=f"{FOLDER} not found"),
]


def test_no_page_of_the_prosecutors_releases_shows_a_machine_code_hash_or_path(tmp_path, pipeline):
    from rapsheet.api import create_app
    from rapsheet.jobs import ingest
    from rapsheet.store import open_store
    store = open_store(f"sqlite:///{tmp_path / 'rapsheet.db'}")
    releases = sorted(str(p) for p in FOLDER.glob("*.txt"))
    summary = ingest(releases, store=store)
    assert summary.new >= len(releases) * 0.9
    pages, found = 0, []
    with TestClient(create_app(Settings(db=str(store.engine.url)), store=store)) as client:
        for path, page in crawl(client, limit=5000):
            pages += 1
            found += [f"{path}: {p}" for p in problems(page.texts)]
    print(f"crawled {pages} pages of {len(releases)} releases; {len(found)} problems")
    assert pages > 100, "the crawl found too few pages"
    assert found == [], "\n".join(found[:50])

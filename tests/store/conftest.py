"""Fixtures: every store test runs against SQLite (a file under tmp_path) and PostgreSQL (a fresh
schema per test on the server at RAPSHEET_TEST_PG, else postgresql://postgres@127.0.0.1:5432/test,
then user root: tests/pg.py); the PostgreSQL runs skip, with the reason, when no server answers."""
from __future__ import annotations

import pytest

from rapsheet.store import open_store
from tests.pg import pg_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, pg_server):
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rapsheet.db'}"
        return
    with pg_schema(pg_server) as url:
        yield url


@pytest.fixture
def store(db_url):
    with open_store(db_url) as opened:
        yield opened

"""Fixtures: every store test runs against SQLite (a file under tmp_path) and PostgreSQL (a fresh
schema per test on the server at RAPSHEET_TEST_PG, else postgresql://postgres@127.0.0.1:5432/test,
then user root); the PostgreSQL runs skip, with the reason, when no server answers."""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from rapsheet.store import open_store
from rapsheet.store.engine import engine_url

PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_server() -> tuple[str | None, str]:
    """(URL of a PostgreSQL server that answers, or None; why not)."""
    candidates = [os.environ["RAPSHEET_TEST_PG"]] if os.environ.get("RAPSHEET_TEST_PG") else PG_CANDIDATES
    reasons = []
    for url in candidates:
        try:
            engine = sa.create_engine(engine_url(url), connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(sa.text("select 1"))
            engine.dispose()
            return url, ""
        except Exception as exc:  # any failure to connect means: no server for these tests
            reasons.append(f"{url}: {str(exc).splitlines()[0]}")
    return None, "; ".join(reasons)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, pg_server):
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rapsheet.db'}"
        return
    server, reason = pg_server
    if server is None:
        pytest.skip(f"no PostgreSQL server answers ({reason})")
    schema = f"rs_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(engine_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url):
    with open_store(db_url) as opened:
        yield opened

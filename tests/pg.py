"""PostgreSQL for the tests: the server at RAPSHEET_TEST_PG, else postgresql://postgres@127.0.0.1:5432/test,
then user root; a fresh schema per use, dropped after. Tests that need it skip, with the reason,
when no server answers (the `pg_server` fixture of tests/conftest.py finds it once a session)."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from rapsheet.store.engine import engine_url

PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


def find_pg_server() -> tuple[str | None, str]:
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


@contextmanager
def pg_schema(pg_server: tuple[str | None, str]) -> Iterator[str]:
    """The URL of an empty schema on the server (its search_path in the URL, so every process
    that opens the URL sees it); skips the test when there is no server."""
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

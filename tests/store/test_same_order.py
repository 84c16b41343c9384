"""SQLite and PostgreSQL give every list in the same order: the same articles stored in each,
`export jsonl` and the case files (`show --json`) are the same text, timestamps aside."""
from __future__ import annotations

import io
import json
import uuid

import pytest
import sqlalchemy as sa

from rapsheet.export import export
from rapsheet.store import open_store
from rapsheet.store.engine import engine_url
from tests.conftest import ROOT, SEED

CASE = ROOT / "tests" / "fixtures" / "case"
STAMPS = {"first_seen", "last_seen", "created", "fetched", "stored"}


def without_stamps(value):
    if isinstance(value, dict):
        return {k: without_stamps(v) for k, v in value.items() if k not in STAMPS}
    if isinstance(value, list):
        return [without_stamps(v) for v in value]
    return value


def exported(store) -> list[dict]:
    out = io.StringIO()
    export(store, "jsonl", out)
    return [without_stamps(json.loads(line)) for line in out.getvalue().splitlines()]


def test_sqlite_and_postgresql_list_everything_in_the_same_order(tmp_path, pg_server, read_article):
    server, reason = pg_server
    if server is None:
        pytest.skip(f"no PostgreSQL server answers ({reason})")
    documents = [read_article(SEED.read_text(encoding="utf-8"), "2025-04-23", source=str(SEED), clean=True)]
    for path in sorted(CASE.glob("*.txt"))[:3]:
        documents.append(read_article(path.read_text(encoding="utf-8"), "2025-04-24", source=str(path),
                                      clean=True))
    schema = f"rs_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(engine_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        results = []
        for url in (f"sqlite:///{tmp_path / 'order.db'}", f"{server}?options=-csearch_path%3D{schema}"):
            with open_store(url) as store:
                for document in documents:
                    store.add(document)
                store.resolve()
                rows = store.entities(limit=1000)
                results.append((exported(store), [r["id"] for r in rows],
                                [without_stamps(c) for c in store.case_files([r["id"] for r in rows])]))
        (lite_export, lite_ids, lite_cases), (pg_export, pg_ids, pg_cases) = results
        assert lite_export and lite_ids
        assert pg_ids == lite_ids
        assert pg_cases == lite_cases
        assert pg_export == lite_export
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

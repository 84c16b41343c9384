"""`rapsheet ingest --engine ray` on a real two-node Ray cluster writing to PostgreSQL, killed and
resumed: nothing lost, nothing doubled, the same facts as a clean local run, and the work done on
both nodes.

The cluster (tests/volume/ray_cluster.py) is a head and a worker node, each its own `ray start`
process with its own raylet, one CPU each, so the two extraction actors must land one on each
node; the driver is the command a user runs, joining it by RAY_ADDRESS. It is killed with SIGKILL
once it has stored some articles, as a crashed or pre-empted driver would be, and run again.

Skips only when Ray or PostgreSQL is not there. About a minute on two loaded cores (two Ray nodes
start, two actors load the pipeline twice, once a run).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from rapsheet.export import export
from rapsheet.jobs import ingest
from rapsheet.store import open_store
from rapsheet.store.engine import engine_url
from tests.pg import pg_schema

from .conftest import FIXTURES
from .ray_cluster import ROOT, LocalRayCluster

pytest.importorskip("ray", reason="the distributed extra (Ray) is not installed")
ARTICLES = sorted((FIXTURES / "articles").glob("*.txt"))[:24]
STAMPS = {"first_seen", "last_seen", "created", "fetched", "stored"}
TABLES = ("articles", "statements", "events", "failures")


def without_stamps(value):
    if isinstance(value, dict):
        return {k: without_stamps(v) for k, v in value.items() if k not in STAMPS}
    if isinstance(value, list):
        return [without_stamps(v) for v in value]
    return value


def exported(url: str) -> list[dict]:
    out = io.StringIO()
    with open_store(url) as store:
        export(store, "jsonl", out)
    return [without_stamps(json.loads(line)) for line in out.getvalue().splitlines()]


def query(url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    except sa.exc.ProgrammingError:   # the first run has not made the tables yet
        return []
    finally:
        engine.dispose()


def stored(url: str) -> int:
    rows = query(url, "select count(*) from articles")
    return rows[0][0] if rows else 0


@pytest.mark.model
def test_ray_cluster_ingest_killed_and_resumed_on_postgresql(tmp_path, pg_server):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in ARTICLES:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pg_schema(pg_server) as clean_url, pg_schema(pg_server) as ray_url:
        with open_store(clean_url) as store:
            clean = ingest([str(folder)], store=store, published=dt.date(2025, 4, 23))
        assert (clean.new, clean.failed) == (len(ARTICLES), 0)

        with LocalRayCluster(nodes=2, cpus_per_node=1) as cluster:
            env = os.environ | cluster.client_env | {
                "RAPSHEET_DB": ray_url,
                # Both actors up before the first row goes out, so both nodes get work.
                "RAY_DATA_DEFAULT_WAIT_FOR_MIN_ACTORS_S": "300"}
            command = [sys.executable, "-m", "rapsheet", "ingest", str(folder), "--engine", "ray",
                       "--workers", "2", "--published", "2025-04-23", "--json"]
            with open(tmp_path / "killed.log", "w") as log:
                driver = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 300
                while driver.poll() is None and stored(ray_url) < 2 and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert driver.poll() is None, (tmp_path / "killed.log").read_text()[-3000:]
            finally:
                if driver.poll() is None:
                    driver.send_signal(signal.SIGKILL)
                driver.wait()
            at_kill = stored(ray_url)
            assert 2 <= at_kill < len(ARTICLES), f"killed with {at_kill} stored: not mid-run"

            resumed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=400)
            assert resumed.returncode == 0, resumed.stderr[-3000:]
            summary = json.loads(resumed.stdout.strip().splitlines()[-1])

        assert (summary["read"], summary["failed"]) == (len(ARTICLES), 0)
        assert (summary["new"], summary["duplicate"]) == (len(ARTICLES) - at_kill, at_kill)
        # The work ran on both nodes: one actor on each, each with articles read.
        workers = summary["workers"]
        assert len({w["node"] for w in workers}) == 2, workers
        assert all(w["items"] > 0 and w["peak_rss_mb"] > 50 for w in workers), workers

        # Every article once, with the same facts as the clean run.
        assert query(ray_url, "select count(*), count(distinct content_hash) from articles") == \
            [(len(ARTICLES), len(ARTICLES))]
        assert query(ray_url, "select id, source, title from articles order by id") == \
            query(clean_url, "select id, source, title from articles order by id")
        for table in TABLES:
            assert query(ray_url, f"select count(*) from {table}") == \
                query(clean_url, f"select count(*) from {table}"), table
        clean_export = exported(clean_url)
        assert clean_export and exported(ray_url) == clean_export

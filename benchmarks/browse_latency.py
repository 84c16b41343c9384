"""Browse latency at scale: Store.browse over a synthetic store of N entities (default 100,000),
each with mentions, a role and, for one in four, an allegation; prints p50/p95 per filter set as a
table and a PASS/FAIL line against 300 ms p95 (exit status 1 on FAIL).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/browse_latency.py [--entities 100000] [--runs 20]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/browse_latency.py --db postgresql://postgres@127.0.0.1:5432/postgres

The store is built in a scratch database (a temporary SQLite file; with --db, a new database on
that PostgreSQL server), then analyzed as ingest leaves it (`Store.analyze`: ANALYZE on
PostgreSQL), and removed at the end, whatever happens.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from rapsheet.store import open_store
from rapsheet.store.engine import engine_url
from rapsheet.store import allegations, resolution, schema as t
from rapsheet.store.browse import Filters

CATEGORIES = ("fraud", "narcotics", "money_laundering", "violent_crime", "corruption", "terrorism")
STAGES = ("alleged", "arrested", "charged", "convicted", "sentenced", "acquitted", "dismissed")
ROLES = ("accused", "victim", "official", "witness", "other")


def build(store, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc)
    articles = max(1, n // 20)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.articles), [
            {"id": f"a{i:015d}", "content_hash": f"h{i}", "source": f"s{i}", "title": f"Article {i}",
             "published": dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000), "text": "x",
             "document": "{}", "extractor_version": "bench", "first_seen": now, "last_seen": now}
            for i in range(articles)])
        entities, mentions, statements = [], [], []
        for i in range(n):
            eid = f"e{i:015d}"
            article = f"a{rng.randrange(articles):015d}"
            entities.append({"id": eid, "type": "person" if i % 3 else "organization",
                             "name": f"Name {i}", "name_key": f"name {i}", "canonical_id": eid,
                             "first_seen": now})
            for k in range(rng.randint(1, 6)):
                mentions.append({"entity_id": eid, "article_id": article, "start": k, "end": k + 1,
                                 "text": "N", "kind": "name"})
            statements.append(_statement(eid, "role", rng.choice(ROLES), article, now))
            if i % 4 == 0:
                stage = rng.choice(STAGES)
                category = rng.choice(CATEGORIES)
                statements.append(_statement(eid, f"risk:{category}", {"category": category, "stage": stage,
                                                                       "proceeding": "criminal"}, article, now))
            if i % 5 == 0:
                statements.append(_statement(eid, "attribute:nationality", rng.choice(("MX", "US", "VE")), article, now))
        for table, rows in ((t.entities, entities), (t.mentions, mentions), (t.statements, statements)):
            for start in range(0, len(rows), 20_000):
                conn.execute(sa.insert(table), rows[start:start + 20_000])
        # The indexes the store keeps beside its statements on every write.
        published = {f"a{i:015d}": dt.date(2020, 1, 1) + dt.timedelta(days=i % 2000) for i in range(articles)}
        for start in range(0, len(statements), 20_000):
            allegations.insert(conn, statements[start:start + 20_000], published)
        resolution.count_mentions(conn, {row["id"] for row in entities})


def _statement(eid: str, prop: str, value, article: str, now) -> dict:
    text = json.dumps(value)
    return {"id": f"{eid}{prop}"[:32] if False else f"{hash((eid, prop, text)) & (2**64 - 1):032x}",
            "entity_id": eid, "prop": prop, "value": text, "article_id": article, "start": 0, "end": 1,
            "extractor": "bench", "extractor_version": "bench", "confidence": 1.0,
            "first_seen": now, "last_seen": now}


CASES = {
    "browse, latest first": (Filters(), "latest"),
    "category": (Filters(category="fraud"), "latest"),
    "stage + proceeding": (Filters(stage="charged", proceeding="criminal"), "latest"),
    "status cleared": (Filters(status="cleared"), "latest"),
    "role": (Filters(role="accused"), "latest"),
    "country": (Filters(country="MX"), "latest"),
    "role + country": (Filters(role="accused", country="MX"), "latest"),
    "date range": (Filters(date_from="2022-01-01", date_to="2022-06-30"), "latest"),
    "source article": (Filters(article=f"a{7:015d}"), "latest"),
    "name + category": (Filters(q="name 12", category="narcotics"), "latest"),
    "type, by name": (Filters(type="organization"), "name"),
    "sort by mentions": (Filters(), "mentions"),
    "category, by mentions": (Filters(category="fraud"), "mentions"),
    "latest first, page 3": (Filters(), "latest", 100),
}
TARGET_MS = 300.0


@contextmanager
def scratch_database(url: str | None) -> Iterator[str]:
    """A new, empty database for the run, removed after it: a new SQLite file when `url` is
    None; for a PostgreSQL server URL, a new database on that server (the URL's own database
    is only connected to, to create and drop it)."""
    if url is None:
        folder = tempfile.mkdtemp(prefix="browse_latency_")
        try:
            yield f"sqlite:///{folder}/browse.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    server = engine_url(url)
    if server.get_backend_name() != "postgresql":
        raise SystemExit(f"--db: a PostgreSQL server URL, not {url!r} (SQLite is the default)")
    name = f"rapsheet_browse_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(store, runs: int) -> list[tuple[str, int, float, float]]:
    """(case, total, p50 ms, p95 ms) per case, each run once to warm up, then `runs` times."""
    out = []
    for name, (filters, sort, *offset) in CASES.items():
        page = {"sort": sort, "offset": offset[0] if offset else 0}
        store.browse(filters, **page)          # warm
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            result = store.browse(filters, **page)
            times.append((time.perf_counter() - t0) * 1000)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if runs > 1 else times[0]
        out.append((name, result["total"], statistics.median(times), p95))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", help="a PostgreSQL server URL (postgresql://user@host:port/db): the run "
                        "creates a scratch database there and drops it after (default: a new SQLite file)")
    args = parser.parse_args()
    with scratch_database(args.db) as url:
        store = open_store(url)
        try:
            backend = store.engine.dialect.name
            started = time.perf_counter()
            build(store, args.entities)
            print(f"built {args.entities} entities in {time.perf_counter() - started:.1f}s ({backend})")
            started = time.perf_counter()
            # What ingest does after a large batch (rapsheet.jobs.ingest); nothing on SQLite.
            analyzed = store.analyze()
            if analyzed:
                print(f"ANALYZE of {len(analyzed)} tables in {time.perf_counter() - started:.1f}s")
            rows = measure(store, args.runs)
        finally:
            store.close()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{backend}, {args.entities} entities, {args.runs} runs per case, load average {load} "
          f"on {os.cpu_count()} CPUs\n")
    print("| case | total | p50 ms | p95 ms | < 300 ms |")
    print("|---|---:|---:|---:|---|")
    for name, total, p50, p95 in rows:
        print(f"| {name} | {total} | {p50:.1f} | {p95:.1f} | {'yes' if p95 < TARGET_MS else 'NO'} |")
    worst = max(rows, key=lambda row: row[3])
    over = [row[0] for row in rows if row[3] >= TARGET_MS]
    verdict = "PASS" if not over else "FAIL"
    print(f"\n{verdict}: worst p95 {worst[3]:.1f} ms ({worst[0]}), target < {TARGET_MS:.0f} ms"
          + (f"; over: {', '.join(over)}" if over else ""))
    return 0 if not over else 1


if __name__ == "__main__":
    sys.exit(main())

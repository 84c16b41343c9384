"""Browse latency at scale: Store.browse over a synthetic store of N entities (default 100,000),
each with mentions, a role and, for one in four, an allegation; prints p50/p95 per filter set.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/browse_latency.py [--entities 100000] [--runs 20]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time

import sqlalchemy as sa

from rapsheet.store import open_store
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
    "role + country": (Filters(role="accused", country="MX"), "latest"),
    "date range": (Filters(date_from="2022-01-01", date_to="2022-06-30"), "latest"),
    "name + category": (Filters(q="name 12", category="narcotics"), "latest"),
    "sort by mentions": (Filters(), "mentions"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", help="an SQLAlchemy URL (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/browse.db"
    store = open_store(url)
    started = time.perf_counter()
    build(store, args.entities)
    print(f"built {args.entities} entities in {time.perf_counter() - started:.1f}s ({url.split(':')[0]})")
    worst = 0.0
    for name, (filters, sort) in CASES.items():
        store.browse(filters, sort)          # warm
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = store.browse(filters, sort)
            times.append((time.perf_counter() - t0) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        worst = max(worst, p95)
        print(f"{name:24s} total {result['total']:7d}  p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms")
    print(f"worst p95 {worst:.1f} ms (target < 300 ms)")


if __name__ == "__main__":
    main()

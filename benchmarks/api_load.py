#!/usr/bin/env python3
"""Load run of the REST API's batch screening: N concurrent clients POST /match for S seconds
against a store of E synthetic entities, over loopback only.

Builds the store with bulk inserts into a temporary SQLite file (names made of common first names
and generated surnames, a tenth of them with a birth year and a risk), serves
`rapsheet.api.create_app` with uvicorn in a child process on 127.0.0.1, and reports throughput,
latency percentiles and error counts (a 5xx is a failure: exit status 1). The baseline is the same
queries through `ScreenIndex.screen` in this process, with no HTTP: the ratio is what the API
costs on top of the library.

    python benchmarks/api_load.py [--seconds 30] [--clients 50] [--entities 100000] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import pathlib
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ("jose maria juan ana luis carlos pedro sofia elena miguel david laura omar fatima ali "
         "hassan ivan olga sergei anna wei li chen mohammed ahmed yusuf ibrahim john james robert "
         "michael william mary patricia jennifer linda elizabeth daniel paul mark george kenji "
         "hiroshi yuki amir leila nadia pablo diego lucia camila mateo").split()
SYLLABLES = ("mar tin ez flo res gar cia rod ri guez lo pez her nan dez gon za lez per ez san "
             "chez ram ir ov ko val en ko pet ro vich ka sim ova bar ros al va do ta na ka mu "
             "ra ha sh mi ab del ra him ok on kwo ad e ye mi ng uy en").split()
CATEGORIES = ("narcotics", "fraud", "terrorism", "corruption", "money_laundering", "violent_crime")


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        parts = [rng.choice(FIRST).capitalize()]
        if rng.random() < 0.3:
            parts.append(rng.choice(FIRST).capitalize())
        parts.append(surname(rng))
        if rng.random() < 0.4:
            parts.append(surname(rng))
        names.add(" ".join(parts))
    return sorted(names)


def build_store(path: pathlib.Path, names: list[str]) -> str:
    """A store at `path` holding one entity per name, written in bulk."""
    import sqlalchemy as sa

    from rapsheet.store import entity_id, name_key, open_store
    from rapsheet.store import schema as t

    url = f"sqlite:///{path}"
    store = open_store(url)
    now = dt.datetime.now(dt.timezone.utc)
    text = "Synthetic article holding the evidence sentences of the load test. " * 3
    rng = random.Random(11)
    entities, statements = [], []
    for name in names:
        gid = entity_id("person", name)
        entities.append({"id": gid, "type": "person", "name": name, "name_key": name_key(name),
                         "canonical_id": gid, "first_seen": now})
        if rng.random() < 0.1:
            year = rng.randint(1950, 2005)
            category = rng.choice(CATEGORIES)
            for prop, value in (("attribute:birth_year", json.dumps([year, year])),
                                (f"risk:{category}", json.dumps({"category": category, "stage": "charged",
                                                                  "date": "2025-01-01"}))):
                statements.append({"id": f"{gid}{len(statements):016d}"[:32], "entity_id": gid,
                                   "prop": prop, "value": value, "article_id": "loadtest00000000",
                                   "start": 0, "end": 60, "extractor": "load", "extractor_version": "0",
                                   "confidence": None, "first_seen": now, "last_seen": now})
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.articles).values(
            id="loadtest00000000", content_hash="0" * 64, source="load", text=text, document="{}",
            extractor_version="0", first_seen=now, last_seen=now))
        for i in range(0, len(entities), 20_000):
            conn.execute(sa.insert(t.entities), entities[i:i + 20_000])
        for i in range(0, len(statements), 20_000):
            conn.execute(sa.insert(t.statements), statements[i:i + 20_000])
    store.close()
    return url


def queries(names: list[str], count: int, seed: int = 3) -> list[dict]:
    """Names to screen: stored ones, stored ones with a typo or reordered, and unknown ones."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = rng.choice(names)
        roll = rng.random()
        if roll < 0.3:
            i = rng.randrange(len(name))
            name = name[:i] + name[i + 1:]
        elif roll < 0.5:
            parts = name.split()
            name = " ".join(parts[-1:] + parts[:-1])
        elif roll < 0.7:
            name = f"{rng.choice(FIRST).capitalize()} {surname(rng)}"
        query = {"name": name}
        if rng.random() < 0.3:
            query["birth_year"] = rng.randint(1950, 2005)
        out.append(query)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = """
import uvicorn
from rapsheet.api import create_app
uvicorn.run(create_app(load_pipeline=False, web=False), host="127.0.0.1", port={port},
            log_level="warning", timeout_keep_alive=30, limit_concurrency=1000)
"""


async def load(base: str, bodies: list[dict], clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def worker(number: int) -> None:
            nonlocal errors
            i = number
            while time.monotonic() < deadline:
                body = {"queries": {"q": bodies[i % len(bodies)]}}
                i += clients
                started = time.perf_counter()
                try:
                    response = await client.post("/match", json=body)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - started)

        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        took = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0

    return {"requests": len(latencies), "seconds": round(took, 1),
            "throughput_rps": round(len(latencies) / took, 1),
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else 0.0,
            "status": {str(k): v for k, v in sorted(statuses.items())},
            "errors_5xx": sum(v for k, v in statuses.items() if k >= 500),
            "errors_4xx": sum(v for k, v in statuses.items() if 400 <= k < 500),
            "transport_errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="Metrics as one JSON object on the last line.")
    args = parser.parse_args()
    print(f"command: python benchmarks/api_load.py --seconds {args.seconds:g} --clients {args.clients} "
          f"--entities {args.entities}", flush=True)
    try:
        import httpx  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        print(json.dumps({"skipped": f"{exc.name} is not installed (pip install -e '.[dev]')"}))
        return 0

    with tempfile.TemporaryDirectory(prefix="rapsheet-load-") as tmp:
        started = time.monotonic()
        names = synthetic_names(args.entities)
        url = build_store(pathlib.Path(tmp) / "load.db", names)
        built = time.monotonic() - started
        print(f"store: {len(names):,} entities in {built:.1f} s", flush=True)

        from rapsheet.screen import index_from_store
        from rapsheet.store import open_store
        started = time.monotonic()
        with open_store(url) as store:
            index = index_from_store(store)
        indexed = time.monotonic() - started
        bodies = queries(names, 5000)
        # Baseline: the library alone, one thread, the same queries, for a fifth of the time.
        base_n, base_started = 0, time.perf_counter()
        while time.perf_counter() - base_started < max(2.0, args.seconds / 5):
            q = bodies[base_n % len(bodies)]
            index.screen(q["name"], birth_year=q.get("birth_year"), limit=5)
            base_n += 1
        baseline_rps = base_n / (time.perf_counter() - base_started)
        del index
        print(f"baseline (ScreenIndex.screen in-process, 1 thread): {baseline_rps:.1f} queries/s; "
              f"index built in {indexed:.1f} s", flush=True)

        port = free_port()
        env = os.environ | {"RAPSHEET_DB": url, "RAPSHEET_API_KEY": ""}
        server = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)], env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            import httpx
            deadline = time.monotonic() + 300
            while True:
                try:
                    # The first /match waits for the screening index: this warms it.
                    if httpx.post(f"{base}/match", json={"queries": {"q": {"name": names[0]}}},
                                  timeout=300).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print(json.dumps({"skipped": "the server did not start"}))
                    return 1
                time.sleep(0.5)
            result = asyncio.run(load(base, bodies, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)

    result |= {"entities": len(names), "clients": args.clients, "store_build_s": round(built, 1),
               "index_build_s": round(indexed, 1), "baseline_rps": round(baseline_rps, 1),
               "ratio_vs_baseline": round(result["throughput_rps"] / baseline_rps, 2) if baseline_rps else None}
    print(f"API /match: {result['throughput_rps']} req/s ({result['ratio_vs_baseline']}x the in-process "
          f"baseline), p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, "
          f"5xx {result['errors_5xx']}, 4xx {result['errors_4xx']}, transport errors {result['transport_errors']}")
    if args.json:
        print(json.dumps(result))
    return 1 if result["errors_5xx"] or result["transport_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

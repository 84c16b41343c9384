#!/usr/bin/env python3
"""Scaling of `ingest --engine ray` on a multi-node Ray cluster writing to PostgreSQL: articles/s
with W workers, speedup over the fewest workers measured, efficiency = speedup / (W / W_fewest),
and the peak memory (RSS) of each worker and of the writer.

Each configuration runs as the command a user runs (`rapsheet ingest DIR --engine ray --workers W
--json`, RAY_ADDRESS naming the cluster, RAPSHEET_DB a fresh PostgreSQL schema), timed from start
to exit (Ray connection and the actors' pipeline loads included: "end to end"), and from the first
article stored to the last, from the store's own timestamps ("steady": what more articles cost;
the efficiency is computed on it). The workers named in the summary give their Ray nodes: the
table says over how many nodes the work really ran.

The cluster: without --address, a cluster of --nodes nodes on this machine, each its own `ray
start` process (tests/volume/ray_cluster.py), with enough CPUs per node for the most workers asked
(ceil(max W / nodes)); with --address, a cluster already running (the RAY_AUTH_* variables of
this environment are passed on), and --corpus-dir must then be a folder every node reads at the
same path. Corpus: the first --articles of ../shared/data/realnews/prosecutors-pool (real
prosecutors' releases) when present, else the test corpus's articles, made distinct.

On a machine shared with other jobs, W busy processes take a bigger share of its CPUs than one
does, so the efficiency measured there can exceed 1; it means something on machines of its own.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/ray_scaling.py [--workers 1 2] [--nodes 2] [--articles 60] [--repeat 1]
    # on a 16-core machine:  ... --workers 1 2 4 8 16 --nodes 2 --articles 400
    # on a running cluster:  ... --address head:6379 --db postgresql://db/bench --corpus-dir /shared/corpus
"""
from __future__ import annotations

import argparse
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POOL = ROOT.parent / "shared" / "data" / "realnews" / "prosecutors-pool"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"


def write_corpus(folder: pathlib.Path, count: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    if POOL.is_dir() and len(list(POOL.glob("*.txt"))) >= count:
        for path in sorted(POOL.glob("*.txt"))[:count]:
            shutil.copy(path, folder / path.name)
        return f"{POOL.relative_to(ROOT.parent)} (first {count})"
    texts = sorted(FIXTURES.glob("*.txt"))
    for number in range(count):
        path = texts[number % len(texts)]
        edition = number // len(texts)
        text = path.read_text(encoding="utf-8") + (f"\n\nFiled by desk {edition}.\n" if edition else "")
        (folder / f"{path.stem}-{edition}.txt").write_text(text, encoding="utf-8")
    return f"tests/fixtures/articles ({count}, made distinct)"


class Schema:
    """A fresh schema on the PostgreSQL server `server`, dropped on exit."""

    def __init__(self, server: str):
        from rapsheet.store.engine import engine_url

        self.server, self.name = server, f"rs_bench_{uuid.uuid4().hex[:12]}"
        self.admin = sa.create_engine(engine_url(server), isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        separator = "&" if "?" in self.server else "?"
        return f"{self.server}{separator}options=-csearch_path%3D{self.name}"

    def __exit__(self, *exc) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()


def stored_span(url: str) -> tuple[int, float]:
    """(articles stored, seconds from the first stored to the last)."""
    from rapsheet.store.engine import engine_url

    engine = sa.create_engine(engine_url(url))
    with engine.connect() as conn:
        count, first, last = conn.execute(sa.text(
            "select count(*), min(first_seen), max(first_seen) from articles")).one()
    engine.dispose()
    return count, (last - first).total_seconds() if count > 1 else 0.0


def run_one(workers: int, corpus: pathlib.Path, url: str, env: dict) -> dict:
    command = [sys.executable, "-m", "rapsheet", "ingest", str(corpus), "--engine", "ray",
               "--workers", str(workers), "--json"]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, env=env | {"RAPSHEET_DB": url}, cwd=ROOT, capture_output=True,
                          text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest with {workers} worker(s) failed ({done.returncode}):\n{done.stderr[-3000:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    count, span = stored_span(url)
    peaks = [w["peak_rss_mb"] for w in summary["workers"]]
    return {"workers": workers, "stored": count, "failed": summary["failed"],
            "wall_s": round(wall, 1), "end_to_end_articles_per_s": round(count / wall, 3),
            "steady_articles_per_s": round((count - 1) / span, 3) if span else None,
            "nodes_used": len({w.get("node") for w in summary["workers"]}),
            "items_per_worker": [w["items"] for w in summary["workers"]],
            "peak_rss_mb_per_worker": max(peaks) if peaks else None,
            "peak_rss_mb_writer": summary["peak_rss_mb"], "load_avg_1min_at_start": round(load, 2)}


def pg_server(given: str | None) -> str:
    if given:
        return given
    from tests.pg import find_pg_server

    server, reason = find_pg_server()
    if server is None:
        raise SystemExit(f"no PostgreSQL server answers ({reason}); name one with --db")
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--nodes", type=int, default=2, help="Ray nodes of the cluster started here.")
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--address", help="A running Ray cluster (host:port) instead of one started here.")
    parser.add_argument("--db", help="PostgreSQL server URL (default: the tests' server on 127.0.0.1).")
    parser.add_argument("--corpus-dir", help="Where to write the corpus (a shared filesystem with --address).")
    parser.add_argument("--repeat", type=int, default=1,
                        help="Runs of each W, interleaved (1 2 1 2 ...); the run of median steady rate is reported.")
    parser.add_argument("--json", action="store_true", help="Print the results as one JSON object.")
    args = parser.parse_args()
    workers = sorted(set(args.workers))
    server = pg_server(args.db)
    folder = pathlib.Path(args.corpus_dir or tempfile.mkdtemp(prefix="rs-scaling-")) / "corpus"
    source = write_corpus(folder, args.articles)
    cluster = None
    try:
        if args.address:
            env = os.environ | {"RAY_ADDRESS": args.address,
                                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
            where = f"the Ray cluster at {args.address}"
        else:
            from tests.volume.ray_cluster import LocalRayCluster

            cpus = math.ceil(max(workers) / args.nodes)
            cluster = LocalRayCluster(nodes=args.nodes, cpus_per_node=cpus).start()
            env = os.environ | cluster.client_env
            where = f"a {args.nodes}-node Ray cluster on this machine ({cpus} CPU(s) a node, {os.cpu_count()} cores)"
        # Every actor up before the first row goes out: the rate is that of W workers throughout.
        env["RAY_DATA_DEFAULT_WAIT_FOR_MIN_ACTORS_S"] = "600"
        runs: dict[int, list[dict]] = {count: [] for count in workers}
        for count in [w for _ in range(args.repeat) for w in workers]:
            with Schema(server) as url:
                runs[count].append(r := run_one(count, folder, url, env))
            if not args.json:
                print(f"{count:3d} worker(s): {r['stored']} stored in {r['wall_s']} s, "
                      f"{r['end_to_end_articles_per_s']} articles/s end to end, "
                      f"{r['steady_articles_per_s']} steady; {r['nodes_used']} node(s) used, "
                      f"items {r['items_per_worker']}; peak RSS per worker {r['peak_rss_mb_per_worker']} MB, "
                      f"writer {r['peak_rss_mb_writer']} MB (load {r['load_avg_1min_at_start']})", flush=True)
    finally:
        if cluster is not None:
            cluster.stop()
        if not args.corpus_dir:
            shutil.rmtree(folder.parent, ignore_errors=True)
    results = []
    for count in workers:
        ordered = sorted(runs[count], key=lambda r: r["steady_articles_per_s"] or 0.0)
        chosen = ordered[(len(ordered) - 1) // 2] | {
            "runs": len(ordered), "steady_articles_per_s_all": [r["steady_articles_per_s"] for r in runs[count]]}
        results.append(chosen)
    base = results[0]
    for r in results:
        scale = r["workers"] / base["workers"]
        for kind in ("end_to_end", "steady"):
            rate, base_rate = r[f"{kind}_articles_per_s"], base[f"{kind}_articles_per_s"]
            speedup = rate / base_rate if rate and base_rate else None
            r[f"{kind}_speedup"] = round(speedup, 2) if speedup else None
            r[f"{kind}_efficiency"] = round(speedup / scale, 2) if speedup else None
    out = {"corpus": source, "cluster": where, "store": "PostgreSQL", "results": results}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"\n{source}; {where}; PostgreSQL")
        print("| workers | end to end articles/s | steady articles/s | speedup (steady) | efficiency "
              "(steady) | end-to-end efficiency | nodes used | peak RSS per worker MB | writer MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['workers']} | {r['end_to_end_articles_per_s']} | {r['steady_articles_per_s']} | "
                  f"{r['steady_speedup']} | {r['steady_efficiency']} | {r['end_to_end_efficiency']} | "
                  f"{r['nodes_used']} | {r['peak_rss_mb_per_worker']} | {r['peak_rss_mb_writer']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

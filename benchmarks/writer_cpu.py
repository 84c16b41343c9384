#!/usr/bin/env python3
"""The writer's own CPU per article: what the one writing process of `rapsheet ingest` spends
storing the Documents its workers send (rows, entity resolution, commit), without the workers.

Two steps, so that two checkouts can be compared on the same Documents:

    # the chunks the workers would send, over the 600 prosecutors-pool releases ("pool") or the
    # general crawl of triage_crawl.py ("general"), pickled (spaCy runs here, once)
    PYTHONHASHSEED=0 python benchmarks/writer_cpu.py dump pool /tmp/pool.pkl
    # the writer over them, in a fresh SQLite store: CPU ms per outcome, read and unread apart
    PYTHONHASHSEED=0 python benchmarks/writer_cpu.py replay /tmp/pool.pkl [--db F] [--profile F]

`benchmarks/compare_stores.py` then compares two stores written from the same dump.
"""
from __future__ import annotations

import argparse
import cProfile
import pathlib
import pickle
import pstats
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def dump(which: str, out: str) -> None:
    from rapsheet.jobs.units import chunked, split_units
    from rapsheet.jobs.worker import ExtractWorker

    if which == "pool":
        inputs = [str(ROOT.parent / "shared" / "data" / "realnews" / "prosecutors-pool")]
    else:
        from triage_crawl import general_inputs
        inputs = general_inputs(pathlib.Path(tempfile.mkdtemp()))
    worker = ExtractWorker(preload=True)
    results = [worker.run(chunk) for chunk in chunked(split_units(inputs))]
    with open(out, "wb") as handle:
        pickle.dump(results, handle)
    print(which, sum(len(r.outcomes) for r in results), "outcomes")


def replay(path: str, db: str | None, profile: str | None) -> None:
    from rapsheet.jobs.writer import IngestSummary, record_result
    from rapsheet.store import open_store

    with open(path, "rb") as handle:
        results = pickle.load(handle)
    store = open_store(f"sqlite:///{db or tempfile.mkdtemp() + '/replay.db'}")
    summary = IngestSummary()
    profiler = cProfile.Profile() if profile else None
    cpu = {"read": [0.0, 0], "unread": [0.0, 0]}
    marks, done, start = [], 0, time.process_time()
    for result in results:
        for outcome in result.outcomes:
            one = type(result)([outcome], {}, result.pid, 0, 0.0)
            began = time.process_time()
            if profiler:
                profiler.enable()
            record_result(store, summary, one)
            if profiler:
                profiler.disable()
            kind = "unread" if getattr(getattr(outcome, "article", None), "not_read", None) else "read"
            cpu[kind][0] += time.process_time() - began
            cpu[kind][1] += 1
            done += 1
            if done % 100 == 0:
                marks.append((done, round(time.process_time() - start, 2)))
    total = time.process_time() - start
    print(f"{path}: {done} outcomes, new {summary.new}, {total:.2f} CPU s = {1000 * total / done:.1f} ms "
          f"each; " + "; ".join(f"{k} {n} at {1000 * s / max(n, 1):.1f} ms" for k, (s, n) in cpu.items()))
    print("CPU s after each 100:", marks)
    if profiler and profile:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("which", choices=("pool", "general"))
    d.add_argument("out")
    r = sub.add_parser("replay")
    r.add_argument("dump")
    r.add_argument("--db")
    r.add_argument("--profile")
    args = parser.parse_args()
    if args.step == "dump":
        dump(args.which, args.out)
    else:
        replay(args.dump, args.db, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

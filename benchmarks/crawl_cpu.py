#!/usr/bin/env python3
"""CPU seconds per page of the crime-only crawl: `rapsheet ingest --workers 2` against plain
spaCy (2 processes), each as its own command, counted as the user + system CPU time of every
process it ran (workers and writer included; the pipeline's load too).

On a machine shared with other jobs wall-clock rates say more about the others than about
rapsheet; the CPU one run takes moves far less with the load, and on a machine whose cores the
crawl keeps busy, pages per second follow from CPU per page. `triage_crawl.py` gives the rates on
a quiet machine. Inputs: realnews/prosecutors-pool (600 releases) or `--limit N` of them (every
Nth file, so every office is in), or any folder of .txt files (`--inputs`).

    python benchmarks/crawl_cpu.py [--limit N] [--side both|rapsheet|plain] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
POOL = ROOT.parent / "shared" / "data" / "realnews" / "prosecutors-pool"
WORKERS = 2


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measured(command: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `command`; its CPU seconds (every process it waited for) and wall seconds."""
    cpu, wall = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    return done, _children_cpu() - cpu, time.perf_counter() - wall


def pick_inputs(source: pathlib.Path, limit: int | None, folder: pathlib.Path) -> pathlib.Path:
    """The folder to crawl: `source`, or `limit` of its .txt files spread over it, copied."""
    files = sorted(source.glob("*.txt"))
    if not limit or limit >= len(files):
        return source
    step = len(files) // limit
    picked = folder / "inputs"
    picked.mkdir()
    for path in files[::step][:limit]:
        shutil.copy(path, picked / path.name)
    return picked


def run_rapsheet(inputs: pathlib.Path, folder: pathlib.Path) -> dict:
    env = dict(os.environ, RAPSHEET_DB=f"sqlite:///{folder / 'crawl.db'}")
    command = [sys.executable, "-m", "rapsheet", "ingest", str(inputs), "--workers", str(WORKERS), "--json"]
    done, cpu, wall = _measured(command, env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-800:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    pages = summary["read"]
    return {"pages": pages, "stored": summary["new"], "not_read": summary["not_read"],
            "failed": summary["failed"], "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
            "cpu_ms_per_page": round(1000 * cpu / max(pages, 1), 1),
            "peak_rss_mb_per_worker": [w["peak_rss_mb"] for w in summary["workers"]],
            "peak_rss_mb_writer": summary["peak_rss_mb"]}


def run_plain(inputs: pathlib.Path) -> dict:
    command = [sys.executable, __file__, "--plain-only", str(inputs)]
    done, cpu, wall = _measured(command, dict(os.environ))
    if done.returncode != 0:
        raise SystemExit(f"plain run failed ({done.returncode}): {done.stderr[-800:]}")
    pages = int(done.stdout.strip().splitlines()[-1])
    return {"pages": pages, "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
            "cpu_ms_per_page": round(1000 * cpu / max(pages, 1), 1)}


def plain_only(inputs: str) -> int:
    """The baseline of `triage_crawl.py` (2 processes, the model loaded once in each)."""
    from triage_crawl import baseline_items, run_baseline

    run_baseline([inputs])
    print(len(baseline_items([inputs])))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="pages of the pool, spread over it (default: all 600)")
    parser.add_argument("--inputs", type=pathlib.Path, default=POOL, help="a folder of .txt files")
    parser.add_argument("--side", choices=("both", "rapsheet", "plain"), default="both")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    parser.add_argument("--plain-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_only:
        return plain_only(args.plain_only)
    print("command: python benchmarks/crawl_cpu.py " + " ".join(sys.argv[1:]))
    if not args.inputs.is_dir():
        print(json.dumps({"skipped": f"{args.inputs} not found"}) if args.json else "no data")
        return 0
    metrics: dict = {"cpus": os.cpu_count(), "load_average": [round(x, 1) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="rapsheet-crawl-cpu-") as tmp:
        folder = pathlib.Path(tmp)
        inputs = pick_inputs(args.inputs, args.limit, folder)
        if args.side in ("both", "rapsheet"):
            metrics["rapsheet"] = r = run_rapsheet(inputs, folder)
            print(f"rapsheet ingest --workers {WORKERS}: {r['pages']} pages, {r['cpu_seconds']} CPU s = "
                  f"{r['cpu_ms_per_page']} CPU ms per page ({r['wall_seconds']} s wall); stored {r['stored']}, "
                  f"unread {r['not_read']}, failed {r['failed']}; peak RSS per worker "
                  f"{r['peak_rss_mb_per_worker']} MB, writer {r['peak_rss_mb_writer']} MB")
        if args.side in ("both", "plain"):
            metrics["plain"] = p = run_plain(inputs)
            print(f"plain spaCy, {WORKERS} processes: {p['pages']} pages, {p['cpu_seconds']} CPU s = "
                  f"{p['cpu_ms_per_page']} CPU ms per page ({p['wall_seconds']} s wall)")
    if "rapsheet" in metrics and "plain" in metrics:
        metrics["cpu_ratio"] = round(metrics["plain"]["cpu_ms_per_page"] / metrics["rapsheet"]["cpu_ms_per_page"], 3)
        print(f"plain CPU / rapsheet CPU per page = {metrics['cpu_ratio']}x (pages/s on busy cores follow it)")
    metrics["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

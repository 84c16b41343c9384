"""Kill -9 soak: a 2-worker ingest killed with SIGKILL `--cycles` times at random moments, then
run to its end, against a clean run of the same corpus: the exports must be the same (timestamps
aside), and no worker may outlive a killed parent.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/kill_soak.py [--cycles 20] [--seed 19]

Corpus: rapsheet/data/sample and tests/fixtures/articles, `--copies` distinct versions of each. Prints one line per
cycle (articles stored when killed, orphaned workers) and a summary; exits 1 on any orphan or
any difference.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMPS = {"first_seen", "last_seen", "created", "fetched", "stored"}


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except OSError:
                continue
            if int(ppid) == pid and state != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def ingest(env: dict, corpus: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "rapsheet", "ingest", str(corpus), "--workers", "2",
                             "--published", "2025-04-23"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def export(env: dict) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "rapsheet", "export", "--format", "jsonl"], env=env,
                         capture_output=True, text=True, check=True).stdout

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in STAMPS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return [strip(json.loads(line)) for line in out.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--copies", type=int, default=12, help="Versions of each corpus file.")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for path in [*(ROOT / "rapsheet" / "data" / "sample").glob("*.txt"),
                     *(ROOT / "tests" / "fixtures" / "articles").glob("*.txt")]:
            shutil.copy(path, corpus / path.name)
            for copy in range(1, args.copies):   # distinct texts: each its own article
                text = path.read_text(encoding="utf-8") + f"\n\nFiled by desk {copy}.\n"
                (corpus / f"{path.stem}-{copy}.txt").write_text(text, encoding="utf-8")
        base = os.environ | {"PYTHONPATH": str(ROOT)}
        clean_env = base | {"RAPSHEET_DB": f"sqlite:///{folder}/clean.db"}
        started = time.perf_counter()
        assert ingest(clean_env, corpus).wait() in (0, 1)
        clean_s = time.perf_counter() - started
        soak_db = Path(folder) / "soak.db"
        soak_env = base | {"RAPSHEET_DB": f"sqlite:///{soak_db}"}
        orphans = 0
        for cycle in range(1, args.cycles + 1):
            parent = ingest(soak_env, corpus)
            before = stored(soak_db)
            deadline = time.monotonic() + 120
            # Kill while it works: once this run has stored an article, after 0-3 s more.
            while (time.monotonic() < deadline and parent.poll() is None
                   and (len(children_of(parent.pid)) < 2 or stored(soak_db) == before)):
                time.sleep(0.1)
            time.sleep(rng.uniform(0.0, 3.0))
            workers = children_of(parent.pid)
            if parent.poll() is None:
                os.kill(parent.pid, signal.SIGKILL)
            parent.wait()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and any(alive(p) for p in workers):
                time.sleep(0.1)
            left = [p for p in workers if alive(p)]
            orphans += len(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            print(f"cycle {cycle:2d}: {stored(soak_db) - before:3d} stored before the kill, "
                  f"{len(left)} orphaned worker(s)", flush=True)
        final = ingest(soak_env, corpus).wait()
        clean, soaked = export(clean_env), export(soak_env)
        same = clean == soaked
        print(f"\nclean run {clean_s:.0f} s, {stored(Path(folder) / 'clean.db')} articles; after "
              f"{args.cycles} kills and a last run (exit {final}): {stored(soak_db)} articles; "
              f"exports {'identical' if same else 'DIFFERENT'} ({len(clean)} subjects, timestamps "
              f"aside); {orphans} orphaned worker(s)")
        return 0 if same and not orphans else 1


if __name__ == "__main__":
    sys.exit(main())

"""Time and peak memory (RSS) of reading each hostile input of tests/hostile/cases.py, plus
14 MB of tag soup in several shapes: every case is read in a fresh process (`read_inputs`, the
reading stage every ingest runs before any NLP), so each peak is that case's alone.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/hostile_bounds.py [--max-s 30] [--max-mb 800]

Prints one row per case (outcome, seconds, peak RSS in MB) and exits 1 when a case is past the
bounds or does not end as one failure or a skip; the baseline row reads nothing, so its RSS is
what the interpreter and the reader's imports cost.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.cases import MAX_INPUT_BYTES, hostile_cases  # noqa: E402

SOUP_BYTES = 14_000_000

CHILD = """
import json, resource, sys, time
from rapsheet.ingest import Failure, read_inputs
from collections import Counter
path = sys.argv[1]
start = time.perf_counter()
skipped = Counter()
items = list(read_inputs([path], skipped=skipped)) if path != "-" else []
seconds = time.perf_counter() - start
failures = [i for i in items if isinstance(i, Failure)]
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "failures": len(failures), "articles": len(items) - len(failures),
                  "skipped": sum(skipped.values()),
                  "reason": (failures[0].reason if failures else ", ".join(skipped))[:70]}))
"""


def tag_soups() -> dict[str, bytes]:
    """14 MB of markup that is mostly tags, in the shapes that cost a parser most."""
    rng = random.Random(19)
    tags = [b"div", b"p", b"span", b"b", b"i", b"table", b"td", b"li", b"ul", b"a", b"font"]
    parts, size = [], 0
    while size < SOUP_BYTES:
        tag = rng.choice(tags)
        part = b"<" + tag + b">" + b"word " * rng.randrange(3)
        if rng.random() < 0.4:
            part += b"</" + rng.choice(tags) + b">"
        parts.append(part)
        size += len(part)
    shapes = {"soup-random.html": b"".join(parts),
              "soup-unclosed-divs.html": b"<div>x " * (SOUP_BYTES // 7),
              "soup-nested-tables.html": b"<table><tr><td><a href=x>word " * (SOUP_BYTES // 31),
              "soup-paragraphs.html": b"<p>Police said a man was arrested.</p>" * (SOUP_BYTES // 38)}
    return {name: b"<html><body>" + body + b"</body></html>" for name, body in shapes.items()}


def measure(path: str, env: dict, timeout: float) -> dict:
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, path], env=env, capture_output=True,
                              timeout=timeout, text=True)
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "rss_mb": float("nan"), "failures": 0, "articles": 0,
                "skipped": 0, "reason": "TIMED OUT"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        return {"seconds": 0, "rss_mb": float("nan"), "failures": 0, "articles": 0, "skipped": 0,
                "reason": "CRASHED: " + (done.stderr.strip().splitlines() or ["?"])[-1][:60]}
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-s", type=float, default=30.0, help="Seconds a case may take.")
    parser.add_argument("--max-mb", type=float, default=800.0, help="Peak RSS a case may reach.")
    args = parser.parse_args()
    env = os.environ | {"PYTHONPATH": str(ROOT), "RAPSHEET_MAX_INPUT_BYTES": str(MAX_INPUT_BYTES)}
    soup_env = os.environ | {"PYTHONPATH": str(ROOT)}   # the default size limit: soup gets in
    bad = 0
    with tempfile.TemporaryDirectory() as folder:
        rows = [("baseline (imports only)", "-", env)]
        for case in hostile_cases():
            path = Path(folder) / case.filename
            path.write_bytes(case.data)
            rows.append((case.name, str(path), env))
        for name, data in tag_soups().items():
            path = Path(folder) / name
            path.write_bytes(data)
            rows.append((f"14 MB tag soup ({name[5:-5]})", str(path), soup_env))
        print(f"| case | outcome | seconds | peak RSS MB |\n|---|---|---|---|")
        for name, path, case_env in rows:
            got = measure(path, case_env, timeout=max(args.max_s * 4, 60))
            outcome = (f"failure: {got['reason']}" if got["failures"] == 1 and not got["articles"]
                       else f"skipped: {got['reason']}" if got["skipped"] and not got["failures"]
                       else "nothing read" if path == "-" else
                       f"{got['articles']} article(s), {got['failures']} failure(s): {got['reason']}")
            over = (got["seconds"] > args.max_s or not got["rss_mb"] <= args.max_mb
                    or (path != "-" and not outcome.startswith(("failure", "skipped"))))
            bad += over
            print(f"| {name} | {outcome.replace('|', '/')} | {got['seconds']:.2f} | "
                  f"{got['rss_mb']:.0f}{' **over**' if over else ''} |", flush=True)
    print(f"\n{len(rows) - 1} cases, {bad} past the bounds ({args.max_s:g} s, {args.max_mb:g} MB) "
          "or not ending as one failure or a skip")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Accuracy gates: run each benchmark named in floors.yaml and fail when a metric drops below its
floor. Benchmarks read ../shared/data; one whose data is absent reports itself skipped.

Each benchmark, given `--json`, prints its metrics as one JSON object on its last line of stdout
(`{"skipped": "why"}` when it cannot run). A benchmark's `floors` are minima; its `maxima` (a
count of false accusations) are ceilings. Raising a floor or lowering a maximum is a one-line
change in floors.yaml; the other way needs a reason written beside it.

    python benchmarks/gates.py [NAME ...]
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time

import yaml

HERE = pathlib.Path(__file__).resolve().parent


def run_one(name: str, spec: dict) -> tuple[bool, list[str]]:
    cmd = [sys.executable, str(HERE / spec["script"]), "--json", *spec.get("args", [])]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=spec.get("timeout", 1800),
                              cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        return False, [f"{name}: timed out after {spec.get('timeout', 1800)} s"]
    took = time.monotonic() - started
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return False, [f"{name}: exit {proc.returncode}: {' | '.join(tail)}"]
    try:
        result = json.loads(lines[-1])
    except json.JSONDecodeError:
        return False, [f"{name}: last line is not JSON: {lines[-1][:120]}"]
    if "skipped" in result:
        return True, [f"{name}: skipped ({result['skipped']})"]
    ok, out = True, []
    limits = [(m, v, "floor") for m, v in spec.get("floors", {}).items()] + \
        [(m, v, "maximum") for m, v in spec.get("maxima", {}).items()]
    for metric, limit, kind in limits:
        value = result.get(metric)
        if value is None:
            ok = False
            out.append(f"{name}: metric {metric} missing from the result")
            continue
        passed = value >= limit if kind == "floor" else value <= limit
        ok &= passed
        verdict = "ok" if passed else ("BELOW FLOOR" if kind == "floor" else "ABOVE MAXIMUM")
        out.append(f"{name}: {metric} = {value:.4f} ({kind} {limit}) {verdict}")
    out.append(f"{name}: ran in {took:.0f} s: {' '.join(cmd[1:])}")
    return ok, out


def main(argv: list[str]) -> int:
    floors = yaml.safe_load((HERE / "floors.yaml").read_text())
    # entries without a script are the own corpus's floors, which the test suite enforces
    names = argv or [name for name, spec in floors.items() if "script" in spec]
    failed = []
    for name in names:
        ok, lines = run_one(name, floors[name])
        for line in lines:
            print(line, flush=True)
        if not ok:
            failed.append(name)
    print(f"gates: {len(names) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Screening latency over a large index, against brute-force rapidfuzz over the same names.

Takes ../shared/data/ofac-sdn/sdn_2024-05-03.csv (OFAC's 12-column CSV without a header; the
file is plain ASCII, read as UTF-8 with latin-1 as the fallback) and grows it to `--size`
entities with generated variants: people recombined from the list's given names and surnames,
organisations from its words, and misspelled, reordered and shortened copies of real entries
(synthetic names when the file is absent). Gives the index build time and memory, the median and
p95 latency of `ScreenIndex.screen` over 1,000 queries (half variants of indexed entries, half
names that are not there), how often the varied entry comes first and in the top 10, and the
latency of `rapidfuzz.process.extract` (token_sort_ratio) over all the names for a sample of the
same queries.

    .venv/bin/python benchmarks/screen_latency.py [--size 1000000] [--queries 1000] [--baseline 20]
"""
from __future__ import annotations

import argparse
import csv
import gc
import random
import statistics
import string
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapsheet.screen import Candidate, ScreenIndex  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ofac-sdn" / "sdn_2024-05-03.csv"
COUNTRIES = ["VE", "MX", "CO", "US", "RU", "IR", "SY", "CN", "KP", "AF", "IQ", "LB", "YE", "PK", "CU"]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def read_sdn(path: Path) -> list[tuple[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = []
    for row in csv.reader(text.splitlines()):
        if len(row) >= 3 and row[1].strip():
            kind = row[2].strip()
            rows.append((row[1].strip(), "person" if kind == "individual" else
                         "object" if kind in ("vessel", "aircraft") else "organization"))
    return rows


def synthetic_sdn(rng: random.Random, n: int = 15000) -> list[tuple[str, str]]:
    def word() -> str:
        return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
    return [(f"{word().upper()}, {word().title()} {word().title()}", "person") if rng.random() < 0.6
            else (f"{word().upper()} {rng.choice(['TRADING', 'GROUP', 'LLC', 'BANK'])}", "organization")
            for _ in range(n)]


def misspell(name: str, rng: random.Random) -> str:
    chars = list(name)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    if not letters:
        return name
    i = rng.choice(letters)
    op = rng.random()
    if op < 0.4:
        chars[i] = rng.choice(string.ascii_lowercase if chars[i].islower() else string.ascii_uppercase)
    elif op < 0.7:
        del chars[i]
    elif i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def vary(name: str, kind: str, rng: random.Random) -> str:
    """A variant a user might type: reordered, misspelled, or with a given name left out."""
    if kind == "person" and name.count(",") == 1:
        surname, given = (p.strip() for p in name.split(","))
        given_words = given.split()
        choice = rng.random()
        if choice < 0.35 and len(given_words) > 1:
            given = " ".join(given_words[:-1])
        name = f"{given} {surname}".title()
    return misspell(name, rng) if rng.random() < 0.6 else name


def build_candidates(base: list[tuple[str, str]], size: int, rng: random.Random) -> list[Candidate]:
    people = [n for n, k in base if k == "person" and n.count(",") == 1]
    givens = [n.split(",")[1].strip() for n in people]
    surnames = [n.split(",")[0].strip() for n in people]
    org_words = [w for n, k in base if k == "organization" for w in n.split() if len(w) > 3]
    out = []
    for i, (name, kind) in enumerate(base[:size]):
        out.append(Candidate(f"sdn{i}", name, kind, birth_years=None, countries=frozenset()))
    i = 0
    while len(out) < size:
        i += 1
        roll = rng.random()
        year = rng.randint(1940, 2005)
        country = frozenset({rng.choice(COUNTRIES)})
        if roll < 0.55 and people:
            name, kind = f"{rng.choice(surnames)}, {rng.choice(givens)}", "person"
        elif roll < 0.8 and org_words:
            name, kind = " ".join(rng.sample(org_words, rng.randint(2, 4))), "organization"
        else:
            source, kind = rng.choice(base)
            name = vary(source, kind, rng)
        out.append(Candidate(f"gen{i}", name, kind,
                             birth_years=(year, year + 1) if kind == "person" else None,
                             countries=country))
    return out


def absent_name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiouy") for _ in range(rng.randint(2, 3)))
    return f"{word().title()} {word().title()} {word().title()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline", type=int, default=20, help="queries timed for the brute-force baseline")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    print("$ " + " ".join([".venv/bin/python", "benchmarks/screen_latency.py", *sys.argv[1:]]))
    rng = random.Random(args.seed)
    if args.data.exists():
        base = read_sdn(args.data)
        print(f"{len(base)} SDN names from {args.data.name}")
    else:
        base = synthetic_sdn(rng)
        print(f"no SDN file at {args.data}: {len(base)} synthetic names instead")

    candidates = build_candidates(base, args.size, rng)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    index = ScreenIndex(candidates)
    index.blocked("warm up")       # builds the posting arrays
    build_s = time.perf_counter() - started
    gc.collect()
    print(f"index: {len(index):,} entities, {index.name_count:,} names; build {build_s:.1f} s "
          f"({len(index) / build_s:,.0f} entities/s); memory +{rss_mb() - before:,.0f} MB "
          f"(arrays {index.memory_bytes() / 2**20:,.0f} MB), process {rss_mb():,.0f} MB")

    queries = []
    for _ in range(args.queries // 2):
        number = rng.randrange(len(candidates))
        target = candidates[number]
        kind = target.type if target.type in ("person", "organization") else "organization"
        queries.append((vary(target.name, kind, rng), target.id, target.name))
    queries += [(absent_name(rng), None, None) for _ in range(args.queries - len(queries))]
    rng.shuffle(queries)

    latencies, first, top10, known, absent_matches = [], 0, 0, 0, 0
    for query, expected, expected_name in queries:
        started = time.perf_counter()
        results = index.screen(query, limit=10)
        latencies.append((time.perf_counter() - started) * 1000)
        if expected is None:
            absent_matches += any(r.match for r in results)
            continue
        known += 1
        ids = [r.id for r in results]
        # Another entity with the very same name is as good an answer as the varied one.
        first += bool(results and (ids[0] == expected or results[0].name == expected_name))
        top10 += expected in ids
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    median = statistics.median(latencies)
    print(f"screen: {len(queries)} queries, median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"max {latencies[-1]:.1f} ms")
    print(f"  varied entries ({known}): first {first / max(1, known):.3f}, in top 10 {top10 / max(1, known):.3f}; "
          f"absent names ({len(queries) - known}) with a match: {absent_matches / max(1, len(queries) - known):.3f}")

    names = [c.name for c in candidates]
    sample = queries[:args.baseline]
    base_lat = []
    for query, *_ in sample:
        started = time.perf_counter()
        process.extract(query, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process, limit=10)
        base_lat.append((time.perf_counter() - started) * 1000)
    ours_sample = []
    for query, *_ in sample:
        started = time.perf_counter()
        index.screen(query, limit=10)
        ours_sample.append((time.perf_counter() - started) * 1000)
    bm, om = statistics.median(base_lat), statistics.median(ours_sample)
    print(f"baseline rapidfuzz process.extract over {len(names):,} names, {len(sample)} queries: "
          f"median {bm:.1f} ms; ours on the same queries median {om:.1f} ms; baseline/ours {bm / om:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""No machine code in any page of a store built from real releases (issue 16).

Builds a new SQLite store from the sample corpus, the seed article and every STEM.txt of
../shared/data/realnews/prosecutors (county prosecutors' releases) through the real pipeline,
crawls every UI page as tests/web/test_readable.py does, and prints what a reader must never
see (TimeML codes such as PAST_REF or XXXX, hex ids, file paths, "reported ?") with the page it
was on, and links that say only "evidence"/"source". Exit status 1 when anything is found, 0
when nothing is, or when the data is absent (nothing to measure).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/readable_realnews.py [--data DIR] [--limit N]
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.web.crawl import crawl, problems  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "realnews" / "prosecutors"
SAMPLE = ROOT / "rapsheet" / "data" / "sample"
SEED = ROOT / "tests" / "fixtures" / "articles" / "tren-de-aragua-terrorism-case.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="only the first N releases (0: all)")
    parser.add_argument("--examples", type=int, default=40, help="problems printed")
    args = parser.parse_args(argv)
    print("$ " + " ".join(["PYTHONPATH=$PWD .venv/bin/python", "benchmarks/readable_realnews.py", *sys.argv[1:]]))
    releases = sorted(args.data.glob("*.txt"))
    if not releases:
        print(f"no releases at {args.data}: nothing to measure")
        return 0
    if args.limit:
        releases = releases[:args.limit]

    from fastapi.testclient import TestClient

    from rapsheet.api import create_app
    from rapsheet.jobs import ingest
    from rapsheet.settings import Settings
    from rapsheet.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'rapsheet.db'}")
        started = time.perf_counter()
        summary = ingest([str(SAMPLE), str(SEED), *map(str, releases)], store=store)
        print(f"ingested {summary.new} articles ({len(releases)} releases) in {time.perf_counter() - started:.0f} s")
        found: list[str] = []
        bare_links: list[str] = []
        pages = 0
        with TestClient(create_app(Settings(db=str(store.engine.url)), store=store)) as client:
            for path, page in crawl(client):
                pages += 1
                found += [f"{path}: {p}" for p in problems(page.texts)]
                bare_links += [path for _, text in page.links if text.lower() in ("evidence", "source", "")]
    kinds = collections.Counter(p.split(": ", 2)[1] for p in found)
    print(f"{pages} pages crawled; {len(found)} problems, {len(bare_links)} links that say only "
          f"'evidence'/'source' or nothing")
    for kind, n in kinds.most_common():
        print(f"  {n:5d}  {kind}")
    for line in found[:args.examples]:
        print("  " + line[:300])
    return 1 if found or bare_links else 0


if __name__ == "__main__":
    sys.exit(main())

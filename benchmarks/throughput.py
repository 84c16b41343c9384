#!/usr/bin/env python3
"""Articles per second, HTML to stored facts, with 1 and 2 workers, against plain spaCy over the
same texts in the same run.

Input: a WARC.gz written here of N pages: the shared benchmark's real news pages
(../shared/data/article-extraction-benchmark/html/*.html.gz) when present, else the test pages,
repeated, each copy given an edition line in its body so that no two are duplicates. Each
configuration runs as the command a user runs (`rapsheet ingest crawl.warc.gz --workers W
--json`, a fresh SQLite store), timed from start to exit (the pipeline's load included), with the
peak RSS of the writer and of each worker from the summary, and the CPU seconds it used (its
own and its workers'), which other jobs on the machine disturb less than the wall time. The
baselines: the stored article texts through plain `spacy.load(<spacy_model>).pipe` (load
excluded) in one process, and with `n_process=2`, the like of 2 workers. Target: 5 articles/s.

    python benchmarks/throughput.py [--articles N] [--json]
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import pathlib
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_HTML = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "html"
TEST_PAGES = [ROOT / "tests" / "fixtures" / "pages", ROOT / "tests" / "fixtures" / "articles"]


def load_pages() -> tuple[list[bytes], str]:
    if SHARED_HTML.is_dir() and any(SHARED_HTML.glob("*.html.gz")):
        return [gzip.decompress(p.read_bytes()) for p in sorted(SHARED_HTML.glob("*.html.gz"))], str(SHARED_HTML)
    pages = [p.read_bytes() for folder in TEST_PAGES for p in sorted(folder.glob("*.html"))]
    return pages, "tests/fixtures (pages, articles)"


_FIRST_PARAGRAPH = re.compile(rb"(<p[ >][^<]{40,})", re.I)


def vary(page: bytes, number: int) -> bytes:
    """The page with an edition line in its first long paragraph, so its text is new."""
    line = f"(Edition {number}, filed by the night desk.) ".encode()
    match = _FIRST_PARAGRAPH.search(page)
    if not match:
        return page.replace(b"<body", b"<body data-edition='%d'" % number, 1)
    start = page.index(b">", match.start()) + 1
    return page[:start] + line + page[start:]


def write_warc(path: pathlib.Path, pages: list[bytes], count: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(count):
            body = vary(pages[number % len(pages)], number)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://news.example.com/{number}", "response", payload=io.BytesIO(body),
                http_headers=http, warc_headers_dict={"WARC-Date": "2025-03-04T08:00:00Z"}))


def children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for child processes and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ingest(warc: pathlib.Path, workers: int, folder: pathlib.Path) -> dict:
    db = folder / f"w{workers}.db"
    env = dict(os.environ, RAPSHEET_DB=f"sqlite:///{db}")
    command = [sys.executable, "-m", "rapsheet", "ingest", str(warc), "--workers", str(workers), "--json"]
    cpu = children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cpu = children_cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-800:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    worker_peaks = [w["peak_rss_mb"] for w in summary["workers"]]
    return {"workers": workers, "seconds": round(seconds, 1), "new": summary["new"],
            "failed": summary["failed"], "skipped": sum(summary["skipped"].values()),
            "articles_per_s": round(summary["new"] / seconds, 2), "cpu_seconds": round(cpu, 1),
            "cpu_ms_per_article": round(1000 * cpu / max(summary["new"], 1)),
            "peak_rss_mb_writer": summary["peak_rss_mb"],
            "peak_rss_mb_per_worker": max(worker_peaks) if workers > 1 else summary["peak_rss_mb"],
            "db": str(db)}


def plain_spacy(db: str, processes: int = 1) -> dict:
    import spacy
    import sqlalchemy as sa

    from rapsheet.settings import settings

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        texts = [r[0] for r in conn.execute(sa.text("select text from articles"))]
    engine.dispose()
    nlp = spacy.load(settings().spacy_model)
    cpu = time.process_time() + children_cpu()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8, n_process=processes):
        pass
    seconds = time.perf_counter() - started
    cpu = time.process_time() + children_cpu() - cpu
    return {"texts": len(texts), "seconds": round(seconds, 1), "processes": processes,
            "articles_per_s": round(len(texts) / seconds, 2), "model": settings().spacy_model,
            "cpu_ms_per_article": round(1000 * cpu / max(len(texts), 1))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="pages in the generated WARC")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args()
    print("command: python benchmarks/throughput.py " + " ".join(sys.argv[1:]))
    pages, where = load_pages()
    if not pages:
        print(json.dumps({"skipped": "no HTML pages found"}) if args.json else "no pages")
        return 0
    with tempfile.TemporaryDirectory(prefix="rapsheet-throughput-") as tmp:
        folder = pathlib.Path(tmp)
        warc = folder / "crawl.warc.gz"
        write_warc(warc, pages, args.articles)
        print(f"input: {args.articles} pages from {len(pages)} distinct ({where}), "
              f"{warc.stat().st_size / 1e6:.1f} MB WARC.gz; {os.cpu_count()} CPUs")
        results = []
        for workers in (1, 2):
            result = run_ingest(warc, workers, folder)
            results.append(result)
            print(f"rapsheet ingest --workers {workers}: {result['new']} articles stored "
                  f"({result['skipped']} skipped, {result['failed']} failed) in {result['seconds']} s "
                  f"= {result['articles_per_s']} articles/s, {result['cpu_ms_per_article']} CPU ms/article; "
                  f"peak RSS writer {result['peak_rss_mb_writer']} MB, per worker {result['peak_rss_mb_per_worker']} MB")
        baselines = [plain_spacy(results[0]["db"], processes) for processes in (1, 2)]
        for baseline in baselines:
            print(f"plain spaCy {baseline['model']}, {baseline['processes']} process(es), over the same "
                  f"{baseline['texts']} texts: {baseline['seconds']} s = {baseline['articles_per_s']} articles/s, "
                  f"{baseline['cpu_ms_per_article']} CPU ms/article")
        one, two = results
        baseline, baseline_2 = baselines
        metrics = {
            "articles": args.articles,
            "articles_per_s_1_worker": one["articles_per_s"],
            "articles_per_s_2_workers": two["articles_per_s"],
            "speedup_2_over_1": round(two["articles_per_s"] / one["articles_per_s"], 2) if one["articles_per_s"] else None,
            "peak_rss_mb_1_worker": one["peak_rss_mb_per_worker"],
            "peak_rss_mb_per_worker_2_workers": two["peak_rss_mb_per_worker"],
            "peak_rss_mb_writer_2_workers": two["peak_rss_mb_writer"],
            "cpu_ms_per_article_1_worker": one["cpu_ms_per_article"],
            "cpu_ms_per_article_2_workers": two["cpu_ms_per_article"],
            "plain_spacy_articles_per_s": baseline["articles_per_s"],
            "plain_spacy_2_processes_articles_per_s": baseline_2["articles_per_s"],
            "plain_spacy_cpu_ms_per_article": baseline["cpu_ms_per_article"],
            "ratio_1_worker_to_plain_spacy": round(one["articles_per_s"] / baseline["articles_per_s"], 3),
            "ratio_2_workers_to_plain_spacy": round(two["articles_per_s"] / baseline["articles_per_s"], 3),
            "ratio_2_workers_to_plain_spacy_2_processes":
                round(two["articles_per_s"] / baseline_2["articles_per_s"], 3),
            "stored_1_worker": one["new"], "stored_2_workers": two["new"],
            "meets_5_per_s": two["articles_per_s"] >= 5,
        }
        print(f"2 workers / 1 worker: {metrics['speedup_2_over_1']}x; rapsheet / plain spaCy: "
              f"{metrics['ratio_1_worker_to_plain_spacy']} (1 worker / 1 process), "
              f"{metrics['ratio_2_workers_to_plain_spacy_2_processes']} (2 workers / 2 processes)")
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

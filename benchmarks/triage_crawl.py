#!/usr/bin/env python3
"""A general-news crawl and a crime-only crawl through `rapsheet ingest --workers 2`, with triage,
side by side with plain trafilatura + spaCy (2 processes) over the same inputs, in one run.

Inputs (../shared/data): the general crawl is the 181 extraction-benchmark pages (a WARC.gz written
here) and the first 300 PolNeAR texts (a .jsonl); the crime-only crawl is the 600 prosecutors'
releases of realnews/prosecutors-pool. Each crawl runs as the command a user runs (`rapsheet
ingest ... --workers 2 --json`, a fresh SQLite store, the pipeline's load included), and reports
pages per second, its exit status, failures, the share of articles fully read (the others stored
unread: off-topic, or in another language) and the peak RSS of each worker. The baseline runs in
the same run: 2 processes, each loading spaCy's model once, reading each input (trafilatura for a
page, the text as it is otherwise) and running the model over it. Triage recall (the articles
fully read, by the same decision the workers take) is measured over realnews/prosecutors (80
releases) and the project's own corpus (tests/fixtures, rapsheet/data/sample). Targets: >= 15
pages/s on the general crawl, exit 0, recall >= 0.98, >= 0.7x the baseline on the crime-only crawl.

    python benchmarks/triage_crawl.py [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared" / "data"
HTML = SHARED / "article-extraction-benchmark" / "html"
POLNEAR = SHARED / "polnear" / "train" / "text"
POOL = SHARED / "realnews" / "prosecutors-pool"
PROSECUTORS = SHARED / "realnews" / "prosecutors"
OWN = [ROOT / "tests" / "fixtures" / f for f in ("articles", "pages", "releases")] + [ROOT / "rapsheet" / "data" / "sample"]
GENERAL_POLNEAR = 300   # as scripts/train_triage.py, which never trains on these
WORKERS = 2


def general_inputs(folder: pathlib.Path) -> list[str]:
    import gzip

    from throughput import write_warc

    pages = [gzip.decompress(p.read_bytes()) for p in sorted(HTML.glob("*.html.gz"))]
    warc = folder / "general.warc.gz"
    write_warc(warc, pages, len(pages))
    jsonl = folder / "polnear.jsonl"
    with open(jsonl, "w", encoding="utf-8") as out:
        for path in sorted(POLNEAR.glob("*.txt"))[:GENERAL_POLNEAR]:
            out.write(json.dumps({"text": path.read_text(encoding="utf-8", errors="replace")}) + "\n")
    return [str(warc), str(jsonl)]


def run_ingest(inputs: list[str], db: pathlib.Path) -> dict:
    env = dict(os.environ, RAPSHEET_DB=f"sqlite:///{db}")
    command = [sys.executable, "-m", "rapsheet", "ingest", *inputs, "--workers", str(WORKERS), "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-800:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    unread = sum(summary["not_read"].values())
    stored = summary["new"]
    return {"exit": done.returncode, "seconds": round(seconds, 1), "read": summary["read"],
            "pages_per_s": round(summary["read"] / seconds, 2), "stored": stored,
            "failed": summary["failed"], "skipped": sum(summary["skipped"].values()),
            "not_read": summary["not_read"],
            "fully_read": stored - unread, "share_fully_read": round((stored - unread) / max(stored, 1), 3),
            "peak_rss_mb_per_worker": [w["peak_rss_mb"] for w in summary["workers"]],
            "peak_rss_mb_writer": summary["peak_rss_mb"]}


# --- the baseline: plain trafilatura + spaCy, 2 processes --------------------------------------

_nlp = None


def _load(model: str) -> None:
    global _nlp
    import spacy
    _nlp = spacy.load(model)


def _plain_one(item: tuple[str, bytes | str]) -> int:
    kind, content = item
    if kind == "html":
        import trafilatura
        text = trafilatura.extract(content) or ""
    else:
        text = content
    return len(_nlp(text)) if text else 0


def baseline_items(inputs: list[str]) -> list[tuple[str, bytes | str]]:
    from warcio.archiveiterator import ArchiveIterator

    items: list[tuple[str, bytes | str]] = []
    for path in inputs:
        if path.endswith(".warc.gz"):
            with open(path, "rb") as handle:
                items += [("html", r.content_stream().read()) for r in ArchiveIterator(handle)
                          if r.rec_type == "response"]
        elif path.endswith(".jsonl"):
            items += [("text", json.loads(line)["text"]) for line in open(path, encoding="utf-8")]
        else:
            items += [("text", p.read_text(encoding="utf-8", errors="replace"))
                      for p in sorted(pathlib.Path(path).glob("*.txt"))]
    return items


def run_baseline(inputs: list[str]) -> dict:
    import multiprocessing

    from rapsheet.settings import settings

    items = baseline_items(inputs)
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS, initializer=_load, initargs=(settings().spacy_model,)) as pool:
        for _ in pool.imap(_plain_one, items, chunksize=4):
            pass
    seconds = time.perf_counter() - started
    return {"pages": len(items), "seconds": round(seconds, 1), "pages_per_s": round(len(items) / seconds, 2)}


# --- triage recall ------------------------------------------------------------------------------

def recall(paths: list[str]) -> dict:
    from rapsheet.ingest import read_inputs
    from rapsheet.model import Article
    from rapsheet.unread import why_not_read

    articles = [a for a in read_inputs(paths) if isinstance(a, Article)]
    reasons = {a.source: why_not_read(a, triage_on=True) for a in articles}
    missed = [pathlib.Path(s).name for s, r in reasons.items() if r is not None]
    foreign = sum(1 for r in reasons.values() if r and r.startswith("language"))
    read = len(articles) - len(missed)
    # Triage recall: of the articles in the language rapsheet reads, the share triage lets through.
    return {"articles": len(articles), "fully_read": read, "recall": round(read / max(len(articles), 1), 3),
            "other_language": foreign,
            "triage_recall": round(read / max(len(articles) - foreign, 1), 3), "missed": missed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args()
    print("command: python benchmarks/triage_crawl.py " + " ".join(sys.argv[1:]))
    if not (HTML.is_dir() and POLNEAR.is_dir() and POOL.is_dir()):
        print(json.dumps({"skipped": "../shared/data not found"}) if args.json else "no data")
        return 0
    metrics: dict = {"cpus": os.cpu_count()}
    metrics["recall_prosecutors"] = recall([str(PROSECUTORS)])
    metrics["recall_own_corpus"] = recall([str(p) for p in OWN])
    for key in ("recall_prosecutors", "recall_own_corpus"):
        r = metrics[key]
        print(f"{key[7:]}: {r['fully_read']}/{r['articles']} = {r['recall']} fully read "
              f"({r['other_language']} in another language); triage recall {r['triage_recall']}"
              + (f" (not read: {', '.join(r['missed'])})" if r["missed"] else ""))
    with tempfile.TemporaryDirectory(prefix="rapsheet-triage-") as tmp:
        folder = pathlib.Path(tmp)
        general = general_inputs(folder)
        for name, inputs in (("general", general), ("crime_only", [str(POOL)])):
            result = run_ingest(inputs, folder / f"{name}.db")
            base = run_baseline(inputs)
            result["baseline"] = base
            result["ratio_to_baseline"] = round(result["pages_per_s"] / base["pages_per_s"], 3)
            metrics[name] = result
            print(f"{name}: rapsheet ingest --workers 2: {result['read']} pages in {result['seconds']} s "
                  f"= {result['pages_per_s']} pages/s, exit {result['exit']}, failed {result['failed']}, "
                  f"skipped {result['skipped']}; fully read {result['fully_read']}/{result['stored']} "
                  f"= {result['share_fully_read']}, unread {result['not_read']}; peak RSS per worker "
                  f"{result['peak_rss_mb_per_worker']} MB, writer {result['peak_rss_mb_writer']} MB")
            print(f"{name}: plain trafilatura + spaCy, 2 processes: {base['pages']} pages in "
                  f"{base['seconds']} s = {base['pages_per_s']} pages/s; rapsheet / plain = "
                  f"{result['ratio_to_baseline']}x")
    metrics["meets"] = {"general_15_pages_per_s": metrics["general"]["pages_per_s"] >= 15,
                        "general_exit_0": metrics["general"]["exit"] == 0,
                        "recall_0_98": min(metrics["recall_prosecutors"]["recall"],
                                           metrics["recall_own_corpus"]["recall"]) >= 0.98,
                        "triage_recall_0_98": min(metrics["recall_prosecutors"]["triage_recall"],
                                                  metrics["recall_own_corpus"]["triage_recall"]) >= 0.98,
                        "crime_only_0_7x": metrics["crime_only"]["ratio_to_baseline"] >= 0.7}
    print("targets met: " + json.dumps(metrics["meets"]))
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

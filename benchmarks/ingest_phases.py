#!/usr/bin/env python3
"""Where one worker's ingest time goes, per article: HTML to stored facts, phase by phase.

Input: a WARC.gz of N pages built as `throughput.py` builds it (the shared benchmark's real news
pages). One process reads every page as `rapsheet ingest --workers 1` does, but runs the phases
one after the other with a clock on each: reading the WARC record, trafilatura (with htmldate,
timed apart), cleaning, language check, spaCy's tokenizer and each pipeline component over the
same batches `nlp.pipe` would make, conversion to a Document, then, in a fresh SQLite store, the
article's rows, their insert, entity resolution and the commit. Times are milliseconds of CPU
(this process's, so other jobs on the machine count less than in wall time) per stored
article; the pipeline load is not counted.

    python benchmarks/ingest_phases.py [--articles N] [--batch-size B] [--json]
"""
from __future__ import annotations

import argparse
import functools
import json
import pathlib
import sys
import tempfile
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TOTALS: dict[str, float] = defaultdict(float)


def clocked(owner, attr: str, label: str) -> None:
    """Replace owner.attr by the same function with its time added to TOTALS[label]."""
    original = getattr(owner, attr)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            TOTALS[label] += time.process_time() - started

    setattr(owner, attr, wrapper)


def timed(label: str, fn, *args, **kwargs):
    started = time.process_time()
    try:
        return fn(*args, **kwargs)
    finally:
        TOTALS[label] += time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150, help="pages in the generated WARC")
    parser.add_argument("--batch-size", type=int, default=1,
                        help="articles per nlp.pipe batch (`ingest --workers 1` stores each page as read: 1)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args()
    print("command: python benchmarks/ingest_phases.py " + " ".join(sys.argv[1:]))

    import trafilatura.metadata

    from rapsheet.ingest import html as html_module
    from rapsheet.ingest.warc import read_warc_record, scan_warc
    from rapsheet.model import Article
    from rapsheet.nlp.pipeline import get_pipeline, make_doc, to_document
    from rapsheet.store import open_store
    from rapsheet.store import resolution, store as store_module
    from throughput import load_pages, write_warc

    clocked(html_module, "_extract", "html: trafilatura (with htmldate)")
    clocked(trafilatura.metadata, "find_date", "html: htmldate (inside trafilatura)")
    clocked(html_module, "clean_text", "html: clean_text")
    clocked(html_module, "identify_language", "html: language check")
    clocked(html_module, "decode_bytes", "html: decode bytes")
    clocked(store_module, "document_rows", "store: document -> rows")
    clocked(resolution, "resolve", "store: entity resolution")

    pages, where = load_pages()
    with tempfile.TemporaryDirectory(prefix="rapsheet-phases-") as tmp:
        folder = pathlib.Path(tmp)
        warc = folder / "crawl.warc.gz"
        write_warc(warc, pages, args.articles)
        store = open_store(f"sqlite:///{folder / 'phases.db'}")
        clocked(store.engine.dialect, "do_commit", "store: commit")
        nlp = get_pipeline()
        list(nlp.pipe(["Warm up the model."]))
        print(f"input: {args.articles} pages from {len(pages)} distinct ({where}); "
              f"nlp.pipe batch {args.batch_size}; pipeline: {', '.join(nlp.pipe_names)}")

        skipped: Counter = Counter()
        started = time.process_time()
        found = timed("read: scan WARC headers", lambda: list(scan_warc(str(warc), skipped=skipped)))
        articles: list[Article] = []
        for page in found:
            item = timed("read: WARC record + HTML extraction (all)", read_warc_record, page, skipped=skipped)
            if isinstance(item, Article) and not timed("store: has (dedupe check)", store.has, item.content_hash):
                articles.append(item)
        stored = 0
        for first in range(0, len(articles), args.batch_size):
            batch = articles[first:first + args.batch_size]
            docs = timed("spacy: make_doc (tokenizer)", lambda: [make_doc(nlp, a) for a in batch])
            for name, component in nlp.pipeline:
                if hasattr(component, "pipe"):
                    docs = timed(f"pipe: {name}", lambda: list(component.pipe(docs, batch_size=args.batch_size)))
                else:
                    docs = timed(f"pipe: {name}", lambda: [component(d) for d in docs])
            for article, doc in zip(batch, docs):
                document = timed("to_document", to_document, article, doc)
                stored += int(timed("store: add (all)", store.add, document).new)
        cpu = time.process_time() - started
        store.close()

    per = {label: round(1000 * seconds / max(stored, 1), 2) for label, seconds in TOTALS.items()}
    nested = {"read: WARC record + HTML extraction (all)", "store: add (all)"}
    html_parts = [k for k in per if k.startswith("html:") and "inside" not in k]
    per["read: warcio + rest of read_html"] = round(
        per["read: WARC record + HTML extraction (all)"] - sum(per[k] for k in html_parts), 2)
    store_parts = ("store: document -> rows", "store: entity resolution", "store: commit")
    per["store: inserts + rest of add"] = round(per["store: add (all)"] - sum(per.get(k, 0) for k in store_parts), 2)
    # Rows in the order of the work.
    order = sorted(per, key=lambda k: ("read" not in k and "html" not in k,
                                       "store" in k, k.startswith("pipe: rapsheet"), k))
    print(f"{stored} articles stored from {len(found)} pages ({dict(skipped)} skipped) in {cpu:.1f} s "
          f"CPU = {stored / cpu:.2f} articles per CPU second; CPU ms per stored article:")
    for label in order:
        mark = "  (sum of the lines below it)" if label in nested else ""
        print(f"  {label:48s} {per[label]:8.1f}{mark}")
    spacy_ms = sum(v for k, v in per.items() if k.startswith("pipe: ") and "rapsheet" not in k
                   and k != "pipe: entity_ruler") + per.get("spacy: make_doc (tokenizer)", 0)
    print(f"  {'= spaCy model (tokenizer + its components)':48s} {spacy_ms:8.1f}")
    print(f"  {'= everything (CPU per article)':48s} {1000 * cpu / max(stored, 1):8.1f}")
    if args.json:
        print(json.dumps({"articles": stored, "cpu_seconds": round(cpu, 2), "ms_per_article": per}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

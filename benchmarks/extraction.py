"""Main-text extraction from web pages: rapsheet's `read_html` against plain `trafilatura.extract`.

Reads ../shared/data/article-extraction-benchmark (181 news pages `html/*.html.gz` and
`ground-truth.json`) and scores both with that benchmark's own `evaluate.py` (shingle token
precision, recall and F1, means over pages), timing each page for both in the same run.
read_html runs as rapsheet runs it (cleaning on) but with no language or length filter, since
the benchmark's pages are in several languages and some are short.

    .venv/bin/python benchmarks/extraction.py [--data DIR] [--limit N] [--n-bootstrap N] [--json]

Exits 0 with a message when the data set is absent. With `--json`, the last line of stdout is one
JSON object of the metrics (`{"skipped": "why"}` without the data), for benchmarks/gates.py.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
TARGET_F1 = 0.95
TARGET_TIME_RATIO = 1.2


def load_evaluate(data: Path):
    spec = importlib.util.spec_from_file_location("aeb_evaluate", data / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--n-bootstrap", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="end with the metrics as one JSON line")
    args = parser.parse_args(argv)
    print("$ " + " ".join([Path(sys.executable).name, "benchmarks/extraction.py", *(argv or sys.argv[1:])]))

    if not (args.data / "ground-truth.json").exists() or not (args.data / "evaluate.py").exists():
        print(f"article-extraction-benchmark not found at {args.data}: nothing to measure")
        if args.json:
            print(json.dumps({"skipped": f"no data at {args.data}"}))
        return 0
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it finds short
    import trafilatura

    from rapsheet.errors import InputError
    from rapsheet.ingest import read_html

    evaluate = load_evaluate(args.data)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    truth = {k: truth[k] for k in keys}
    pages = {k: gzip.decompress((args.data / "html" / f"{k}.html.gz").read_bytes()) for k in keys}

    ours: dict[str, dict] = {}
    base: dict[str, dict] = {}
    time_ours = time_base = 0.0
    failures = 0

    def run_ours(key: str) -> str:
        try:
            return read_html(pages[key], key, url=truth[key].get("url"), language=None,
                             min_chars=0).text
        except InputError:
            return ""

    def run_base(key: str) -> str:
        return trafilatura.extract(pages[key], url=truth[key].get("url")) or ""

    # warm both up (imports, compiled patterns, the language model) outside the clock
    run_ours(keys[0]), run_base(keys[0])
    for i, key in enumerate(keys):
        # alternate who goes first, so neither always meets a warm cache
        order = ((run_ours, "ours"), (run_base, "base")) if i % 2 else ((run_base, "base"), (run_ours, "ours"))
        for fn, who in order:
            start = time.perf_counter()
            text = fn(key)
            spent = time.perf_counter() - start
            if who == "ours":
                time_ours += spent
                failures += not text
                ours[key] = {"articleBody": text}
            else:
                time_base += spent
                base[key] = {"articleBody": text}

    n = len(keys)
    print(f"{n} pages from {args.data}")
    print(f'{"":<24} {"F1":<13}  {"precision":<13}  {"recall":<13}  {"ms/page":>8}')
    results = {}
    for name, pred, spent in (("rapsheet read_html", ours, time_ours),
                              (f"trafilatura {trafilatura.__version__}", base, time_base)):
        m = evaluate.evaluate(truth, pred, args.n_bootstrap)
        results[name] = m
        print(f"{name:<24} {m['f1']:.3f} ± {m['f1_std']:.3f}  {m['precision']:.3f} ± {m['precision_std']:.3f}  "
              f"{m['recall']:.3f} ± {m['recall_std']:.3f}  {1000 * spent / n:8.1f}")
    ratio = time_ours / time_base if time_base else float("nan")
    f1 = results["rapsheet read_html"]["f1"]
    print(f"time ratio ours/trafilatura: {ratio:.2f} (target <= {TARGET_TIME_RATIO})")
    print(f"our F1: {f1:.3f} (target >= {TARGET_F1}); pages with no text from us: {failures}")
    if args.json:
        base_m = results[f"trafilatura {trafilatura.__version__}"]
        ours_m = results["rapsheet read_html"]
        print(json.dumps({"f1": round(ours_m["f1"], 4), "precision": round(ours_m["precision"], 4),
                          "recall": round(ours_m["recall"], 4),
                          "trafilatura_f1": round(base_m["f1"], 4),
                          "ms_per_page": round(1000 * time_ours / n, 2),
                          "trafilatura_ms_per_page": round(1000 * time_base / n, 2),
                          "time_ratio": round(ratio, 3), "pages": n, "empty": failures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

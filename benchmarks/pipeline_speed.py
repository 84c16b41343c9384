#!/usr/bin/env python3
"""Words per second of rapsheet's whole pipeline against plain en_core_web_sm, same texts, same run.

Texts: the article bodies of ../shared/data/article-extraction-benchmark/ground-truth.json when
present (181 real news articles), else the project's own test articles. Target: rapsheet at
least 0.6x the plain model's words per second.

    python benchmarks/pipeline_speed.py [--limit N] [--json]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GROUND_TRUTH = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "ground-truth.json"


def load_texts(limit: int) -> tuple[list[str], str]:
    if GROUND_TRUTH.exists():
        data = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
        texts = [v["articleBody"] for v in data.values() if v.get("articleBody")]
        return texts[:limit], str(GROUND_TRUTH)
    folder = ROOT / "tests" / "fixtures" / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return texts[:limit], str(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=181)
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args()
    print("command: python benchmarks/pipeline_speed.py " + " ".join(sys.argv[1:]))

    import spacy

    from rapsheet.model import Article
    from rapsheet.nlp.pipeline import build_pipeline, extract_documents
    from rapsheet.settings import settings

    texts, where = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} from {where}, {words} words")

    plain = spacy.load(settings().spacy_model)
    list(plain.pipe(texts[:2]))
    t0 = time.perf_counter()
    for _ in plain.pipe(texts, batch_size=8):
        pass
    plain_s = time.perf_counter() - t0

    nlp = build_pipeline()
    articles = [Article(source=f"bench:{i}", text=t) for i, t in enumerate(texts)]
    list(extract_documents(articles[:2], nlp))
    t0 = time.perf_counter()
    n_entities = sum(len(d.entities) for d in extract_documents(articles, nlp))
    ours_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {"plain_words_per_s": words / plain_s, "rapsheet_words_per_s": words / ours_s,
              "ratio": plain_s / ours_s, "articles_per_s": len(texts) / ours_s,
              "peak_rss_mb": peak_mb, "entities": n_entities}
    print(f"plain {settings().spacy_model}: {result['plain_words_per_s']:.0f} words/s")
    print(f"rapsheet pipeline:        {result['rapsheet_words_per_s']:.0f} words/s "
          f"({result['articles_per_s']:.1f} articles/s)")
    print(f"ratio rapsheet/plain: {result['ratio']:.2f}x (target >= 0.6x); peak RSS {peak_mb:.0f} MB")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Train the triage model (rapsheet/triage.py) and write its weights to rapsheet/data/triage.csv.

Positives: real prosecutors' releases (../shared/data/realnews/prosecutors-pool, 600 scraped
pages) and the project's own corpus of crime, court and sanctions news (tests/fixtures,
rapsheet/data/sample). Negatives: general news that is not about crime: PolNeAR's political news (the texts the
crawl benchmark reads, `GENERAL_POLNEAR` below, are left out) and Reuters news of CoNLL-2003, cut
into its stories at their datelines. Held out for measuring: ../shared/data/realnews/prosecutors, whose
recall must stay at 0.98 or more, as the own corpus's, measured out of fold (5 folds); the 181 extraction-benchmark pages and the benchmark's PolNeAR texts, whose share
fully read is reported.

The model: logistic regression (scikit-learn, used here only) over the lexicon features of an
article as `rapsheet.triage.features` reads them; weights too small to change a verdict are dropped.
The threshold is the score that keeps RECALL of the positives fully read in cross-validation.

    .venv/bin/python scripts/train_triage.py [--check]   # --check: measure the shipped model only
"""
from __future__ import annotations

import argparse
import csv
import gzip
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
POOL = SHARED / "realnews" / "prosecutors-pool"
PROSECUTORS = SHARED / "realnews" / "prosecutors"
POLNEAR = SHARED / "polnear"
CONLL = SHARED / "conll2003" / "eng.train"
GENERAL_HTML = SHARED / "article-extraction-benchmark" / "html"
#: The PolNeAR texts of the general-crawl benchmark (benchmarks/triage_crawl.py): the first 300 of
#: train/text by name. They are never trained on.
GENERAL_POLNEAR = 300
RECALL = 0.995
PRUNE = 0.02

from rapsheet.triage import LENGTH, MODEL_FILE, Model, features


def polnear_files() -> list[pathlib.Path]:
    return sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))


def general_polnear() -> list[pathlib.Path]:
    return sorted((POLNEAR / "train" / "text").glob("*.txt"))[:GENERAL_POLNEAR]


_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+ \d{4}-\d{2}-\d{2}$")


def conll_stories() -> list[str]:
    """CoNLL-2003's sentences regrouped into stories: a story opens with its headline, the
    sentence before a "CITY 1996-08-22" dateline."""
    sentences, current = [], []
    for line in CONLL.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(" ".join(current))
                current = []
            continue
        current.append(line.split(" ", 1)[0])
    stories: list[list[str]] = []
    for i, sentence in enumerate(sentences):
        if i + 1 < len(sentences) and _DATELINE.match(sentences[i + 1]) or not stories:
            stories.append([])
        stories[-1].append(sentence)
    return ["\n".join(s) for s in stories if sum(len(x) for x in s) > 400]


def read_page(path: pathlib.Path) -> tuple[str | None, str] | None:
    from rapsheet.ingest import read_html
    try:
        article = read_html(gzip.decompress(path.read_bytes()), str(path), language=None, min_chars=0)
    except Exception:
        return None
    return article.title, article.text


def own_corpus() -> list[tuple[str, str | None, str]]:
    """(name, title, text) of the project's own crime and court articles."""
    from rapsheet.ingest import read_inputs
    from rapsheet.model import Article
    folders = [ROOT / "tests" / "fixtures" / f for f in ("articles", "pages", "releases")]
    folders.append(ROOT / "rapsheet" / "data" / "sample")
    paths = [str(p) for folder in folders for p in sorted(folder.iterdir())
             if p.suffix in (".txt", ".html")]
    return [(a.source, a.title, a.text) for a in read_inputs(paths)
            if isinstance(a, Article)]


def text_item(path: pathlib.Path) -> tuple[str, str | None, str]:
    from rapsheet.ingest import read_text
    article = read_text(path.read_text(encoding="utf-8", errors="replace"), str(path), language=None)
    return str(path), article.title, article.text


def fit(items, labels, c: float) -> Model:
    """Logistic regression with every lexicon weight kept at zero or above: a crime word is only
    ever evidence for crime (general news that uses "FBI" or "indicted" now and then must not
    teach the model that those words mean politics). Classes weigh alike; L2 penalty 1/c."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features(title, text) for title, text in items]).tocsr()
    names = list(vectorizer.get_feature_names_out())
    y = np.array(labels, dtype=float)
    sample_weight = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))

    def loss(params):
        w, b = params[:-1], params[-1]
        z = x @ w + b
        p = 1 / (1 + np.exp(-z))
        value = np.sum(sample_weight * (np.logaddexp(0, z) - y * z)) + 0.5 / c * w @ w
        residual = sample_weight * (p - y)
        return value, np.append(x.T @ residual + w / c, residual.sum())

    bounds = [(None, None) if n == LENGTH else (0.0, None) for n in names] + [(None, None)]
    found = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    w, b = found.x[:-1], found.x[-1]
    weights = {n: float(v) for n, v in zip(names, w) if abs(v) >= PRUNE}
    return Model(weights, float(b), 0.5)


def scores(model: Model, items) -> list[float]:
    return [model.score(features(title, text)) for title, text in items]


def out_of_fold(items, labels, c: float, folds: int = 5) -> list[float | None]:
    """Each positive's score by a model trained without it (None for the negatives)."""
    held: list[float | None] = [None] * len(items)
    for k in range(folds):
        train = [i for i in range(len(items)) if i % folds != k]
        model = fit([items[i] for i in train], [labels[i] for i in train], c)
        for i in range(k, len(items), folds):
            if labels[i]:
                held[i] = scores(model, [items[i]])[0]
    return held


def report(model: Model, own_held: list[float] | None = None) -> dict:
    def share(values: list[float]) -> str:
        read = sum(v >= model.threshold for v in values)
        return f"{read}/{len(values)} = {read / max(len(values), 1):.3f}"

    prosecutors = [text_item(p)[1:] for p in sorted(PROSECUTORS.glob("*.txt"))]
    corpus = own_corpus()
    own = [(t, x) for _, t, x in corpus]
    pages = [p for p in (read_page(p) for p in sorted(GENERAL_HTML.glob("*.html.gz"))) if p]
    polnear = [text_item(p)[1:] for p in general_polnear()]
    # The own corpus is trained on: its recall is measured out of fold, by models that did not see it.
    own_scores = own_held if own_held is not None else scores(model, own)
    missed = [name for (name, _, _), s in zip(corpus, own_scores) if s < model.threshold]
    result = {"prosecutors (recall)": share(scores(model, prosecutors)),
              "own corpus (recall, out of fold)": share(own_scores),
              "general pages fully read": share(scores(model, pages)),
              "PolNeAR (benchmark's 300) fully read": share(scores(model, polnear)),
              "own corpus missed": missed}
    for key, value in result.items():
        print(f"{key}: {value}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="measure the shipped model, train nothing")
    parser.add_argument("-C", type=float, default=0.3, help="inverse regularisation strength")
    args = parser.parse_args()
    if not POOL.is_dir():
        print(f"no training data at {POOL}")
        return 1
    if args.check:
        from rapsheet.triage import model
        report(model())
        return 0
    held_out = {p.name for p in general_polnear()}
    own = [(t, x) for _, t, x in own_corpus()]
    positives = own + [text_item(p)[1:] for p in sorted(POOL.glob("*.txt"))]
    negatives = [text_item(p)[1:] for p in polnear_files() if p.name not in held_out]
    negatives += [(None, story) for story in conll_stories()]
    items = positives + negatives
    labels = [1] * len(positives) + [0] * len(negatives)
    print(f"training on {len(positives)} crime/court texts and {len(negatives)} general news texts")
    held = out_of_fold(items, labels, args.C)
    positive_scores = sorted(v for v in held if v is not None)
    # The score that keeps RECALL of the positives, scored out of fold.
    threshold = positive_scores[int((1 - RECALL) * len(positive_scores))]
    model = fit(items, labels, args.C)
    model = Model(model.weights, model.bias, threshold)
    with open(MODEL_FILE, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["term", "weight"])
        out.writerow(["(bias)", f"{model.bias:.4f}"])
        out.writerow(["(threshold)", f"{threshold:.4f}"])
        for term, weight in sorted(model.weights.items(), key=lambda kv: (-kv[1], kv[0])):
            out.writerow([term, f"{weight:.4f}"])
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}: {len(model.weights)} words, threshold {threshold:.4f}")
    report(model, [v for v in held[:len(own)]])
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Named entities on CoNLL-2003 English: the plain spaCy model against the same model with
rapsheet's gazetteer EntityRuler ahead of `ner` (rapsheet.data.add_entity_ruler, which loads the
patterns of rapsheet.data.entity_ruler_patterns()), and against the entities as users get them:
rapsheet's pipeline up to and with its NER repair (rapsheet_ner_repair), the later components left
out since they do not change `doc.ents`.

Reads the 4-column IOB file (default ../shared/data/conll2003/eng.testa from the project root),
builds each sentence as a pre-tokenised Doc and runs both pipelines over the same Docs. Scores
PER/ORG/LOC entities by exact span and label (spaCy PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC;
CoNLL MISC and every other spaCy label are left out of both sides), and prints precision, recall
and F1 per label and overall for each, the difference, and the words per CPU-second of each
(CPU time, so that other work on a shared machine does not skew the ratio).
Exits 0 with a message when the data is absent. With --json, the last line is the metrics.

    .venv/bin/python benchmarks/ner_conll.py [--data FILE] [--limit N] [--errors N] [--json]
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "conll2003" / "eng.testa"
LABELS = ("PER", "ORG", "LOC")
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

Span = tuple[int, int, str]  # token start, token end (exclusive), label


def read_conll(path: Path, limit: int | None = None) -> list[tuple[list[str], set[Span]]]:
    """Sentences as (words, gold spans); -DOCSTART- lines and MISC are skipped."""
    sentences: list[tuple[list[str], set[Span]]] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            sentences.append((list(words), spans_from_iob(tags)))
        words.clear()
        tags.clear()

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                flush()
                if limit and len(sentences) >= limit:
                    break
                continue
            if parts[0] == "-DOCSTART-":
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    flush()
    return sentences[:limit] if limit else sentences


def spans_from_iob(tags: list[str]) -> set[Span]:
    """Entity spans from IOB2 tags; an I- that follows O or another type starts a span (IOB1)."""
    spans: set[Span] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and not continues:
            if label in LABELS:
                spans.add((start, i, label))
            start, label = None, None
        if prefix in ("B", "I") and not continues:
            start, label = i, kind
    return spans


def predicted(doc) -> set[Span]:
    return {(e.start, e.end, SPACY_TO_CONLL[e.label_]) for e in doc.ents if e.label_ in SPACY_TO_CONLL}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(nlp, sentences, batch_size: int = 256) -> tuple[list, float]:
    """Run the pipeline over pre-tokenised Docs; returns the Docs and words per CPU-second."""
    from spacy.tokens import Doc

    list(nlp.pipe([Doc(nlp.vocab, words=words) for words, _ in sentences[:50]]))  # warm-up
    docs = [Doc(nlp.vocab, words=words) for words, _ in sentences]
    started = time.process_time()
    out = list(nlp.pipe(docs, batch_size=batch_size))
    took = time.process_time() - started
    n_words = sum(len(words) for words, _ in sentences)
    return out, n_words / took if took else 0.0


def score(docs, sentences) -> dict:
    counts = {label: Counter() for label in LABELS}
    for doc, (_, gold) in zip(docs, sentences):
        pred = predicted(doc)
        for label in LABELS:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts[label]["tp"] += len(g & p)
            counts[label]["fp"] += len(p - g)
            counts[label]["fn"] += len(g - p)
    result = {label: prf(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}
    total = sum(counts.values(), Counter())
    result["ALL"] = prf(total["tp"], total["fp"], total["fn"])
    return result


def ruler_errors(docs, sentences, top: int) -> list[tuple[str, int]]:
    """The gazetteer's matches that are not a gold PER/ORG/LOC entity, most frequent first."""
    wrong: Counter = Counter()
    for doc, (_, gold) in zip(docs, sentences):
        gold_spans = {(s, e) for s, e, _ in gold}
        for ent in doc.ents:
            if ent.ent_id_ and (ent.start, ent.end) not in gold_spans:
                wrong[f"{ent.text} [{ent.label_}]"] += 1
    return wrong.most_common(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CoNLL-2003 file (4-column IOB)")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N sentences")
    ap.add_argument("--model", default=None, help="spaCy model (default: the spacy_model setting)")
    ap.add_argument("--errors", type=int, default=10,
                    help="list the N most frequent gazetteer matches that are not gold entities")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON on the last line")
    args = ap.parse_args(argv)
    print("$ " + shlex.join([Path(sys.executable).name, *sys.argv]), flush=True)

    if not args.data.is_file():
        print(f"CoNLL-2003 data not found at {args.data}; nothing to score "
              f"(pass --data FILE).")
        if args.json:
            print(json.dumps({"skipped": f"no data at {args.data}"}))
        return 0

    import spacy

    from rapsheet.data import add_entity_ruler
    from rapsheet.settings import settings

    model = args.model or settings().spacy_model
    sentences = read_conll(args.data, args.limit)
    n_words = sum(len(w) for w, _ in sentences)
    print(f"{len(sentences)} sentences, {n_words} words, "
          f"{sum(len(g) for _, g in sentences)} gold PER/ORG/LOC entities from {args.data}")

    plain = spacy.load(model)
    ruled = spacy.load(model)
    ruler = add_entity_ruler(ruled)
    print(f"model {model}; EntityRuler with {len(ruler.patterns)} patterns; "
          f"pipeline {' > '.join(ruled.pipe_names)}")

    from rapsheet.nlp.pipeline import build_pipeline
    full = build_pipeline(model)
    full.select_pipes(enable=[p for p in full.pipe_names if not p.startswith("rapsheet_")
                              or p in ("rapsheet_sentences", "rapsheet_ner_repair")])

    plain_docs, plain_wps = run(plain, sentences)
    ruled_docs, ruled_wps = run(ruled, sentences)
    full_docs, full_wps = run(full, sentences)
    a, b, c = score(plain_docs, sentences), score(ruled_docs, sentences), score(full_docs, sentences)

    print(f"\n{'':6}{'plain ' + model:>34}{'with gazetteer ruler':>34}{'F1 diff':>10}")
    print(f"{'':6}" + f"{'P':>10}{'R':>10}{'F1':>10}    " * 2)
    for label in (*LABELS, "ALL"):
        row = "".join(f"{v:>10.4f}" for v in a[label]) + "    "
        row += "".join(f"{v:>10.4f}" for v in b[label]) + "    "
        print(f"{label:6}{row}{b[label][2] - a[label][2]:>+10.4f}")
    print(f"\n{'':6}{'pipeline: ruler + ner repair':>34}{'F1 diff to plain':>20}")
    for label in (*LABELS, "ALL"):
        print(f"{label:6}" + "".join(f"{v:>10.4f}" for v in c[label]) + f"    {c[label][2] - a[label][2]:>+10.4f}")
    print(f"\nwords per CPU-second: plain {plain_wps:,.0f}; with ruler {ruled_wps:,.0f} "
          f"(ratio {ruled_wps / plain_wps if plain_wps else 0:.2f}); pipeline {full_wps:,.0f}")
    if args.errors:
        wrong = ruler_errors(ruled_docs, sentences, args.errors)
        if wrong:
            print("gazetteer matches that are not gold PER/ORG/LOC spans: "
                  + "; ".join(f"{text} x{n}" for text, n in wrong))

    if args.json:
        print(json.dumps({"f1_plain": round(a["ALL"][2], 4), "f1_ruler": round(b["ALL"][2], 4),
                          "f1_delta": round(b["ALL"][2] - a["ALL"][2], 4),
                          "f1_pipeline": round(c["ALL"][2], 4),
                          "f1_pipeline_delta": round(c["ALL"][2] - a["ALL"][2], 4),
                          "org_f1_plain": round(a["ORG"][2], 4), "org_f1_pipeline": round(c["ORG"][2], 4),
                          "wps_plain": round(plain_wps), "wps_ruler": round(ruled_wps),
                          "sentences": len(sentences)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

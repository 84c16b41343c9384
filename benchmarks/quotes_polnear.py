"""Quotes and their speakers against PolNeAR (political news, brat Source/Cue/Content attributions).

Takes `../shared/data/polnear/dev` (or --data): `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`
(one annotator per article: the first file name in sorted order). Gives, for rapsheet's quote finder
and for textacy's `textacy.extract.triples.direct_quotations` on the very same parsed Docs:

- content recall and precision. A predicted quote matches a gold Content when their overlap is at
  least half of the shorter of the two (gold Content made of several pieces counts as their sum);
- speaker accuracy over matched gold attributions that have a Source: the predicted speaker
  span overlaps the gold Source span, or both resolve to the same entity through rapsheet's
  who-is-who (`entity_at`), when that component is in the pipeline;

once for direct quotes (gold Content holding a quotation mark; predictions with direct=True) and
once for all attributions. Exits 0 with a message when the data is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
QUOTE_MARKS = set('"“”«»„')


@dataclass(slots=True)
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    direct: bool


@dataclass(slots=True)
class Pred:
    start: int
    end: int
    speaker: tuple[int, int] | None
    direct: bool
    entity: str | None = None


@dataclass(slots=True)
class Tally:
    gold: int = 0
    gold_matched: int = 0
    pred: int = 0
    pred_matched: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        r = self.gold_matched / self.gold if self.gold else 0.0
        p = self.pred_matched / self.pred if self.pred else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        s = self.speaker_right / self.speaker_total if self.speaker_total else 0.0
        return (f"{name:<22} recall {r:.3f} ({self.gold_matched}/{self.gold})  precision {p:.3f} "
                f"({self.pred_matched}/{self.pred})  F1 {f:.3f}  speaker {s:.3f} "
                f"({self.speaker_right}/{self.speaker_total})")

    def scores(self) -> tuple[float, float, float]:
        r = self.gold_matched / self.gold if self.gold else 0.0
        p = self.pred_matched / self.pred if self.pred else 0.0
        s = self.speaker_right / self.speaker_total if self.speaker_total else 0.0
        return r, p, s


def read_ann(path: Path) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    links: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, middle, _ = line.split("\t", 2)
            kind, _, offsets = middle.partition(" ")
            pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[tid] = (kind, pieces)
        elif line.startswith("E"):
            args = line.split("\t")[1].split()
            links.append(dict(a.split(":", 1) for a in args))
    golds = []
    for link in links:
        if "Content" not in link or link["Content"] not in spans:
            continue
        content = spans[link["Content"]][1]
        source = spans[link["Source"]][1] if link.get("Source") in spans else []
        golds.append(Gold(content, source, False))
    return golds


def overlap(a: tuple[int, int], pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in pieces)


def matches(pred: Pred, gold: Gold) -> bool:
    shared = overlap((pred.start, pred.end), gold.content)
    shorter = min(pred.end - pred.start, sum(e - s for s, e in gold.content))
    return shorter > 0 and shared >= 0.5 * shorter


def speaker_right(doc, pred: Pred, gold: Gold, entity_at) -> bool:
    if pred.speaker is not None and overlap(pred.speaker, gold.source) > 0:
        return True
    if entity_at is None or pred.entity is None:
        return False
    for s, e in gold.source:
        ent = entity_at(doc, s, e)
        if ent is not None and ent.id == pred.entity:
            return True
    return False


def score(doc, all_golds: list[Gold], preds: list[Pred], direct_only: bool, tally: Tally, entity_at) -> None:
    """Recall over the golds of the kind, precision of the predictions of the kind against any gold
    (a phrase quoted inside reported speech is right when it lies in a gold Content)."""
    golds = [g for g in all_golds if g.direct] if direct_only else all_golds
    preds = [p for p in preds if p.direct] if direct_only else preds
    tally.gold += len(golds)
    tally.pred += len(preds)
    tally.pred_matched += sum(1 for p in preds if any(matches(p, g) for g in all_golds))
    for g in golds:
        cands = [p for p in preds if matches(p, g)]
        if not cands:
            continue
        tally.gold_matched += 1
        if g.source:
            best = max(cands, key=lambda p: overlap((p.start, p.end), g.content))
            tally.speaker_total += 1
            tally.speaker_right += speaker_right(doc, best, g, entity_at)


def textacy_quotes(doc, entity_at=None) -> tuple[list[Pred], bool]:
    """textacy on the whole Doc; where it bails out (an odd number of marks), paragraph by paragraph.
    Its speakers get the same who-is-who credit as rapsheet's when `entity_at` is given."""
    from textacy.extract.triples import direct_quotations

    def run(d, offset: int) -> list[Pred]:
        out = []
        for triple in direct_quotations(d):
            content = triple.content
            start = content[0].idx + len(content[0].text) + offset
            end = content[-1].idx + offset
            sp = None
            if triple.speaker:
                s = min(t.idx for t in triple.speaker) + offset
                e = max(t.idx + len(t.text) for t in triple.speaker) + offset
                sp = (s, e)
            ent = entity_at(doc, *sp) if entity_at is not None and sp is not None else None
            out.append(Pred(start, end, sp, True, ent.id if ent is not None else None))
        return out

    try:
        return run(doc, 0), False
    except ValueError:
        preds = []
        lo = 0
        for i, tok in enumerate(doc):
            if "\n" in tok.text or i == len(doc) - 1:
                part = doc[lo:i + 1]
                if len(part):
                    try:
                        preds += run(part.as_doc(), part.start_char)
                    except ValueError:
                        pass
                lo = i + 1
        return preds, True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split folder")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--plain", action="store_true",
                    help="plain spaCy model + rapsheet_quotes only (no who-is-who), for speed")
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON line last")
    args = ap.parse_args(argv)
    print("command:", " ".join([os.path.relpath(sys.executable, Path.cwd()), *sys.argv]))
    text_dir, ann_dir = args.data / "text", args.data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        print(f"PolNeAR data not found at {args.data}; nothing to measure.")
        if args.json:
            print(json.dumps({"skipped": f"no PolNeAR data at {args.data}"}))
        return 0

    sys.path.insert(0, str(ROOT))
    from rapsheet.nlp.quotes import find_quotes
    entity_at = None
    if args.plain:
        import spacy
        from rapsheet.settings import settings
        nlp = spacy.load(settings().spacy_model)
        nlp.add_pipe("rapsheet_quotes")
        setup = "plain spaCy model + rapsheet_quotes"
    else:
        from rapsheet.nlp.pipeline import build_pipeline
        nlp = build_pipeline()
        try:
            from rapsheet.nlp.entities import entity_at
        except ImportError:
            entity_at = None
        setup = "rapsheet pipeline: " + ", ".join(nlp.pipe_names)
    print(setup)
    try:
        import textacy  # noqa: F401
        have_textacy = True
    except ImportError:
        have_textacy = False
        print("textacy is not installed (pip install 'rapsheet[bench]'): no baseline")

    anns: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], path)
    names = [n for n in sorted(anns) if (text_dir / f"{n}.txt").exists()]
    if args.limit:
        names = names[: args.limit]

    t_ours = {k: Tally() for k in ("direct", "all")}
    t_base = {k: Tally() for k in ("direct", "all")}
    bailed = 0
    parse_seconds = ours_seconds = base_seconds = 0.0
    for name in names:
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        golds = read_ann(anns[name])
        for g in golds:
            g.direct = any(ch in QUOTE_MARKS for s, e in g.content for ch in text[s:e])
        t0 = time.perf_counter()
        doc = nlp(text)
        parse_seconds += time.perf_counter() - t0
        t0 = time.perf_counter()
        preds = [Pred(q.start, q.end, (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
                      q.direct, q.speaker) for q in find_quotes(doc)]
        ours_seconds += time.perf_counter() - t0
        for key in t_ours:
            score(doc, golds, preds, key == "direct", t_ours[key], entity_at)
        if have_textacy:
            t0 = time.perf_counter()
            base, fell_back = textacy_quotes(doc, entity_at)
            base_seconds += time.perf_counter() - t0
            bailed += fell_back
            for key in t_base:
                score(doc, golds, base, key == "direct", t_base[key], entity_at)

    print(f"{len(names)} articles from {args.data}; match rule: overlap >= half of the shorter span; "
          f"speaker right when its span overlaps the gold Source (or the same entity)")
    print("direct quotes (gold Content holds a quotation mark):")
    print("  " + t_ours["direct"].line("rapsheet"))
    if have_textacy:
        print("  " + t_base["direct"].line("textacy"))
    print("all attributions (direct and indirect):")
    print("  " + t_ours["all"].line("rapsheet"))
    if have_textacy:
        print("  " + t_base["all"].line("textacy (direct only)"))
    print(f"time: parse {parse_seconds:.1f}s; rapsheet quotes {ours_seconds:.2f}s", end="")
    if have_textacy:
        print(f"; textacy {base_seconds:.2f}s (ratio {ours_seconds / max(base_seconds, 1e-9):.1f}x); "
              f"textacy bailed on {bailed} documents with an odd number of marks and ran per paragraph there")
        for key in ("direct", "all"):
            ro, po, so = t_ours[key].scores()
            rb, pb, sb = t_base[key].scores()
            ratio = lambda a, b: f"{a / b:.2f}" if b else "n/a"  # noqa: E731
            print(f"ratio rapsheet/textacy ({key}): recall {ratio(ro, rb)}, precision {ratio(po, pb)}, "
                  f"speaker {ratio(so, sb)}")
    else:
        print()
    if args.json:
        metrics = {}
        for key in ("direct", "all"):
            recall, precision, speaker = t_ours[key].scores()
            metrics |= {f"{key}_recall": round(recall, 4), f"{key}_precision": round(precision, 4),
                        f"{key}_speaker_accuracy": round(speaker, 4)}
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

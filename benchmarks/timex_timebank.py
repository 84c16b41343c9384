"""Time expressions on TimeBank + AQUAINT (TempEval-3 training data), against a plain baseline.

Reads the TimeML files under ../shared/data/timebank (from the project root): `<DCT>` holds the
publication date, `<TIMEX3 value=...>` in `<TEXT>` the gold expressions. Prints, TempEval-3
style, extent precision/recall/F1 (relaxed: any overlap counts) and value F1 (a system
expression counts when it overlaps a gold one, one to one, and its value equals the gold value)
for rapsheet's `rapsheet_timex` and for the baseline (spaCy's DATE/TIME entities normalised by
`dateparser` relative to the DCT), and their ratio. Exits 0 with a message when the data is absent.

    .venv/bin/python benchmarks/timex_timebank.py [--data DIR] [--limit N] [--errors N]
"""
from __future__ import annotations

import argparse
import json
import datetime as dt
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "timebank"


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TimeMLDoc:
    name: str
    dct: dt.date
    text: str
    gold: list[Gold] = field(default_factory=list)


_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")


def read_timeml(path: Path) -> TimeMLDoc | None:
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct_m = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d\d-\d\d)", raw)
    body_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not dct_m or not body_m:
        return None
    body = body_m.group(1)
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3)))
            open_timex = (length, attrs)
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Gold(start, length, "", attrs.get("type", "").lower(), attrs.get("value", "")))
            open_timex = None
    chunk = html.unescape(body[pos:])
    parts.append(chunk)
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start:g.end]
    return TimeMLDoc(path.name, dt.date.fromisoformat(dct_m.group(1)), text, gold)


def load_corpus(data: Path) -> list[TimeMLDoc]:
    seen: set[str] = set()
    docs = []
    # testpipeline/ repeats one TimeBank file; each document counts once.
    for path in sorted(data.rglob("*.tml"), key=lambda p: ("testpipeline" in p.parts, str(p))):
        if path.name in seen:
            continue
        seen.add(path.name)
        doc = read_timeml(path)
        if doc is not None:
            docs.append(doc)
    return docs


@dataclass(slots=True)
class Sys:
    start: int
    end: int
    text: str
    value: str | None


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(slots=True)
class Score:
    sys_n: int = 0
    gold_n: int = 0
    sys_hit: int = 0        # system expressions that overlap a gold one
    gold_hit: int = 0       # gold expressions that overlap a system one
    value_ok: int = 0       # one-to-one overlapping pairs with equal values
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, name: str, gold: list[Gold], system: list[Sys]) -> None:
        self.sys_n += len(system)
        self.gold_n += len(gold)
        self.sys_hit += sum(any(_overlaps(s, g) for g in gold) for s in system)
        self.gold_hit += sum(any(_overlaps(s, g) for s in system) for g in gold)
        used: set[int] = set()
        for g in gold:
            cands = [i for i, s in enumerate(system) if i not in used and _overlaps(s, g)]
            if not cands:
                self.errors.append((name, g.text, g.value, "MISSED"))
                continue
            best = next((i for i in cands if system[i].value == g.value), cands[0])
            used.add(best)
            if system[best].value == g.value:
                self.value_ok += 1
            else:
                self.errors.append((name, g.text, g.value, f"{system[best].text!r} -> {system[best].value}"))
        for i, s in enumerate(system):
            if i not in used and not any(_overlaps(s, g) for g in gold):
                self.errors.append((name, s.text, "-", f"SPURIOUS {s.value}"))

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def extent(self) -> tuple[float, float, float]:
        p = self.sys_hit / self.sys_n if self.sys_n else 0.0
        r = self.gold_hit / self.gold_n if self.gold_n else 0.0
        return p, r, self._f(p, r)

    def value(self) -> tuple[float, float, float]:
        p = self.value_ok / self.sys_n if self.sys_n else 0.0
        r = self.value_ok / self.gold_n if self.gold_n else 0.0
        return p, r, self._f(p, r)


def baseline_value(parser, text: str, label: str) -> str | None:
    """dateparser's reading of a spaCy DATE/TIME entity, in TimeML form at its own precision."""
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser raises on some odd inputs; the baseline then has no value
        return None
    if data is None or data.date_obj is None:
        return None
    d, period = data.date_obj, data.period
    if label == "TIME" and period in ("time", "day"):
        return d.strftime("%Y-%m-%dT%H:%M")
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return d.strftime("%Y-%m-%d")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--errors", type=int, default=0, help="print N of rapsheet's errors")
    ap.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON line last")
    args = ap.parse_args(argv)
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    if not args.data.exists() or not any(args.data.rglob("*.tml")):
        print(f"no TimeML data at {args.data}; nothing to measure")
        if args.json:
            print(json.dumps({"skipped": f"no TimeML data at {args.data}"}))
        return 0

    import spacy

    from rapsheet.nlp import timex  # noqa: F401  (registers the factory)
    from rapsheet.settings import settings

    corpus = load_corpus(args.data)
    if args.limit:
        corpus = corpus[: args.limit]
    nlp = spacy.load(settings().spacy_model)
    t0 = time.perf_counter()
    docs = list(nlp.pipe((d.text for d in corpus), batch_size=16))
    t_parse = time.perf_counter() - t0

    ours, base = Score(), Score()
    t0 = time.perf_counter()
    for tml, doc in zip(corpus, docs):
        found = timex.find_times(doc, tml.dct)
        ours.add(tml.name, tml.gold, [Sys(t.start, t.end, t.text, t.value) for t in found])
    t_ours = time.perf_counter() - t0

    t_base = 0.0
    if not args.no_baseline:
        from dateparser.date import DateDataParser
        t0 = time.perf_counter()
        for tml, doc in zip(corpus, docs):
            base_dt = dt.datetime.combine(tml.dct, dt.time(12, 0))
            parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base_dt})
            system = [Sys(e.start_char, e.end_char, e.text, baseline_value(parser, e.text, e.label_))
                      for e in doc.ents if e.label_ in ("DATE", "TIME")]
            base.add(tml.name, tml.gold, system)
        t_base = time.perf_counter() - t0

    print(f"documents: {len(corpus)}  gold expressions: {ours.gold_n}  (spaCy parse {t_parse:.1f}s, "
          f"model {settings().spacy_model})")
    header = f"{'system':<28}{'n':>6} {'ext P':>7}{'ext R':>7}{'ext F1':>8} {'val P':>7}{'val R':>7}{'val F1':>8}{'secs':>7}"
    print(header)
    rows = [("rapsheet_timex", ours, t_ours)]
    if not args.no_baseline:
        rows.append(("spaCy DATE/TIME+dateparser", base, t_base))
    for name, sc, secs in rows:
        ep, er, ef = sc.extent()
        vp, vr, vf = sc.value()
        print(f"{name:<28}{sc.sys_n:>6} {ep:>7.3f}{er:>7.3f}{ef:>8.3f} {vp:>7.3f}{vr:>7.3f}{vf:>8.3f}{secs:>7.1f}")
    if not args.no_baseline:
        ef_b, vf_b = base.extent()[2], base.value()[2]
        print(f"ratio rapsheet/baseline: extent F1 x{ours.extent()[2] / ef_b if ef_b else float('inf'):.2f}, "
              f"value F1 x{ours.value()[2] / vf_b if vf_b else float('inf'):.2f}")
    print("reference: HeidelTime value F1 ~0.776 (TempEval-3 test); target here above 0.80")
    if args.errors:
        print(f"\nfirst {args.errors} of rapsheet's {len(ours.errors)} errors (doc | text | gold | system):")
        for row in ours.errors[: args.errors]:
            print(" | ".join(row))
    if args.json:
        metrics = {"value_f1": round(ours.value()[2], 4), "extent_f1": round(ours.extent()[2], 4)}
        if not args.no_baseline:
            metrics |= {"baseline_value_f1": round(base.value()[2], 4),
                        "baseline_extent_f1": round(base.extent()[2], 4)}
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

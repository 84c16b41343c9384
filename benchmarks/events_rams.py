"""Event detection and arguments on RAMS 1.0 dev (../shared/data/rams/dev.jsonlines).

    .venv/bin/python benchmarks/events_rams.py [--data ../shared/data/rams] [--limit N]

Each RAMS example is a five-sentence window with one annotated event. We run rapsheet_events over
the window (the spaCy model, then rapsheet's entities when available, then events) and score:
- detection recall: justice.* gold events for which we find an event of the mapped type whose
  trigger overlaps the gold trigger;
- detection precision: of our events of the types the justice map covers (arrest, charge,
  trial, investigation, conviction, plea, sentence, extradition) whose trigger overlaps any
  annotated trigger (in every window, justice or not: RAMS annotates one event per window, so
  only those positions are judged), the share whose type is the mapped gold type. Our types that
  RAMS files outside justice.* (sanction, seizure, court_order: RAMS's transaction.*) are not
  justice detections and are not judged; the share over all our types is printed too;
- argument F1 for defendant and place on the detected justice events (span overlap).
Exits 0 with a message when the data is absent.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# RAMS justice.* subtypes -> our event types (several acceptable where RAMS is unspecific)
TYPE_MAP = {
    "justice.arrestjaildetain.arrestjaildetain": {"arrest"},
    "justice.initiatejudicialprocess.chargeindict": {"charge", "crime"},
    "justice.initiatejudicialprocess.trialhearing": {"trial"},
    "justice.initiatejudicialprocess.n/a": {"charge", "trial"},
    "justice.investigate.investigatecrime": {"investigation"},
    "justice.investigate.n/a": {"investigation"},
    "justice.judicialconsequences.convict": {"conviction", "plea"},
    "justice.judicialconsequences.sentence": {"sentence"},
    "justice.judicialconsequences.execute": {"sentence"},
    "justice.judicialconsequences.extradite": {"extradition"},
    "justice.judicialconsequences.n/a": {"conviction", "sentence", "plea"},
}
JUSTICE_TYPES = frozenset(t for types in TYPE_MAP.values() for t in types) - {"crime"}
ROLE_MAP = {"defendant": "defendant", "detainee": "defendant", "place": "place"}


def load(path: Path, limit: int | None):
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            tokens = [t for s in d["sentences"] for t in s]
            starts, pos = [], 0
            for t in tokens:
                starts.append(pos)
                pos += len(t) + 1
            text = " ".join(tokens)

            def chars(a, b):
                return starts[a], starts[b] + len(tokens[b])
            trig = d["evt_triggers"][0]
            gold = {"label": trig[2][0][0], "trigger": chars(trig[0], trig[1]), "args": []}
            for _, (a, b), role in d["gold_evt_links"]:
                name = re.sub(r"^evt\d+arg\d+", "", role)     # evt079arg02detainee -> detainee
                gold["args"].append((name, *chars(a, b)))
            rows.append((text, gold))
            if limit and len(rows) >= limit:
                break
    return rows


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "rams"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", action="store_true", help="print the metrics as one JSON line last")
    args = ap.parse_args()
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    path = Path(args.data) / "dev.jsonlines"
    if not path.exists():
        print(f"RAMS data not found at {path}; nothing to measure.")
        if args.json:
            print(json.dumps({"skipped": f"no RAMS data at {path}"}))
        return 0
    import spacy
    from rapsheet.nlp import events as ev_mod  # noqa: F401  (registers rapsheet_events)
    from rapsheet.settings import settings

    nlp = spacy.load(settings().spacy_model)
    try:
        import rapsheet.nlp.entities  # noqa: F401
        nlp.add_pipe("rapsheet_entities")
    except Exception as exc:  # noqa: BLE001 - the benchmark runs without entities too
        print("without rapsheet_entities:", exc)
    nlp.add_pipe("rapsheet_events")
    rows = load(path, args.limit)
    t0 = time.perf_counter()
    detected = total = 0
    judged = right = 0
    judged_all = right_all = 0
    arg_tp = {"defendant": 0, "place": 0}
    arg_fp = {"defendant": 0, "place": 0}
    arg_fn = {"defendant": 0, "place": 0}
    per_type: dict[str, list[int]] = {}
    for doc, (_, gold) in zip(nlp.pipe((r[0] for r in rows), batch_size=32), rows):
        wanted = TYPE_MAP.get(gold["label"])
        events = doc._.rs_events or []
        at_gold = [e for e in events if overlaps((e.trigger.start, e.trigger.end), gold["trigger"])]
        for e in at_gold:
            if e.type == "crime" and not wanted:
                continue   # RAMS crime-like labels (attack, ...) are not ours to judge here
            judged_all += 1
            right_all += bool(wanted and e.type in wanted)
            if e.type in JUSTICE_TYPES or (wanted and e.type in wanted):
                judged += 1
                right += bool(wanted and e.type in wanted)
        if not wanted:
            continue
        total += 1
        hit = [e for e in at_gold if e.type in wanted]
        per_type.setdefault(gold["label"].split(".", 1)[1], [0, 0])[1] += 1
        if not hit:
            continue
        detected += 1
        per_type[gold["label"].split(".", 1)[1]][0] += 1
        event = hit[0]
        for role in ("defendant", "place"):
            gold_spans = [(s, e) for name, s, e in gold["args"] if ROLE_MAP.get(name) == role]
            ours = [(a.start, a.end) for a in event.arguments if a.role == role]
            matched = [g for g in gold_spans if any(overlaps(g, o) for o in ours)]
            arg_tp[role] += len(matched)
            arg_fn[role] += len(gold_spans) - len(matched)
            arg_fp[role] += sum(1 for o in ours if not any(overlaps(g, o) for g in gold_spans))
    secs = time.perf_counter() - t0
    print(f"windows: {len(rows)}  justice events: {total}  seconds: {secs:.1f}")
    print(f"detection recall    {detected / total if total else 0:.3f}  ({detected}/{total})")
    print(f"detection precision {right / judged if judged else 0:.3f}  ({right}/{judged} judged "
          f"at annotated triggers)")
    print(f"  over all our types  {right_all / judged_all if judged_all else 0:.3f}  "
          f"({right_all}/{judged_all}: sanctions, seizures, orders at RAMS transaction.* triggers "
          f"counted wrong)")
    metrics = {"detection_recall": round(detected / total if total else 0, 4),
               "detection_precision": round(right / judged if judged else 0, 4),
               "detection_precision_all_types": round(right_all / judged_all if judged_all else 0, 4)}
    for role in ("defendant", "place"):
        tp, fp, fn = arg_tp[role], arg_fp[role], arg_fn[role]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        metrics[f"{role}_f1"] = round(f, 4)
        print(f"argument {role:9s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    for label, (hit, n) in sorted(per_type.items()):
        print(f"  {label:45s} {hit}/{n}")
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())

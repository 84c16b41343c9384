"""Accusation reading on real annotated articles, in one process (fast to iterate on).

    python benchmarks/realnews.py [--dir D ...] [-v] [--only STEM_SUBSTRING] [--json]

Reads every STEM.txt + STEM.yaml of each folder (default ../shared/data/realnews/prosecutors) the
way `rapsheet extract --no-clean --published DATE` does, and scores it with the same definitions
as ../shared/tools/realnews_score.py (that tool launches the CLI once per date and takes minutes;
this runs the pipeline once). Metrics: recall, precision, false_acc, stage_acc, with_risk,
charge_r, cleared_ok. The last line is the summary; --json prints the metrics as JSON instead.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import pathlib
import re
import sys
import unicodedata

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "realnews" / "prosecutors"
CLEARING = {"acquitted", "dismissed", "overturned", "pardoned", "cleared", "delisted"}
ADVERSE = {"suspected", "arrested", "charged", "convicted", "sentenced", "sanctioned", "sued",
           "settled", "penalized"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


def find(doc: dict, name: str, aliases=()) -> dict | None:
    want = {fold(n) for n in [name, *aliases] if n}
    ents = [e for e in doc.get("entities", []) if e.get("type") in ("person", "organization")]
    for e in ents:
        if fold(e["name"]) in want:
            return e
    for e in ents:
        if any(m.get("kind") == "name" and fold(m["text"]) in want for m in e.get("mentions", [])):
            return e
    return None


def flagged(e: dict | None) -> bool:
    return e is not None and ("accused" in e.get("roles", []) or bool(e.get("risks")))


def load_cases(dirs: list[pathlib.Path], only: str | None = None) -> list[tuple[str, pathlib.Path, dict]]:
    cases = []
    for d in dirs:
        for y in sorted(d.glob("*.yaml")):
            t = y.with_suffix(".txt")
            if t.exists() and (not only or only in y.stem):
                cases.append((y.stem, t, yaml.safe_load(y.read_text(encoding="utf-8"))))
    return cases


def read_documents(cases) -> dict[str, dict]:
    from rapsheet.errors import RapsheetError
    from rapsheet.ingest import read_text
    from rapsheet.nlp.pipeline import extract_document, get_pipeline
    from rapsheet.unread import unread_document, why_not_read

    nlp = get_pipeline()
    docs = {}
    for stem, path, gold in cases:
        date = str(gold.get("published") or "")
        published = dt.date.fromisoformat(date[:10]) if re.match(r"\d{4}-\d\d-\d\d", date) else None
        try:
            article = read_text(path.read_text(encoding="utf-8"), source=str(path), published=published,
                                clean=False)
        except RapsheetError as exc:   # the CLI prints an error line; the scorer sees no entities
            print(f"{stem}: {exc}", file=sys.stderr)
            continue
        # As `rapsheet extract` does: a release in another language is kept unread, never read by
        # the English pipeline.
        reason = why_not_read(article, triage_on=False)
        docs[stem] = (unread_document(article, reason) if reason else extract_document(article, nlp)).to_json()
    return docs


def score(cases, docs: dict[str, dict]) -> tuple[dict, list[str], collections.Counter]:
    """The definitions of ../shared/tools/realnews_score.py, applied to documents in memory."""
    T: collections.Counter = collections.Counter()
    notes: list[str] = []
    for stem, _, g in cases:
        d = docs.get(stem, {"entities": [], "charges": []})
        used = set()
        for acc in g.get("accused") or []:
            e = find(d, acc["name"], acc.get("aliases") or [])
            stage = acc.get("stage")
            T["acc"] += 1
            if e:
                used.add(e["id"])
            if stage in CLEARING:
                T["cleared"] += 1
                other_live = g.get("charges") and any(
                    c.get("defendant") == acc["name"] and c.get("stage") and c.get("stage") not in CLEARING
                    for c in g["charges"])
                bad = e and [r for r in e.get("risks", []) if r.get("stage") in ADVERSE
                             and r.get("status") != "cleared" and not other_live]
                if bad:
                    T["false_acc"] += 1
                    notes.append(f"{stem}: cleared {acc['name']} given {[r.get('stage') for r in bad]}")
                else:
                    T["cleared_ok"] += 1
            if not flagged(e):
                notes.append(f"{stem}: missed {acc['name']} ({acc.get('proceeding')}/{stage})"
                             + (f" found as {e['type']} {e['roles']}" if e else ""))
                continue
            T["found"] += 1
            risks = e.get("risks", [])
            if risks:
                T["with_risk"] += 1
            stages = {r.get("stage") for r in risks} | {
                c.get("stage") for c in d.get("charges", []) if c.get("defendant") == e["id"]}
            if stage in stages:
                T["stage_ok"] += 1
            else:
                notes.append(f"{stem}: {acc['name']} stage {sorted(s for s in stages if s)} want {stage}")
        for c in g.get("charges") or []:
            T["charges"] += 1
            e = find(d, c["defendant"])
            if e and any(x.get("defendant") == e["id"] and x.get("category") == c.get("category")
                         for x in d.get("charges", [])):
                T["charge_ok"] += 1
            else:
                notes.append(f"{stem}: charge missed {c['defendant']}: {c.get('offense')} ({c.get('category')})")
        for na in g.get("not_accused") or []:
            e = find(d, na["name"])
            if e:
                used.add(e["id"])
            if flagged(e):
                T["false_acc"] += 1
                notes.append(f"{stem}: FALSE ACCUSATION {na['name']} ({na.get('role')}) roles={e.get('roles')} "
                             f"risks={[(r.get('category'), r.get('stage')) for r in e.get('risks', [])]}")
        for e in d.get("entities", []):
            if e.get("type") in ("person", "organization") and flagged(e):
                T["flagged"] += 1
                if e["id"] in used:
                    T["flagged_known"] += 1
                else:
                    notes.append(f"{stem}: flagged unannotated {e['type']} {e['name']!r}")
    n = max(1, T["acc"])
    metrics = dict(recall=T["found"] / n, precision=T["flagged_known"] / max(1, T["flagged"]),
                   false_acc=T["false_acc"], stage_acc=T["stage_ok"] / n, with_risk=T["with_risk"] / n,
                   charge_r=T["charge_ok"] / max(1, T["charges"]),
                   cleared_ok=T["cleared_ok"] / max(1, T["cleared"]))
    return metrics, notes, T


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", action="append", type=pathlib.Path)
    ap.add_argument("--only", help="score only files whose stem contains this")
    ap.add_argument("-v", action="store_true", help="print every miss and false accusation")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    dirs = a.dir or [DEFAULT]
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        if a.json:                    # the gates skip a set that is absent
            print(json.dumps({"skipped": f"no such folder: {missing[0]}"}))
            return 0
        print(f"realnews: no such folder: {missing[0]}", file=sys.stderr)
        return 2
    cases = load_cases(dirs, a.only)
    docs = read_documents(cases)
    metrics, notes, T = score(cases, docs)
    if a.json:
        print(json.dumps({**metrics, "n": len(cases)}))
        return 0
    if a.v:
        print("\n".join(notes))
    print(f"accused {T['found']}/{T['acc']}, with risk {T['with_risk']}, right stage {T['stage_ok']}; "
          f"cleared ok {T['cleared_ok']}/{T['cleared']}; charges {T['charge_ok']}/{T['charges']}; "
          f"flagged {T['flagged']} ({T['flagged_known']} annotated)")
    print("realnews " + " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                 for k, v in metrics.items()) + f" n={len(cases)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

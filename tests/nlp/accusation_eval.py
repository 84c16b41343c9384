"""Scoring a Document against a corpus case's expectations (tests/corpus.py): who is accused, at
which stage, for which categories, which charges, and who is wrongly accused.

Gives `score_case(case, document) -> CaseScore`; the tests in test_accusations.py and a quick
command-line summary (`python -m tests.nlp.accusation_eval`) read it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapsheet.model import Document, Entity
from rapsheet.stages import is_clearing


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^\w]+", " ", text).strip()


def find_entity(document: Document, name: str, aliases: list[str] = ()) -> Entity | None:
    """The entity that stands for an expected name: same name, or a name mention equal to it."""
    wanted = {fold(n) for n in [name, *aliases]}
    candidates = [e for e in document.entities if e.type in ("person", "organization")]
    for e in candidates:
        if fold(e.name) in wanted:
            return e
    for e in candidates:
        if any(m.kind == "name" and fold(m.text) in wanted for m in e.mentions):
            return e
    return None


def assert_not_accused(document: Document, name: str) -> None:
    """`name` is absent, or present with no accused role and no risk."""
    e = find_entity(document, name)
    assert e is None or ("accused" not in e.roles and not e.risks), name


@dataclass(slots=True)
class CaseScore:
    stem: str
    false_accusations: list[str] = field(default_factory=list)   # not_accused names accused/at risk
    accused_found: int = 0
    accused_total: int = 0
    stage_right: int = 0
    categories_found: int = 0
    categories_total: int = 0
    charges_found: int = 0
    charges_total: int = 0
    counts_right: int = 0
    counts_total: int = 0
    with_risk: int = 0        # accused found carrying any allegation
    cleared_total: int = 0    # accused the text clears (acquitted, dismissed, overturned, ...)
    cleared_shown: int = 0    # ... found with that allegation cleared and none left standing
    misses: list[str] = field(default_factory=list)


def score_case(case, document: Document) -> CaseScore:
    s = CaseScore(case.stem)
    for row in case.expect["not_accused"]:
        e = find_entity(document, row["name"])
        if e is not None and ("accused" in e.roles or e.risks):
            s.false_accusations.append(row["name"])
    ids = {}
    for row in case.expect["accused"]:
        s.accused_total += 1
        e = find_entity(document, row["name"], row.get("aliases", []))
        cats = set(row["categories"])
        s.categories_total += len(cats)
        s.cleared_total += is_clearing(row["stage"])
        if e is None or "accused" not in e.roles:
            s.misses.append(f"not accused: {row['name']}")
            continue
        ids[row["name"]] = e.id
        s.accused_found += 1
        s.with_risk += bool(e.risks)
        if is_clearing(row["stage"]):
            standing = [r for r in e.risks if r.status != "cleared"]
            if any(r.status == "cleared" for r in e.risks) and not standing:
                s.cleared_shown += 1
            else:
                s.misses.append(f"{row['name']}: cleared in the text, shown {[(r.stage, r.status) for r in e.risks]}")
        got = {r.category: r.stage for r in e.risks}
        s.categories_found += len(cats & set(got))
        if cats - set(got):
            s.misses.append(f"{row['name']}: categories {sorted(cats - set(got))} (got {sorted(got)})")
        stages = set(got.values())
        if row["stage"] in stages:
            s.stage_right += 1
        else:
            s.misses.append(f"{row['name']}: stage {row['stage']} (got {sorted(stages)})")
    for row in case.expect.get("charges", []):
        s.charges_total += 1
        eid = ids.get(row["defendant"])
        mine = [c for c in document.charges if c.defendant == eid and c.category == row["category"]]
        if mine:
            s.charges_found += 1
            if row.get("counts") is not None:
                s.counts_total += 1
                if any(c.counts == row["counts"] for c in mine):
                    s.counts_right += 1
        else:
            s.misses.append(f"charge: {row['defendant']}: {row['offense']} ({row['category']})")
    return s


def case_article(case):
    """The Article a user would get from the case's file."""
    from rapsheet.ingest import read_html, read_text
    if case.is_html:
        return read_html(case.text, source=str(case.path), published=case.published)
    return read_text(case.text, source=str(case.path), published=case.published)


def totals(scores: list[CaseScore]) -> dict[str, float]:
    def ratio(a: str, b: str) -> float:
        den = sum(getattr(s, b) for s in scores)
        return sum(getattr(s, a) for s in scores) / den if den else 1.0
    return {"false_accusations": sum(len(s.false_accusations) for s in scores),
            "accused_recall": ratio("accused_found", "accused_total"),
            "stage_accuracy": ratio("stage_right", "accused_total"),
            "category_recall": ratio("categories_found", "categories_total"),
            "charge_recall": ratio("charges_found", "charges_total"),
            "count_accuracy": ratio("counts_right", "counts_total"),
            "with_allegation": ratio("with_risk", "accused_total"),
            "cleared_shown": ratio("cleared_shown", "cleared_total")}


def realnews_totals(folder) -> dict | None:
    """The real annotated releases in `folder`, scored by benchmarks/realnews.py (the held-out
    definitions); None when the folder is absent."""
    import importlib.util
    import pathlib

    folder = pathlib.Path(folder)
    if not folder.is_dir():
        return None
    path = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "realnews.py"
    spec = importlib.util.spec_from_file_location("rapsheet_realnews_benchmark", path)
    realnews = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(realnews)
    cases = realnews.load_cases([folder])
    metrics, _, _ = realnews.score(cases, realnews.read_documents(cases))
    return {**metrics, "n": len(cases)}


if __name__ == "__main__":   # python -m tests.nlp.accusation_eval
    import pathlib

    from rapsheet.nlp.pipeline import extract_document, get_pipeline
    from tests.corpus import load_cases

    nlp = get_pipeline()
    scores = []
    for case in load_cases():
        score = score_case(case, extract_document(case_article(case), nlp))
        scores.append(score)
        print(case.stem, "FALSE:" if score.false_accusations else "", score.false_accusations or "",
              "; ".join(score.misses))
    print("own corpus:", totals(scores))
    shared = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data" / "realnews" / "prosecutors"
    real = realnews_totals(shared)
    print("realnews prosecutors:", real if real is not None else f"absent ({shared})")

"""Reading the test corpus: times, quantities, people's attributes and quotes, scored against the
expectations written beside each article (tests/fixtures/articles/*.yaml).

Floors are pinned in benchmarks/floors.yaml (own_corpus_reading) and only go up. `python -m tests.nlp.test_reading_corpus` prints the misses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from rapsheet.text import fold_case as fold
from tests.corpus import corpus_floors, load_cases

FLOORS = corpus_floors("own_corpus_reading")   # pinned in benchmarks/floors.yaml


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, metric: str, ok: bool, miss: str) -> None:
        self.total[metric] = self.total.get(metric, 0) + 1
        self.right[metric] = self.right.get(metric, 0) + int(ok)
        if not ok:
            self.misses.append(f"{metric}: {miss}")

    def rate(self, metric: str) -> float:
        return self.right.get(metric, 0) / self.total[metric] if self.total.get(metric) else 1.0


def _entity(doc, name: str):
    want = fold(name)
    for e in doc.entities:
        names = {fold(m.text) for m in e.mentions if m.kind == "name"} | {fold(e.name)}
        if want in names:
            return e
    return None


def score_case(case, doc, tally: Tally) -> None:
    exp = case.expect
    text = doc.article.text
    for t in exp.get("times") or []:
        found = [x for x in doc.times if fold(t["text"]) in fold(x.text) or fold(x.text) in fold(t["text"])]
        ok = any(x.value == str(t["value"]) for x in found)
        tally.add("time_value_recall", ok, f"{case.stem}: {t['text']!r} -> {t['value']} "
                                           f"(got {[x.value for x in found]})")
    for q in exp.get("quantities") or []:
        ok = any(x.amount is not None and abs(float(x.amount) - float(q["amount"])) < 1e-6
                 for x in doc.quantities)
        tally.add("quantity_recall", ok, f"{case.stem}: {q['text']!r} amount {q['amount']}")
    for person in exp.get("accused") or []:
        if person.get("type") != "person":
            continue
        ent = _entity(doc, person["name"])
        attrs = {k: [a.value for a in v] for k, v in (ent.attributes.items() if ent else [])}
        if person.get("age") is not None:
            tally.add("age_recall", person["age"] in attrs.get("age", []),
                      f"{case.stem}: {person['name']} age {person['age']} (got {attrs.get('age')})")
        if person.get("nationality"):
            want = person["nationality"] if isinstance(person["nationality"], list) else [person["nationality"]]
            tally.add("nationality_recall", set(want) <= set(attrs.get("nationality", [])),
                      f"{case.stem}: {person['name']} nationality {want} (got {attrs.get('nationality')})")
    by_id = {e.id: e for e in doc.entities}
    for q in exp.get("quotes") or []:
        start = fold(q["starts"])
        found = [x for x in doc.quotes if fold(x.text).startswith(start[:25]) or start[:25] in fold(x.text)]
        tally.add("quote_recall", bool(found), f"{case.stem}: quote {q['starts']!r}")
        if found and q.get("speaker"):
            speaker = by_id.get(found[0].speaker)
            names = {fold(m.text) for m in speaker.mentions} | {fold(speaker.name)} if speaker else set()
            want = fold(q["speaker"])
            ok = want in names or any(n and n in want for n in names if len(n) > 3)
            tally.add("quote_speaker_accuracy", ok,
                      f"{case.stem}: {q['starts']!r} by {q['speaker']} (got {speaker.name if speaker else None})")
    assert text  # every case produced a document


def run_corpus(pipeline) -> Tally:
    from rapsheet.ingest import read_html, read_text
    from rapsheet.nlp.pipeline import extract_document

    tally = Tally()
    for case in load_cases():
        if case.is_html:
            article = read_html(case.text, source=str(case.path), published=case.published)
        else:
            article = read_text(case.text, source=str(case.path), published=case.published)
        if article.published is None:
            article.published = case.published
        score_case(case, extract_document(article, pipeline), tally)
    return tally


@pytest.fixture(scope="module")
def corpus_tally(pipeline):
    return run_corpus(pipeline)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_reading_floor(corpus_tally, metric):
    rate = corpus_tally.rate(metric)
    misses = [m for m in corpus_tally.misses if m.startswith(metric)]
    assert rate >= FLOORS[metric], f"{metric} {rate:.3f} < {FLOORS[metric]}:\n" + "\n".join(misses[:25])


if __name__ == "__main__":
    from rapsheet.nlp.pipeline import get_pipeline
    result = run_corpus(get_pipeline())
    for miss in result.misses:
        print(miss)
    for metric in sorted(result.total):
        print(f"{metric}: {result.rate(metric):.3f} ({result.right[metric]}/{result.total[metric]})")

"""Golden snapshots: the whole contract Document (`extract_document(...).to_json()`) for the seed and
a few real pages and press releases, compared with tests/golden/STEM.json.

A refactoring must leave every snapshot as it is. When a change means to alter what comes out, rewrite
the snapshots and read the difference before committing it with the change:

    pytest tests/test_golden.py --update-golden
    git diff tests/golden          # every changed entity, risk, charge, event must be intended

On a mismatch the test prints what changed, section by section (an entity added, a risk's stage,
a charge's counts, an event's date), not the two documents.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
# stem -> (article file, publication date; None: the page's own)
CASES = {
    "seed": (SEED, "2025-04-23"),
    **{p.stem: (p, None) for p in sorted((FIXTURES / "pages").glob("*.html"))},
    "kings-brooklyn-man-sentenced-to-up-to-21": (
        FIXTURES / "releases" / "kings-brooklyn-man-sentenced-to-up-to-21.txt", "2022-12-13"),
    "riverside-additional-charges-and-defendant-added-luxury-car": (
        FIXTURES / "releases" / "riverside-additional-charges-and-defendant-added-luxury-car.txt", "2023-12-01"),
    "dallas-charges-of-misdemeanor-deadly-conduct-dismissed-against": (
        FIXTURES / "releases" / "dallas-charges-of-misdemeanor-deadly-conduct-dismissed-against.txt", "2019-03-18"),
}
MAX_LINES = 60


def extract(pipeline, path: Path, published: str | None) -> dict:
    """The Document a user gets from `rapsheet extract FILE [--published DATE]`, as JSON data; the
    source is the path from the project root, so the snapshot does not depend on the checkout."""
    from rapsheet.ingest import read_html, read_text
    from rapsheet.nlp.pipeline import extract_document
    date = dt.date.fromisoformat(published) if published else None
    source = path.relative_to(ROOT).as_posix()
    text = path.read_text(encoding="utf-8")
    read = read_html if path.suffix == ".html" else read_text
    article = read(text, source=source, published=date)
    return json.loads(json.dumps(extract_document(article, pipeline).to_json(), ensure_ascii=False))


# ---- a readable difference -------------------------------------------------------------------------

def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 100 else text[:97] + "..."


def _names(doc: dict) -> dict[str, str]:
    return {e["id"]: f"{e['name']} ({e['type']})" for e in doc.get("entities", [])}


def _readable(item, names: dict[str, str]):
    """Entity ids replaced by names, so a reference reads as who it points at."""
    if isinstance(item, dict):
        return {k: _readable(v, names) for k, v in item.items()}
    if isinstance(item, list):
        return [_readable(v, names) for v in item]
    return names.get(item, item) if isinstance(item, str) else item


SECTION_KEYS = {
    "entities": lambda e: f"{e['type']} {e['name']!r}",
    "events": lambda e: f"{e['type']} {e['trigger']['text']!r}@{e['trigger']['start']}",
    "charges": lambda c: f"{c['defendant']}: {c['offense']!r}",
    "times": lambda t: f"{t['text']!r}@{t['start']}",
    "quantities": lambda q: f"{q['text']!r}@{q['start']}",
    "quotes": lambda q: f"{q['text'][:40]!r}@{q['start']}",
}


def _keyed(items: list[dict], key) -> dict[str, dict]:
    out, seen = {}, Counter()
    for item in items:
        k = key(item)
        seen[k] += 1
        out[k if seen[k] == 1 else f"{k} #{seen[k]}"] = item
    return out


ITEM_KEYS = ("category", "role", "start")      # what tells apart the items of a risk, argument, span list


def _by_item_key(items: list) -> dict | None:
    """A list of dicts by the first ITEM_KEYS field they all have, when it tells them apart."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    field = next((f for f in ITEM_KEYS if all(f in i for i in items)), None)
    keyed = {_short(i[field]): i for i in items} if field else {}
    return keyed if len(keyed) == len(items) else None


def _field_changes(old, new, path: str) -> list[str]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [line for k in sorted(set(old) | set(new), key=str)
                for line in _field_changes(old.get(k), new.get(k), f"{path}.{k}" if path else k)]
    if isinstance(old, list) and isinstance(new, list):
        before, after = _by_item_key(old), _by_item_key(new)
        if before is not None and after is not None:    # e.g. risks by category: field by field
            return ([f"{path}: - {_short(before[k])}" for k in before if k not in after]
                    + [f"{path}: + {_short(after[k])}" for k in after if k not in before]
                    + [line for k in before if k in after
                       for line in _field_changes(before[k], after[k], f"{path}[{k}]")])
        before, after = Counter(map(_short, old)), Counter(map(_short, new))
        return ([f"{path}: - {v}" for v in sorted((before - after).elements())]
                + [f"{path}: + {v}" for v in sorted((after - before).elements())])
    return [f"{path}: {_short(old)} -> {_short(new)}"]


def describe_difference(old: dict, new: dict) -> list[str]:
    """What changed from the snapshot `old` to the extraction `new`: one line per entity, event,
    charge, time, quantity or quote added or removed, and per field that changed on one kept."""
    lines = [f"article.{line}" for line in _field_changes(old.get("article"), new.get("article"), "")]
    old_names, new_names = _names(old), _names(new)
    for section, key in SECTION_KEYS.items():
        before = _keyed(_readable(old.get(section, []), old_names), key)
        after = _keyed(_readable(new.get(section, []), new_names), key)
        lines += [f"{section}: removed {k}" for k in before if k not in after]
        lines += [f"{section}: added {k}" for k in after if k not in before]
        for k in before.keys() & after.keys():
            lines += [f"{section}: {k}: {line}" for line in _field_changes(before[k], after[k], "")]
        if not lines and list(before) != list(after):
            lines.append(f"{section}: same items in another order")
    if not lines and old != new:       # e.g. ids alone changed
        lines = [f"ids: {line}" for line in _field_changes(old, new, "")]
    return lines


# ---- the tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", sorted(CASES))
def test_document_matches_its_golden_snapshot(stem, pipeline, request):
    path, published = CASES[stem]
    got = extract(pipeline, path, published)
    snapshot = GOLDEN / f"{stem}.json"
    if request.config.getoption("--update-golden"):
        snapshot.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run pytest tests/test_golden.py --update-golden"
    want = json.loads(snapshot.read_text(encoding="utf-8"))
    if got != want:
        lines = describe_difference(want, got)
        more = [f"... and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else []
        pytest.fail(f"{stem}: the extracted document differs from {snapshot.relative_to(ROOT)} "
                    f"(if intended: pytest tests/test_golden.py --update-golden, then read the diff):\n  "
                    + "\n  ".join(lines[:MAX_LINES] + more), pytrace=False)


def test_a_changed_document_is_described_by_what_changed():
    old = {"article": {"id": "a", "text": "x"},
           "entities": [{"id": "e1", "type": "person", "name": "Ann Roe", "roles": ["accused"],
                         "risks": [{"category": "fraud", "stage": "charged"}]},
                        {"id": "e2", "type": "person", "name": "Bo Poe", "roles": ["official"], "risks": []}],
           "charges": [{"defendant": "e1", "offense": "wire fraud", "counts": 2}],
           "events": [], "times": [], "quantities": [], "quotes": []}
    new = json.loads(json.dumps(old))
    new["entities"][0]["risks"][0]["stage"] = "convicted"
    new["entities"][1]["roles"] = ["accused"]
    new["charges"][0]["counts"] = 3
    new["entities"].append({"id": "e3", "type": "person", "name": "Cy Doe", "roles": [], "risks": []})
    lines = describe_difference(old, new)
    assert "entities: added person 'Cy Doe'" in lines
    assert 'entities: person \'Ann Roe\': risks["fraud"].stage: "charged" -> "convicted"' in lines
    assert 'entities: person \'Bo Poe\': roles: + "accused"' in lines
    assert "charges: Ann Roe (person): 'wire fraud': counts: 2 -> 3" in lines
    assert len(lines) == 5
    assert describe_difference(old, old) == []

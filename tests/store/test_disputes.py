"""Disputed allegations in the store, on SQLite and PostgreSQL: a disputed allegation leaves
screening, browsing and exports, stays in the case file as disputed with who, when and why, and
comes back when the dispute is undone."""
from __future__ import annotations

import io
import json

import pytest

from rapsheet.errors import RapsheetError
from rapsheet.export import export
from rapsheet.screen import index_from_store

FLORES = "Jose Enrique Martinez Flores"


def _screened(store) -> dict:
    [top] = index_from_store(store).screen(FLORES, limit=1)
    assert top.name == FLORES and top.match
    return {r["category"] for r in top.risks}


def _exported(store, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def _topics(store) -> list[str]:
    entities = [json.loads(line) for line in _exported(store, "ftm").splitlines()]
    [flores] = [e for e in entities if e["schema"] == "Person" and FLORES in e["properties"]["name"]]
    return flores["properties"].get("topics", [])


def test_a_disputed_allegation_leaves_screening_and_exports_and_comes_back(store, seed_document):
    store.add(seed_document)
    case = store.case_file(FLORES)
    assert "terrorism" in {r["category"] for r in case["risks"]}
    assert "terrorism" in _screened(store)
    assert "crime.terror" in _topics(store)

    done = store.dispute(case["id"], "terrorism", "the article names his brother", "ana")
    assert done["active"] and done["items"] >= 1 and done["who"] == "ana"

    case = store.case_file(case["id"])
    assert "terrorism" not in {r["category"] for r in case["risks"]}
    assert not [c for c in case["charges"] if c["category"] == "terrorism"]
    [disputed] = case["disputed"]
    assert disputed["category"] == "terrorism" and disputed["allegation"].startswith("charged with")
    assert disputed["dispute"]["who"] == "ana" and disputed["dispute"]["created"]
    assert disputed["dispute"]["reason"] == "the article names his brother"
    assert disputed["sources"][0]["text"]               # still shown with its evidence
    assert "terrorism" not in _screened(store)
    assert "narcotics" in _screened(store)               # the other allegations stay
    assert "crime.terror" not in _topics(store) and "crime.traffick.drug" in _topics(store)
    rows = [json.loads(line) for line in _exported(store, "jsonl").splitlines()]
    flores = next(r for r in rows if r["name"] == FLORES)
    assert "terrorism" not in {r["category"] for r in flores["risks"]}
    assert "terrorism" not in _exported(store, "csv").split(FLORES, 1)[1].split("\n", 1)[0]
    from rapsheet.store.browse import Filters
    assert FLORES not in [r["name"] for r in store.browse(Filters(category="terrorism"))["results"]]

    with pytest.raises(RapsheetError) as again:
        store.dispute(case["id"], "terrorism", "again", "ana")
    assert again.value.status == 409

    undone = store.undo_dispute(done["id"], "ben")
    assert not undone["active"] and undone["undone_by"] == "ben"
    case = store.case_file(case["id"])
    assert "terrorism" in {r["category"] for r in case["risks"]} and case["disputed"] == []
    assert [d["active"] for d in case["disputes"]] == [False]      # the record stays
    assert "terrorism" in _screened(store)
    with pytest.raises(RapsheetError) as twice:
        store.undo_dispute(done["id"], "ben")
    assert twice.value.status == 409


def test_a_dispute_needs_an_allegation_and_a_reason(store, seed_document):
    store.add(seed_document)
    case = store.case_file(FLORES)
    for category, reason, status in (("kidnapping", "no", 404), ("terrorism", "  ", 400)):
        with pytest.raises(RapsheetError) as failed:
            store.dispute(case["id"], category, reason, "ana")
        assert failed.value.status == status
    with pytest.raises(RapsheetError) as unknown:
        store.undo_dispute(999, "ana")
    assert unknown.value.status == 404


def test_a_subject_whose_only_allegation_is_disputed_is_still_listed(store, seed_document):
    from rapsheet.store.browse import Filters
    store.add(seed_document)
    everyone = store.browse(Filters(), limit=1000)
    alleged = [r for r in everyone["results"] if r["allegations"]]
    assert alleged
    subject = alleged[0]
    for risk in subject["allegations"]:
        store.dispute(subject["id"], risk["category"], "another man of that name", "analyst")
    after = store.browse(Filters(), limit=1000)
    assert after["total"] == everyone["total"]
    [listed] = [r for r in after["results"] if r["id"] == subject["id"]]
    assert listed["allegations"] == [] and listed["latest"] is None

"""Browsing sorts. By mentions: a count stored per cluster (migration 0011) that must stay what the
case file counts after ingest, a merge, its undo and a second report about the same person, on
SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

from tests.store.store_corpus import many_documents, report
from rapsheet.store.browse import Filters


def _counts(store) -> dict[str, int]:
    found = store.browse(Filters(), sort="mentions", limit=1000)["results"]
    for row in found:
        assert row["mentions"] == store.case_file(row["id"])["mentions"], row["name"]
    ordered = [row["mentions"] for row in found]
    assert ordered == sorted(ordered, reverse=True)
    return {row["id"]: row["mentions"] for row in found}


def test_the_stored_mention_count_follows_ingest_merge_and_undo(store):
    for doc in many_documents(4):
        store.add(doc)
    before = _counts(store)
    people = [r["id"] for r in store.browse(Filters(type="person"), sort="name", limit=1000)["results"]]
    a, b = people[0], people[1]
    assert before[a] > 0 and before[b] > 0

    judgement = store.judge(a, b, same=True, reason="one person")
    merged = _counts(store)
    kept = a if a in merged else b
    assert merged[kept] == before[a] + before[b]
    assert (b if kept == a else a) not in merged

    store.undo_judgement(judgement.id)
    assert _counts(store) == before

    # a second report about the first defendant: its mentions join that cluster's count
    first = many_documents(1)[0]
    name = first.entities[0].name
    again = report(name, 30, "Dallas", "fraud", "fraud", kilos=99, arrested="2024-06-01",
                   published=dt.date(2024, 6, 5), source="again.txt")
    store.add(again)
    after = _counts(store)
    assert sum(after.values()) > sum(before.values())


def test_pages_of_latest_first_follow_the_whole_list(store):
    for doc in many_documents(8) + many_documents(8)[:3]:
        store.add(doc)
    whole = store.browse(Filters(), sort="latest", limit=1000)["results"]
    assert len(whole) > 6
    dated = [r["latest"] for r in whole if r["latest"]]
    assert dated == sorted(dated, reverse=True)
    assert all(r["latest"] is None for r in whole[len(dated):])
    paged = [r["id"] for offset in range(0, len(whole), 3)
             for r in store.browse(Filters(), sort="latest", limit=3, offset=offset)["results"]]
    assert paged == [r["id"] for r in whole]

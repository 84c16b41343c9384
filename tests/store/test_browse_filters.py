"""Browsing filters on clusters, and the planner statistics that keep them fast on PostgreSQL,
on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlalchemy as sa

from rapsheet.store import schema as t
from rapsheet.store.browse import Filters
from tests.store.store_corpus import many_documents


def test_role_and_country_may_come_from_two_members_of_one_cluster(store):
    for doc in many_documents(4):
        store.add(doc)
    people = [r["id"] for r in store.browse(Filters(type="person"), sort="name", limit=1000)["results"]]
    a, b = people[0], people[1]
    with store.engine.begin() as conn:
        conn.execute(sa.insert(t.entity_facts), [{"entity_id": a, "prop": "role", "value": "informant"},
                                                 {"entity_id": b, "prop": "country", "value": "ZZ"}])

    def found(**filters) -> list[str]:
        result = store.browse(Filters(**filters), sort="name")
        assert result["total"] == len(result["results"])
        return [r["id"] for r in result["results"]]

    assert found(role="informant") == [a] and found(country="zz") == [b]
    assert found(role="informant", country="ZZ") == []
    store.judge(a, b, same=True, reason="one person")
    kept = found(role="informant")
    assert kept in ([a], [b]) and found(country="ZZ") == kept
    assert found(role="informant", country="ZZ") == kept == found(role="informant", country="ZZ", type="person")
    assert found(role="informant", country="ZZ", type="organization") == []
    # an allegation filter on top reads the allegations of the whole cluster
    categories = {x["category"] for x in store.browse(Filters(role="informant"))["results"][0]["allegations"]}
    assert categories
    for category in categories:
        assert found(role="informant", country="ZZ", category=category) == kept


def test_analyze_gives_postgresql_statistics_of_what_was_written(store):
    for doc in many_documents(4):
        store.add(doc)
    if store.engine.dialect.name != "postgresql":
        assert store.analyze() == []
        return

    def estimated(table: str) -> float:
        with store.engine.connect() as conn:
            return conn.execute(sa.text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"),
                                {"t": table}).scalar_one()

    with store.engine.connect() as conn:
        entities = conn.execute(sa.select(sa.func.count()).select_from(t.entities)).scalar_one()
    assert entities > 0 and estimated("entities") != entities     # written since the last ANALYZE
    analyzed = store.analyze()
    assert {"entities", "statements", "allegations", "entity_facts"} <= set(analyzed)
    assert estimated("entities") == entities
    # fewer than ANALYZE_MIN_ROWS changed since: nothing to do
    assert store.analyze(changed_only=True) == []

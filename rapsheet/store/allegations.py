"""The allegations index: one row per stored `risk:<category>` statement, its stage, proceeding,
status and date in columns with indexes, so browsing filters by them without reading JSON; and
the entity facts index: each entity's roles and countries (`entity_facts`).

Takes statement rows (as `rows.document_rows` and the list importers make them) and the
publication dates of their articles; gives the `allegations` rows the store writes beside them in
the same transaction. The statement stays the fact; a row here is derived from it and nothing else.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import sqlalchemy as sa

from rapsheet import stages
from rapsheet.store import schema as t
from rapsheet.store.engine import insert_ignore


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def allegation_row(statement: dict, published: dt.date | None) -> dict | None:
    """The index row of one statement, or None when it is not an allegation. Its date is the
    allegation's own (a designation's) else its article's publication date, as the case file reads it."""
    if not statement["prop"].startswith("risk:"):
        return None
    value = json.loads(statement["value"])
    value = value if isinstance(value, dict) else {}
    stage = value.get("stage")
    return {"statement_id": statement["id"], "entity_id": statement["entity_id"],
            "article_id": statement.get("article_id"), "category": statement["prop"][5:][:32],
            "stage": stage, "proceeding": stages.proceeding_of(stage, value.get("proceeding")),
            "status": stages.status_of(stage) or stages.ACTIVE,
            "date": _day(value.get("date")) or published}


def allegation_rows(statements: Iterable[dict], published: dict[str, dt.date | None]) -> list[dict]:
    rows = (allegation_row(s, published.get(s.get("article_id") or "")) for s in statements)
    return [r for r in rows if r is not None]


COUNTRY_PROPS = ("attribute:nationality", "attribute:country", "attribute:citizenship")


def fact_rows(statements: Iterable[dict]) -> list[dict]:
    """The `entity_facts` rows of statements: each entity's roles and countries."""
    seen = set()
    for s in statements:
        if s["prop"] != "role" and s["prop"] not in COUNTRY_PROPS:
            continue
        value = json.loads(s["value"])
        if isinstance(value, str) and value and len(value) <= 64:
            seen.add((s["entity_id"], "role", value) if s["prop"] == "role" else
                     (s["entity_id"], "country", value.upper()))
    return [{"entity_id": e, "prop": p, "value": v} for e, p, v in sorted(seen)]


def insert(conn, statements: Iterable[dict], published: dict[str, dt.date | None] | None = None) -> int:
    """Index the allegations, roles and countries among `statements` (already written on `conn`);
    those already indexed are left as they are. `published`: article id -> date, looked up when
    not given."""
    statements = list(statements)
    facts = fact_rows(statements)
    if facts:
        conn.execute(insert_ignore(conn.dialect.name, t.entity_facts), facts)
    statements = [s for s in statements if s["prop"].startswith("risk:")]
    if not statements:
        return 0
    if published is None:
        ids = {s["article_id"] for s in statements if s.get("article_id")}
        published = dict(conn.execute(sa.select(t.articles.c.id, t.articles.c.published)
                                      .where(t.articles.c.id.in_(ids)))) if ids else {}
    rows = allegation_rows(statements, published)
    conn.execute(insert_ignore(conn.dialect.name, t.allegations), rows)
    return len(rows)

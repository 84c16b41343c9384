"""Browsing the store: entities (one per cluster) filtered by what they are alleged to have done.

Takes a `Store` and the filters of `Filters` (the names the API's `/events` uses where they
mean the same: category, stage, date_from, date_to, article; and proceeding, status, role,
country, type and a name); gives one page of entities, each with its allegations, the total, and
counts per facet (category, stage, status, proceeding, role) over everything that matches.
An allegation is a stored `risk:<category>` statement; its date is its article's publication date.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from rapsheet import stages
from rapsheet.store import schema as t
from rapsheet.store.rows import name_key

SORTS = ("latest", "mentions", "name")
#: Attributes that say which country a subject belongs to.
COUNTRY_PROPS = ("attribute:nationality", "attribute:country", "attribute:citizenship")


@dataclass(slots=True)
class Filters:
    q: str | None = None
    type: str | None = None
    category: str | None = None
    stage: str | None = None
    proceeding: str | None = None
    status: str | None = None
    role: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    article: str | None = None

    def allegation_filters(self) -> bool:
        return any((self.category, self.stage, self.proceeding, self.status, self.date_from,
                    self.date_to, self.article))

    def given(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _json_text(dialect: str, column, key: str):
    if dialect == "postgresql":
        return sa.cast(column, postgresql.JSONB)[key].astext
    return sa.func.json_extract(column, f"$.{key}")


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _allegations(dialect: str, f: Filters):
    """One row per allegation statement matching the allegation filters: (cid, category, stage,
    proceeding, published)."""
    s, e, a = t.statements, t.entities, t.articles
    stage = _json_text(dialect, s.c.value, "stage")
    proceeding = _json_text(dialect, s.c.value, "proceeding")
    query = (sa.select(e.c.canonical_id.label("cid"), sa.func.substr(s.c.prop, 6).label("category"),
                       stage.label("stage"), proceeding.label("proceeding"), a.c.published)
             .select_from(s.join(e, e.c.id == s.c.entity_id).outerjoin(a, a.c.id == s.c.article_id))
             .where(s.c.prop.like("risk:%")))
    if f.category:
        query = query.where(s.c.prop == f"risk:{f.category}")
    if f.stage:
        query = query.where(stage == f.stage)
    if f.status:
        clearing = [n for n in stages.names() if stages.is_clearing(n)]
        query = query.where(stage.in_(clearing) if f.status == stages.CLEARED else
                            sa.or_(stage.is_(None), stage.not_in(clearing)))
    if f.proceeding:
        # A stage's own proceeding stands in when the reading gave none.
        own = [n for n in stages.names() if stages.proceeding_of(n) == f.proceeding]
        query = query.where(sa.or_(proceeding == f.proceeding,
                                   sa.and_(proceeding.is_(None), stage.in_(own))))
    if f.date_from:
        query = query.where(a.c.published >= f.date_from)
    if f.date_to:
        query = query.where(a.c.published <= f.date_to)
    if f.article:
        query = query.where(s.c.article_id == f.article)
    return query


def _entity_where(f: Filters) -> list:
    e, s = t.entities, t.statements
    member = e.alias("member")
    where = [e.c.id == e.c.canonical_id]
    if f.type:
        where.append(e.c.type == f.type)
    if f.q and f.q.strip():
        key = name_key(f.q)
        where.append(e.c.id.in_(sa.select(member.c.canonical_id)
                                .where(member.c.name_key.like(_like(key), escape="\\"))))
    if f.role:
        where.append(e.c.id.in_(sa.select(member.c.canonical_id).join(s, s.c.entity_id == member.c.id)
                                .where(s.c.prop == "role", s.c.value == json.dumps(f.role))))
    if f.country:
        where.append(e.c.id.in_(sa.select(member.c.canonical_id).join(s, s.c.entity_id == member.c.id)
                                .where(s.c.prop.in_(COUNTRY_PROPS), s.c.value == json.dumps(f.country.upper()))))
    return where


def browse(store, filters: Filters, sort: str = "latest", limit: int = 50, offset: int = 0) -> dict:
    """{total, results, facets}: one page of entities matching every filter, sorted by their
    latest allegation (newest first), by mentions or by name."""
    e, m = t.entities, t.mentions
    dialect = store.engine.dialect.name
    allegations = _allegations(dialect, filters).subquery()
    per = (sa.select(allegations.c.cid, sa.func.max(allegations.c.published).label("latest"),
                     sa.func.count().label("allegations"))
           .group_by(allegations.c.cid).subquery())
    joined = filters.allegation_filters()
    source = e.join(per, per.c.cid == e.c.id) if joined else e.outerjoin(per, per.c.cid == e.c.id)
    where = _entity_where(filters)
    matching = sa.select(e.c.id).select_from(source).where(*where)
    order: list = []
    columns = [e.c.id, e.c.name, e.c.type, per.c.latest, per.c.allegations]
    if sort == "mentions":
        counted = (sa.select(e.c.canonical_id.label("cid"), sa.func.count().label("mentions"))
                   .select_from(m.join(e, e.c.id == m.c.entity_id)).group_by(e.c.canonical_id).subquery())
        source = source.outerjoin(counted, counted.c.cid == e.c.id)
        order.append(sa.nulls_last(counted.c.mentions.desc()))
        columns.append(counted.c.mentions)
    elif sort == "latest":
        order.append(sa.nulls_last(per.c.latest.desc()))
    order += [e.c.name_key, e.c.id]
    page = sa.select(*columns).select_from(source).where(*where).order_by(*order).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(matching.subquery())).scalar() or 0
        rows = [dict(r._mapping) for r in conn.execute(page)]
        facets = _facets(conn, allegations, matching)
        found = _page_allegations(conn, dialect, [r["id"] for r in rows])
    results = []
    for row in rows:
        risks = found.get(row["id"], [])
        results.append({"id": row["id"], "name": row["name"], "type": row["type"],
                        "latest": row["latest"].isoformat() if row["latest"] else None,
                        "mentions": row.get("mentions"), "allegations": risks})
    return {"total": int(total), "results": results, "facets": facets, "sort": sort,
            "filters": filters.given()}


def _facets(conn, allegations, matching) -> dict[str, list[tuple[str, int]]]:
    """How many matching entities have an allegation of each category, stage, proceeding."""
    inside = allegations.c.cid.in_(matching)
    facets = {}
    for name in ("category", "stage", "proceeding"):
        column = allegations.c[name]
        query = (sa.select(column, sa.func.count(sa.distinct(allegations.c.cid)))
                 .where(inside, column.is_not(None)).group_by(column).order_by(sa.func.count(sa.distinct(allegations.c.cid)).desc(), column))
        facets[name] = [(value, n) for value, n in conn.execute(query)]
    by_status: dict[str, int] = {}
    for stage, n in facets["stage"]:
        status = stages.status_of(stage) or stages.ACTIVE
        by_status[status] = by_status.get(status, 0) + n
    facets["status"] = sorted(by_status.items())
    return facets


def _page_allegations(conn, dialect: str, ids: list[str]) -> dict[str, list[dict]]:
    """Each entity's allegations, one per category at its winning stage, as the case file lists them."""
    if not ids:
        return {}
    rows = conn.execute(_allegations(dialect, Filters()).where(t.entities.c.canonical_id.in_(ids)))
    grouped: dict[tuple[str, str], list[dict]] = {}
    for cid, category, stage, proceeding, published in rows:
        grouped.setdefault((cid, category), []).append(
            {"stage": stage, "proceeding": proceeding,
             "date": published.isoformat() if published else None})
    out: dict[str, list[dict]] = {}
    for (cid, category), items in grouped.items():
        best = stages.latest(items, date=lambda i: i["date"])
        entry = {"category": category, "stage": best["stage"],
                 "proceeding": stages.proceeding_of(best["stage"], best["proceeding"]),
                 "status": stages.status_of(best["stage"]), "date": best["date"]}
        out.setdefault(cid, []).append(entry | {"allegation": stages.describe(entry)})
    for entries in out.values():
        entries.sort(key=stages.listing_key)
    return out

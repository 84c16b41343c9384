"""Browsing the store: entities (one per cluster) filtered by what they are alleged to have done.

Takes a `Store` and the filters of `Filters` (the names the API's `/events` uses where they
mean the same: category, stage, date_from, date_to, article; and proceeding, status, role,
country, type and a name); gives one page of entities, each with its allegations, the total, and
counts per facet (category, stage, status, proceeding, role) over everything that matches.
An allegation is a row of the indexed `allegations` table (one per stored `risk:<category>`
statement, `rapsheet.store.allegations`); its date is its own, else its article's publication date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

import sqlalchemy as sa

from rapsheet import stages
from rapsheet.errors import RapsheetError
from rapsheet.store import schema as t
from rapsheet.store.rows import name_key

SORTS = ("latest", "mentions", "name")


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


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RapsheetError(f"{name}: a date as YYYY-MM-DD, not {value[:40]!r}", 422) from None


def _allegations_where(query, f: Filters):
    """`query` (over the allegations table) narrowed by the allegation filters; a disputed
    allegation is left out."""
    al = t.allegations
    query = query.where(al.c.statement_id.not_in(t.disputed_items("statement")))
    if f.category:
        query = query.where(al.c.category == f.category)
    if f.stage:
        query = query.where(al.c.stage == f.stage)
    if f.status:
        query = query.where(al.c.status == f.status)
    if f.proceeding:
        query = query.where(al.c.proceeding == f.proceeding)
    if f.date_from:
        query = query.where(al.c.date >= _date("date_from", f.date_from))
    if f.date_to:
        query = query.where(al.c.date <= _date("date_to", f.date_to))
    if f.article:
        query = query.where(al.c.article_id == f.article)
    return query


def _allegations(f: Filters):
    """One row per allegation matching the allegation filters: (cid, category, stage,
    proceeding, published), read from the indexed `allegations` table."""
    al, e = t.allegations, t.entities
    return _allegations_where(
        sa.select(e.c.canonical_id.label("cid"), al.c.category, al.c.stage, al.c.proceeding,
                  al.c.date.label("published")).select_from(al.join(e, e.c.id == al.c.entity_id)), f)


def _entity_where(f: Filters) -> list:
    e = t.entities
    member = e.alias("member")
    where = [e.c.id == e.c.canonical_id]
    if f.type:
        where.append(e.c.type == f.type)
    if f.q and f.q.strip():
        key = name_key(f.q)
        where.append(e.c.id.in_(sa.select(member.c.canonical_id)
                                .where(member.c.name_key.like(_like(key), escape="\\"))))
    facts = t.entity_facts
    if f.role:
        where.append(e.c.id.in_(sa.select(member.c.canonical_id).join(facts, facts.c.entity_id == member.c.id)
                                .where(facts.c.prop == "role", facts.c.value == f.role)))
    if f.country:
        where.append(e.c.id.in_(sa.select(member.c.canonical_id).join(facts, facts.c.entity_id == member.c.id)
                                .where(facts.c.prop == "country", facts.c.value == f.country.upper())))
    return where


def browse(store, filters: Filters, sort: str = "latest", limit: int = 50, offset: int = 0) -> dict:
    """{total, results, facets}: one page of entities matching every filter, sorted by their
    latest allegation (newest first), by mentions or by name.

    One read of the matching allegations, grouped by entity and facet values, gives the facet
    counts, each entity's latest allegation and (with an allegation filter) the matching
    entities; the entity table is read for the page only."""
    e, m = t.entities, t.mentions
    joined = filters.allegation_filters()
    where = _entity_where(filters)
    with store.engine.connect() as conn:
        alleged = _alleged(conn, filters, where)
        facets = _count_facets(alleged)
        latest: dict[str, tuple] = {}
        for cid, name_key_, *_, day in alleged:
            best = latest.get(cid)
            if best is None or (day is not None and (best[0] is None or day > best[0])):
                latest[cid] = (day, name_key_)
        newest_first = sorted(latest, key=lambda cid: (latest[cid][0] is None,
                                                       -(latest[cid][0] or dt.date.min).toordinal(),
                                                       latest[cid][1], cid))
        if joined:
            total = len(latest)
        else:
            total = conn.execute(sa.select(sa.func.count()).select_from(e).where(*where)).scalar() or 0
        columns = [e.c.id, e.c.name, e.c.type]
        if sort == "latest":
            ids = newest_first[offset:offset + limit]
            rows = _by_id(conn, columns, ids)
            if len(rows) < limit and not joined:
                # Then those with no allegation, by name: walked in name order, so it stops early.
                member = e.alias("member")
                has_one = (sa.select(t.allegations.c.entity_id).join(member, member.c.id == t.allegations.c.entity_id)
                           .where(member.c.canonical_id == e.c.id,
                                  t.allegations.c.statement_id.not_in(t.disputed_items("statement"))).exists())
                rest = (sa.select(*columns).where(*where, ~has_one).order_by(e.c.name_key, e.c.id)
                        .limit(limit - len(rows)).offset(max(0, offset - len(newest_first))))
                rows += [dict(r._mapping) for r in conn.execute(rest)]
        else:
            page = sa.select(*columns).where(*where)
            if joined:
                matched = _alleged_query(filters, []).subquery()
                page = page.where(e.c.id.in_(sa.select(matched.c.id)))
            order: list = []
            if sort == "mentions":
                counted = (sa.select(e.c.canonical_id.label("cid"), sa.func.count().label("mentions"))
                           .select_from(m.join(e, e.c.id == m.c.entity_id)).group_by(e.c.canonical_id).subquery())
                page = page.outerjoin_from(e, counted, counted.c.cid == e.c.id).add_columns(counted.c.mentions)
                order.append(sa.nulls_last(counted.c.mentions.desc()))
            page = page.order_by(*order, e.c.name_key, e.c.id).limit(limit).offset(offset)
            rows = [dict(r._mapping) for r in conn.execute(page)]
        found = _page_allegations(conn, [r["id"] for r in rows])
    results = []
    for row in rows:
        day = latest.get(row["id"], (None,))[0]
        results.append({"id": row["id"], "name": row["name"], "type": row["type"],
                        "latest": day.isoformat() if day else None,
                        "mentions": row.get("mentions"), "allegations": found.get(row["id"], [])})
    return {"total": int(total), "results": results, "facets": facets, "sort": sort,
            "filters": filters.given()}


FACETS = ("category", "stage", "status", "proceeding")


def _alleged_query(filters: Filters, where: list):
    """(entity, name_key, category, stage, status, proceeding, latest date) of the matching
    allegations, entity being the cluster's canonical entity, which `where` narrows."""
    al, e = t.allegations, t.entities
    member = e.alias("member")
    query = (sa.select(e.c.id, e.c.name_key, *(al.c[name] for name in FACETS), sa.func.max(al.c.date))
             .select_from(al.join(member, member.c.id == al.c.entity_id).join(e, e.c.id == member.c.canonical_id))
             .where(*where)
             .group_by(e.c.id, e.c.name_key, *(al.c[name] for name in FACETS)))
    return _allegations_where(query, filters)


def _alleged(conn, filters: Filters, where: list) -> list[tuple]:
    return [tuple(r) for r in conn.execute(_alleged_query(filters, where))]


def _by_id(conn, columns, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    found = {r.id: dict(r._mapping) for r in conn.execute(sa.select(*columns).where(t.entities.c.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _count_facets(alleged: list[tuple]) -> dict[str, list[tuple[str, int]]]:
    """How many matching entities have an allegation of each category, stage, status and proceeding."""
    seen: dict[str, dict[str, set]] = {name: {} for name in FACETS}
    for row in alleged:
        for i, name in enumerate(FACETS, start=2):
            if row[i] is not None:
                seen[name].setdefault(row[i], set()).add(row[0])
    return {name: sorted(((value, len(ids)) for value, ids in values.items()), key=lambda vn: (-vn[1], vn[0]))
            for name, values in seen.items()}


def _page_allegations(conn, ids: list[str]) -> dict[str, list[dict]]:
    """Each entity's allegations, one per category at its winning stage, as the case file lists them."""
    if not ids:
        return {}
    rows = conn.execute(_allegations(Filters()).where(t.entities.c.canonical_id.in_(ids)))
    grouped: dict[tuple[str, str], list[dict]] = {}
    for cid, category, stage, proceeding, published in rows:
        grouped.setdefault((cid, category), []).append(
            {"stage": stage, "proceeding": proceeding,
             "date": published.isoformat() if published else None})
    out: dict[str, list[dict]] = {}
    for (cid, category), items in grouped.items():
        best = stages.latest(items, date=lambda i: i["date"])
        assert best is not None, "each group has an allegation"
        entry = {"category": category, "stage": best["stage"],
                 "proceeding": stages.proceeding_of(best["stage"], best["proceeding"]),
                 "status": stages.status_of(best["stage"]), "date": best["date"]}
        out.setdefault(cid, []).append(entry | {"allegation": stages.describe(entry)})
    for entries in out.values():
        entries.sort(key=stages.listing_key)
    return out


def over_time(store) -> list[dict]:
    """Allegations per month, category and stage: [{month: "2025-04", category, stage, status,
    allegations, entities}], oldest month first; disputed allegations and undated ones left out."""
    al, e = t.allegations, t.entities
    month = sa.func.substr(sa.cast(al.c.date, sa.String), 1, 7)
    query = (sa.select(month.label("month"), al.c.category, al.c.stage, al.c.status,
                       sa.func.count().label("allegations"),
                       sa.func.count(sa.distinct(e.c.canonical_id)).label("entities"))
             .select_from(al.join(e, e.c.id == al.c.entity_id))
             .where(al.c.date.is_not(None), al.c.statement_id.not_in(t.disputed_items("statement")))
             .group_by(month, al.c.category, al.c.stage, al.c.status)
             .order_by(month, al.c.category, al.c.stage))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]

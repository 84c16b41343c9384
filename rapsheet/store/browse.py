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
import heapq
import re
from collections import Counter
from dataclasses import dataclass, fields
from typing import Any

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


def _cluster_where(f: Filters, cid) -> list:
    """The name, role and country filters on `cid`, a column holding a cluster's canonical id:
    the cluster has a member whose name key holds the name, and members with the role and the
    country (one member or two)."""
    member, facts = t.entities.alias("member"), t.entity_facts
    where = []
    if f.q and f.q.strip():
        where.append(cid.in_(sa.select(member.c.canonical_id)
                             .where(member.c.name_key.like(_like(name_key(f.q)), escape="\\"))))
    wanted = [(prop, value) for prop, value in (("role", f.role), ("country", (f.country or "").upper())) if value]
    if wanted:
        # Both facts in one read of the facts index, grouped by cluster, rather than one
        # subquery each: each would join its facts to the entities again.
        clusters = (sa.select(member.c.canonical_id).join(facts, facts.c.entity_id == member.c.id)
                    .where(sa.or_(*(sa.and_(facts.c.prop == prop, facts.c.value == value) for prop, value in wanted))))
        if len(wanted) > 1:
            clusters = (clusters.group_by(member.c.canonical_id)
                        .having(sa.func.count(sa.distinct(facts.c.prop)) == len(wanted)))
        where.append(cid.in_(clusters))
    return where


def _entity_where(f: Filters) -> list:
    """The conditions on `entities` that keep the canonical entity of each cluster that matches
    the entity filters (type, name, role, country)."""
    e = t.entities
    # A canonical id always names an entity that is its own canonical (resolution keeps it so):
    # with a filter on canonical ids the test id = canonical_id is left out, because PostgreSQL
    # cannot estimate a comparison of two columns (it takes it to keep 1 row in 200, not all of
    # them) and then plans the filters as nested loops over every entity.
    where = _cluster_where(f, e.c.id) or [e.c.id == e.c.canonical_id]
    if f.type:
        where.append(e.c.type == f.type)
    return where


def browse(store, filters: Filters, sort: str = "latest", limit: int = 50, offset: int = 0) -> dict:
    """{total, results, facets}: one page of entities matching every filter, sorted by their
    latest allegation (newest first), by mentions or by name.

    One read of the matching allegations (through a covering index, not grouped: the grouping
    costs more in SQL than here) gives the facet counts, each entity's latest allegation and
    (with an allegation filter) the matching entities; the entity table is read for the page
    only, and for the names that break ties of date on it. Sorting by mentions reads the count
    stored per cluster (`entities.mention_count`) through its index."""
    e = t.entities
    joined = filters.allegation_filters()
    where = _entity_where(filters)
    with store.engine.connect() as conn:
        alleged = _alleged(conn, filters)
        columns_of = list(zip(*alleged)) or [()] * (len(FACETS) + 2)
        facets = _count_facets(columns_of)
        latest: dict[str, Day] = {}
        for cid, day in zip(columns_of[0], columns_of[-1]):
            if cid not in latest or (day is not None and (latest[cid] is None or day > latest[cid])):
                latest[cid] = day
        if joined:
            total = len(latest)
        else:
            total = conn.execute(sa.select(sa.func.count()).select_from(e).where(*where)).scalar() or 0
        columns = [e.c.id, e.c.name, e.c.type]
        if sort == "latest":
            rows = _by_id(conn, columns, _newest_first(conn, latest, offset, limit))
            if len(rows) < limit and not joined:
                # Then those with no allegation, by name: walked in name order, so it stops early.
                member = e.alias("member")
                has_one = (sa.select(t.allegations.c.entity_id).join(member, member.c.id == t.allegations.c.entity_id)
                           .where(member.c.canonical_id == e.c.id,
                                  t.allegations.c.statement_id.not_in(t.disputed_items("statement"))).exists())
                rest = (sa.select(*columns).where(*where, ~has_one).order_by(e.c.name_key, e.c.id)
                        .limit(limit - len(rows)).offset(max(0, offset - len(latest))))
                rows += [dict(r._mapping) for r in conn.execute(rest)]
        else:
            page = sa.select(*columns).where(*where)
            if joined:
                matched = _alleged_query(filters).subquery()
                page = page.where(e.c.id.in_(sa.select(matched.c.canonical_id)))
            order: list = []
            if sort == "mentions":
                # the cluster's count, stored on its canonical entity and indexed in this order
                page = page.add_columns(e.c.mention_count.label("mentions"))
                order.append(e.c.mention_count.desc())
            page = page.order_by(*order, e.c.name_key, e.c.id).limit(limit).offset(offset)
            rows = [dict(r._mapping) for r in conn.execute(page)]
        found = _page_allegations(conn, [r["id"] for r in rows])
    results = []
    for row in rows:
        day = latest.get(row["id"])
        results.append({"id": row["id"], "name": row["name"], "type": row["type"],
                        "latest": _iso(day),
                        "mentions": row.get("mentions"), "allegations": found.get(row["id"], [])})
    return {"total": int(total), "results": results, "facets": facets, "sort": sort,
            "filters": filters.given()}


FACETS = ("category", "stage", "status", "proceeding")


def _alleged_query(filters: Filters):
    """(entity, category, stage, status, proceeding, date) of each matching allegation, entity
    being the cluster's canonical entity (joined only for the type filter: the other entity
    filters test the member's canonical id)."""
    al, e = t.allegations, t.entities
    member = e.alias("member")
    source = al.join(member, member.c.id == al.c.entity_id)
    where = _cluster_where(filters, member.c.canonical_id)
    if filters.type:
        source = source.join(e, e.c.id == member.c.canonical_id)
        where.append(e.c.type == filters.type)
    # the date as stored (ISO text on SQLite), not parsed row by row: only the page's are shown
    query = (sa.select(member.c.canonical_id, *(al.c[name] for name in FACETS), sa.type_coerce(al.c.date, sa.String))
             .select_from(source).where(*where))
    return _allegations_where(query, filters)


def _alleged(conn, filters: Filters) -> list:
    # The driver's own tuples, not SQLAlchemy rows: every column is read as stored (the date as
    # text or as the driver's date), and making 25,000 rows cost as much again as reading them
    # on PostgreSQL (442 -> 262 ms median under load for an unfiltered read; SQLite ~10% less).
    result = conn.execute(_alleged_query(filters))
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


# An allegation's date as the database gives it unparsed: ISO text (SQLite) or a date (PostgreSQL).
Day = str | dt.date | None


def _iso(day: Day) -> str | None:
    return day if day is None or isinstance(day, str) else day.isoformat()


def _newest_first(conn, latest: dict[str, Day], offset: int, limit: int) -> list[str]:
    """Entities `offset` to `offset + limit` of `latest` ordered by their date, newest first
    (undated last), then name key and id: the page's dates picked from the newest `offset + limit`
    dates, then the entities of those dates ordered by name (names read for them only)."""
    days: list[Any] = [day for day in latest.values() if day is not None]   # all str or all dates
    top = heapq.nlargest(offset + limit, days)
    window: set[Day] = set(top[offset:])
    if len(top) < offset + limit and len(days) < len(latest):
        window.add(None)
    if not window:
        return []
    dated: list[Any] = [day for day in window if day is not None]
    newest = max(dated) if dated else None
    ahead = len(days) if newest is None else sum(1 for day in days if day > newest)
    tied = [cid for cid, day in latest.items() if day in window]
    keys: dict[str, str] = {}
    e = t.entities
    for i in range(0, len(tied), 500):
        keys.update((r[0], r[1]) for r in conn.execute(sa.select(e.c.id, e.c.name_key).where(e.c.id.in_(tied[i:i + 500]))))
    tied.sort(key=lambda cid: (keys.get(cid, ""), cid))
    tied.sort(key=lambda cid: (latest[cid] is not None, latest[cid] or ""), reverse=True)
    return tied[offset - ahead:offset - ahead + limit]


def _by_id(conn, columns, ids: list[str]) -> list[dict]:
    if not ids:
        return []
    found = {r.id: dict(r._mapping) for r in conn.execute(sa.select(*columns).where(t.entities.c.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _count_facets(columns: list[tuple]) -> dict[str, list[tuple[str, int]]]:
    """How many matching entities have an allegation of each category, stage, status and
    proceeding, from the matching allegations' columns (entity, facets..., date): allegations
    counted, less the repeats of a value within one entity (found among the entities with more
    than one allegation only)."""
    entities = columns[0]
    repeated = {cid for cid, n in Counter(entities).items() if n > 1}
    rows = [j for j, cid in enumerate(entities) if cid in repeated]
    out = {}
    for i, name in enumerate(FACETS, start=1):
        counted = Counter(columns[i])
        values = columns[i]
        counted.subtract(values[j] for j in rows)
        counted.update(value for value, _ in {(values[j], entities[j]) for j in rows})
        counted.pop(None, None)
        out[name] = sorted(((v, n) for v, n in counted.items() if n > 0), key=lambda vn: (-vn[1], vn[0]))
    return out


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

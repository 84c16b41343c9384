"""The event listing: stored events filtered by type, dates, category, stage, entity (its whole
cluster) and article, one row per (article, event), dated ones newest first.

Takes a connection and the filters; gives (total, one page) with each event as its document JSON
plus `article`, `title`, `published`, the entities taking part and the sentence of its evidence.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from rapsheet.store import schema as t
from rapsheet.store.records import sentence_at


def _event_filter(type: str | None, date_from: str | None, date_to: str | None,
                  category: str | None, stage: str | None,
                  article: str | None, members: list[str] | None) -> list:
    ev = t.events
    where: list = []
    if type:
        where.append(ev.c.type == type)
    if stage:
        where.append(ev.c.stage == stage)
    if article:
        where.append(ev.c.article_id == article)
    # TimeML values sort as text, and a month ("2025-03") or year sits before its days, so a
    # range on the text keeps partial dates inside their period.
    if date_from:
        where.append(ev.c.date >= date_from)
    if date_to:
        where.append(ev.c.date <= date_to + "\uffff")
    if members is not None:
        # Every row of an event in which one of the cluster's entities takes part.
        where.append(sa.tuple_(ev.c.article_id, ev.c.event_id).in_(
            sa.select(ev.c.article_id, ev.c.event_id).where(ev.c.entity_id.in_(members))))
    if category:
        s = t.statements
        # An event is in a category when an entity taking part in it is alleged, in the same
        # article, to have committed an offence of that category.
        where.append(sa.exists(sa.select(s.c.id).where(
            s.c.article_id == ev.c.article_id, s.c.entity_id == ev.c.entity_id,
            s.c.prop == f"risk:{category}", s.c.id.not_in(t.disputed_items("statement")))))
    return where


def list_events(conn: sa.Connection, *, type: str | None = None, date_from: str | None = None,
                date_to: str | None = None, category: str | None = None, stage: str | None = None,
                members: list[str] | None = None, article: str | None = None, limit: int = 50,
                offset: int = 0) -> tuple[int, list[dict]]:
    """(total, one page of events) matching every filter given, dated ones newest first; each
    event is its document JSON plus `article`, `published`, the entities taking part and the
    sentence that is its evidence."""
    ev, a = t.events, t.articles
    where = _event_filter(type, date_from, date_to, category, stage, article, members)
    keys = sa.select(ev.c.article_id, ev.c.event_id).where(*where).distinct().subquery()
    total = conn.execute(sa.select(sa.func.count()).select_from(keys)).scalar()
    grouped = (sa.select(ev.c.article_id, ev.c.event_id, sa.func.max(ev.c.date).label("date"),
                         sa.func.max(ev.c.data).label("data"))
               .where(*where).group_by(ev.c.article_id, ev.c.event_id).subquery())
    query = (sa.select(grouped, a.c.published, a.c.title, a.c.text)
             .join(a, a.c.id == grouped.c.article_id)
             .order_by(sa.nulls_last(grouped.c.date.desc()), sa.nulls_last(a.c.published.desc()),
                       grouped.c.article_id, grouped.c.event_id)
             .limit(limit).offset(offset))
    rows = [dict(r._mapping) for r in conn.execute(query)]
    pairs = [(r["article_id"], r["event_id"]) for r in rows]
    parts = [dict(r._mapping) for r in conn.execute(
        sa.select(ev.c.article_id, ev.c.event_id, ev.c.entity_id, ev.c.role)
        .where(sa.tuple_(ev.c.article_id, ev.c.event_id).in_(pairs), ev.c.entity_id.is_not(None)))] \
        if pairs else []
    taking_part: dict[tuple, list] = {}
    for p in parts:
        taking_part.setdefault((p["article_id"], p["event_id"]), []).append(
            {"entity": p["entity_id"], "role": p["role"]})
    results = []
    for r in rows:
        data = json.loads(r["data"])
        evidence = data.get("evidence") or data.get("trigger") or {}
        start, end = evidence.get("start"), evidence.get("end")
        results.append(data | {
            "article": r["article_id"], "title": r["title"],
            "published": r["published"].isoformat() if r["published"] else None,
            "entities": taking_part.get((r["article_id"], r["event_id"]), []),
            "text": sentence_at(r["text"], start, end) if start is not None and end is not None else None})
    return int(total or 0), results

"""Store reads and writes the API needs that `rapsheet.store.Store` does not offer (yet): totals
for paginated lists, the event listing with filters, and judgements (same / not same / undo).

Takes a `Store`; gives plain dicts in the shapes of `rapsheet.api.schemas`. These belong in the
store and in `rapsheet.resolve` and should move there; until then they are the only SQL on the
API's side, written against `rapsheet.store.schema` with SQLAlchemy Core so that SQLite and
PostgreSQL run the same code.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import sqlalchemy as sa

from rapsheet.errors import NotFound, RapsheetError
from rapsheet.store import name_key
from rapsheet.store import schema as t
from rapsheet.store.store import sentence_at


def _scalar(store, query) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(query).scalar()


def count_entities(store, q: str | None = None) -> int:
    """How many clusters `Store.entities(q)` can list (the same filter, without the page)."""
    e = t.entities
    query = sa.select(sa.func.count()).select_from(e).where(e.c.id == e.c.canonical_id)
    if q is not None:
        key = name_key(q)
        if not key:
            return 0
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", key) + "%"
        members = sa.select(e.c.canonical_id).where(e.c.name_key.like(pattern, escape="\\"))
        query = query.where(e.c.id.in_(members))
    return int(_scalar(store, query) or 0)


def count_rows(store, table: str) -> int:
    return int(store.counts().get(table, 0))


# -- events ------------------------------------------------------------------------------------

def _event_filter(type: str | None, date_from: str | None, date_to: str | None,
                  category: str | None, stage: str | None, entity: str | None,
                  article: str | None, store) -> list:
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
    if entity:
        found = store.entity(entity)
        members = found["members"] if found else [entity]
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


def list_events(store, *, type: str | None = None, date_from: str | None = None,
                date_to: str | None = None, category: str | None = None, stage: str | None = None,
                entity: str | None = None, article: str | None = None, limit: int = 50,
                offset: int = 0) -> tuple[int, list[dict]]:
    """(total, one page of events) matching every filter given, dated ones newest first; each
    event is its document JSON plus `article`, `published`, the entities taking part and the
    sentence that is its evidence."""
    ev, a = t.events, t.articles
    where = _event_filter(type, date_from, date_to, category, stage, entity, article, store)
    keys = sa.select(ev.c.article_id, ev.c.event_id).where(*where).distinct().subquery()
    total = _scalar(store, sa.select(sa.func.count()).select_from(keys))
    grouped = (sa.select(ev.c.article_id, ev.c.event_id, sa.func.max(ev.c.date).label("date"),
                         sa.func.max(ev.c.data).label("data"))
               .where(*where).group_by(ev.c.article_id, ev.c.event_id).subquery())
    query = (sa.select(grouped, a.c.published, a.c.title, a.c.text)
             .join(a, a.c.id == grouped.c.article_id)
             .order_by(sa.nulls_last(grouped.c.date.desc()), sa.nulls_last(a.c.published.desc()),
                       grouped.c.article_id, grouped.c.event_id)
             .limit(limit).offset(offset))
    with store.engine.connect() as conn:
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


# -- judgements --------------------------------------------------------------------------------

def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _judgement_json(row: dict, canonical: str | None = None) -> dict:
    return {"id": row["id"], "left": row["left_id"], "right": row["right_id"],
            "verdict": row["verdict"], "who": row["who"], "created": _iso(row["created"]),
            "undone": _iso(row["undone"]), "reason": row.get("reason"), "canonical_id": canonical}


def _from_resolution(judgement, canonical: str | None) -> dict:
    data = judgement.to_json()
    return {"id": data["id"], "left": data["left"], "right": data["right"], "verdict": data["verdict"],
            "who": data.get("author") or "", "created": data["created"], "undone": data["undone"],
            "reason": data.get("reason"), "canonical_id": canonical}


def _canonical(store, entity: str) -> str | None:
    found = store.entity(entity)
    return found["canonical_id"] if found else None


def judge(store, left: str, right: str, verdict: str, who: str = "api", reason: str | None = None) -> dict:
    """Record that `left` and `right` are the same entity (merging their clusters) or not (keeping
    them apart, splitting a cluster that held both); facts are never rewritten."""
    if verdict not in ("same", "not_same"):
        raise RapsheetError(f"verdict: must be 'same' or 'not_same', not {verdict!r}", 422)
    if left == right:
        raise RapsheetError("right: must differ from left", 422)
    from rapsheet.resolve import judgements
    try:
        judgement = judgements.judge(store, left, right, verdict == "same", who or "api", reason)
    except NotFound as exc:
        side = "left" if repr(left) in exc.detail else "right"
        raise NotFound(f"{side}: {exc.detail}") from None
    return _from_resolution(judgement, _canonical(store, left))


def undo_judgement(store, judgement_id: int) -> dict:
    """Take back one judgement; the clusters it touched are recomputed without it."""
    from rapsheet.errors import UsageError
    from rapsheet.resolve import judgements
    try:
        judgement = judgements.undo(store, judgement_id)
    except UsageError as exc:
        raise RapsheetError(exc.detail, 409) from None
    return _from_resolution(judgement, _canonical(store, judgement.left))


def list_judgements(store, entity: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """(total, page) of judgements, newest first; with `entity`, those naming one of its cluster."""
    j = t.judgements
    where = []
    if entity:
        found = store.entity(entity)
        members = found["members"] if found else [entity]
        where.append(sa.or_(j.c.left_id.in_(members), j.c.right_id.in_(members)))
    total = _scalar(store, sa.select(sa.func.count()).select_from(j).where(*where))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            sa.select(j).where(*where).order_by(j.c.id.desc()).limit(limit).offset(offset))]
    return int(total or 0), [_judgement_json(r) for r in rows]

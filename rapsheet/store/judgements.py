"""An analyst's judgements on entity resolution: "same" or "not same", remembered and obeyed.

Takes a connection and two entity ids (any member of a cluster; its canonical id included);
gives a `Judgement`, stored in the `judgements` table, and the clusters recomputed
(`rapsheet.store.resolution.recluster`). A "not same" judgement keeps the two apart against every
automatic match, now and later; "same" joins them whatever the scores say. `undo` marks a
judgement undone (it stays on record) and recomputes, which restores the clustering that the
automatic matches and the other judgements give.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from rapsheet.errors import NotFound, UsageError
from rapsheet.store import schema as t
from rapsheet.store.records import iso
from rapsheet.store.resolution import recluster


@dataclass(slots=True)
class Judgement:
    id: int
    left: str
    right: str
    same: bool
    author: str
    created: str
    undone: str | None = None
    reason: str | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "left": self.left, "right": self.right,
                "verdict": "same" if self.same else "not_same", "author": self.author,
                "created": self.created, "undone": self.undone, "reason": self.reason}


def _judgement(row: Any) -> Judgement:
    return Judgement(row.id, row.left_id, row.right_id, row.verdict == "same", row.who,
                     iso(row.created) or "", iso(row.undone), row.reason)


def judge(conn: sa.Connection, a: str, b: str, same: bool, author: str | None = None,
          reason: str | None = None) -> Judgement:
    """Record that entities `a` and `b` are (or are not) one subject, and why, and recluster."""
    if a == b:
        raise UsageError("a judgement needs two different entities")
    e, j = t.entities, t.judgements
    found = {r[0] for r in conn.execute(sa.select(e.c.id).where(e.c.id.in_((a, b))))}
    for entity_id in (a, b):
        if entity_id not in found:
            raise NotFound(f"no entity with id {entity_id!r}")
    left, right = sorted((a, b))
    row = conn.execute(sa.insert(j).values(
        left_id=left, right_id=right, verdict="same" if same else "not_same",
        who=author or "analyst", created=dt.datetime.now(dt.UTC),
        reason=(reason or "").strip() or None).returning(*j.c)).one()
    recluster(conn, {left, right})
    return _judgement(row)


def undo(conn: sa.Connection, judgement_id: int) -> Judgement:
    """Mark a judgement undone and recluster; the judgement stays on record."""
    j = t.judgements
    row = conn.execute(sa.select(j).where(j.c.id == int(judgement_id))).first()
    if row is None:
        raise NotFound(f"no judgement with id {judgement_id}")
    if row.undone is not None:
        raise UsageError(f"judgement {judgement_id} is already undone")
    row = conn.execute(sa.update(j).where(j.c.id == row.id)
                       .values(undone=dt.datetime.now(dt.UTC)).returning(*j.c)).one()
    recluster(conn, {row.left_id, row.right_id})
    return _judgement(row)


def _where(members: list[str] | None, include_undone: bool) -> list:
    j = t.judgements
    where = []
    if members is not None:
        where.append(sa.or_(j.c.left_id.in_(members), j.c.right_id.in_(members)))
    if not include_undone:
        where.append(j.c.undone.is_(None))
    return where


def judgements(conn: sa.Connection, members: list[str] | None = None, include_undone: bool = True,
               limit: int | None = None, offset: int = 0) -> list[Judgement]:
    """Judgements, newest first; with `members`, those naming one of them."""
    j = t.judgements
    query = sa.select(j).where(*_where(members, include_undone)).order_by(j.c.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [_judgement(r) for r in conn.execute(query)]


def count(conn: sa.Connection, members: list[str] | None = None, include_undone: bool = True) -> int:
    j = t.judgements
    return int(conn.execute(sa.select(sa.func.count()).select_from(j)
                            .where(*_where(members, include_undone))).scalar() or 0)

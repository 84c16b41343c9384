"""An analyst's judgements on entity resolution: "same" or "not same", remembered and obeyed.

Takes a `rapsheet.store.Store` and two entity ids (any member of a cluster; its canonical id
included); gives a `Judgement`, stored in the `judgements` table, and the clusters recomputed
(`rapsheet.resolve.cluster.recluster`). A "not same" judgement keeps the two apart against every
automatic match, now and later; "same" joins them whatever the scores say. `undo` marks a
judgement undone (it stays on record) and recomputes, which restores the clustering that the
automatic matches and the other judgements give.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from rapsheet.errors import NotFound, UsageError
from rapsheet.resolve.cluster import recluster


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


def _iso(value) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _judgement(row) -> Judgement:
    return Judgement(row.id, row.left_id, row.right_id, row.verdict == "same", row.who,
                     _iso(row.created) or "", _iso(row.undone), row.reason)


def judge(store, a: str, b: str, same: bool, author: str | None = None,
          reason: str | None = None) -> Judgement:
    """Record that entities `a` and `b` are (or are not) one subject, and why, and recluster."""
    from rapsheet.store import schema as t

    if a == b:
        raise UsageError("a judgement needs two different entities")
    e, j = t.entities, t.judgements
    with store._writer.begin() as conn:
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


def undo(store, judgement_id: int) -> Judgement:
    """Mark a judgement undone and recluster; the judgement stays on record."""
    from rapsheet.store import schema as t

    j = t.judgements
    with store._writer.begin() as conn:
        row = conn.execute(sa.select(j).where(j.c.id == int(judgement_id))).first()
        if row is None:
            raise NotFound(f"no judgement with id {judgement_id}")
        if row.undone is not None:
            raise UsageError(f"judgement {judgement_id} is already undone")
        row = conn.execute(sa.update(j).where(j.c.id == row.id)
                           .values(undone=dt.datetime.now(dt.UTC)).returning(*j.c)).one()
        recluster(conn, {row.left_id, row.right_id})
    return _judgement(row)


def list_judgements(store, include_undone: bool = True) -> list[Judgement]:
    """Every judgement, newest first."""
    from rapsheet.store import schema as t

    j = t.judgements
    query = sa.select(j).order_by(j.c.id.desc())
    if not include_undone:
        query = query.where(j.c.undone.is_(None))
    with store.engine.connect() as conn:
        return [_judgement(r) for r in conn.execute(query)]

"""What monitoring keeps in the store: each watchlist's `watch_state` rows (what was reported
about each hit, and the watchlist's last run), and which articles were first stored since then.

Takes a connection; gives and writes plain dicts. `rapsheet.watch` decides what is news.
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from rapsheet.store import schema as t


def state(conn: sa.Connection, row_id: str) -> dict | None:
    """The state kept under `row_id`, or None."""
    w = t.watch_state
    raw = conn.execute(sa.select(w.c.state).where(w.c.id == row_id)).scalar()
    return json.loads(raw) if raw else None


def put_state(conn: sa.Connection, row: dict) -> None:
    """Replace the state row `row` (id, watchlist, entry, entity_id, state as a dict, updated)."""
    w = t.watch_state
    conn.execute(sa.delete(w).where(w.c.id == row["id"]))
    conn.execute(sa.insert(w).values(row | {"state": json.dumps(row["state"], sort_keys=True)}))


def articles_since(conn: sa.Connection, since: dt.datetime) -> set[str]:
    """Ids of the articles first stored at or after `since`."""
    return set(conn.execute(sa.select(t.articles.c.id).where(t.articles.c.first_seen >= since)).scalars())

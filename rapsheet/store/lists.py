"""Sanctions-list entries into the store: their entity, statement and `list_entries` rows (made
by `rapsheet.importers`) written in one transaction, indexed as allegations, and resolved against
the subjects read from the news.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from rapsheet.store import allegations, schema as t
from rapsheet.store.engine import insert_ignore
from rapsheet.store.resolution import resolve


@dataclass(slots=True)
class ListRows:
    """The rows of a batch of list entries, by table."""
    entities: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    list_entries: list[dict] = field(default_factory=list)


def add_list_rows(conn: sa.Connection, batches: Iterable[ListRows], resolve_them: bool = True) -> dict:
    """Write each batch (rows already stored are left as they are); resolve the entities. Gives
    counts {entries, entities, statements[, resolved]}."""
    counts: dict[str, Any] = {"entries": 0, "entities": 0, "statements": 0}
    ids: set[str] = set()
    for batch in batches:
        if not batch.list_entries:
            continue
        conn.execute(insert_ignore(conn.dialect.name, t.entities), batch.entities)
        conn.execute(insert_ignore(conn.dialect.name, t.statements), batch.statements)
        allegations.insert(conn, batch.statements, {})
        conn.execute(insert_ignore(conn.dialect.name, t.list_entries), batch.list_entries)
        counts["entries"] += len(batch.list_entries)
        counts["statements"] += len(batch.statements)
        ids.update(row["id"] for row in batch.entities)
    counts["entities"] = len(ids)
    if resolve_them and ids:
        counts["resolved"] = resolve(conn, ids)
    return counts

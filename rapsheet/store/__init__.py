"""The store: `open_store(url)` gives a `Store` over SQLite or PostgreSQL, its schema upgraded in
place by the migrations that ship in `migrations/`.

    store = open_store()            # RAPSHEET_DB, else sqlite:///rapsheet.db
    result = store.add(document)    # AddResult(article_id, new)
    store.case_file("Jose Enrique Martinez Flores")
"""
from __future__ import annotations

from rapsheet.settings import settings
from rapsheet.store.engine import create_engine, current_revision, head_revision, upgrade
from rapsheet.store.judgements import Judgement
from rapsheet.store.rows import entity_id, name_key
from rapsheet.store.store import AddResult, Store

__all__ = ["AddResult", "Judgement", "Store", "current_revision", "entity_id", "head_revision",
           "name_key", "open_store"]


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """The store at `url` (an SQLAlchemy URL; None: the `db` setting, env RAPSHEET_DB), created
    or upgraded to the newest schema unless `migrate` is False."""
    engine = create_engine(url or settings().db)
    if migrate:
        upgrade(engine)
    return Store(engine)

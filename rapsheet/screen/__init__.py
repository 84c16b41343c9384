"""Screening names against stored entities (or any list of candidates), with explanations.

    from rapsheet.screen import Candidate, ScreenIndex, screen
    index = ScreenIndex([Candidate("e1", "Jose Enrique Martinez Flores", "person", birth_years=(2000, 2001))])
    index.screen("Jose Martinez Flores", birth_year=2001)      # [Result(...)]
    screen("Jose Martinez Flores", birth_year=2001, store=open_store())

Takes a name (with an optional birth year and ISO country); gives ranked `Result`s with score,
match, explanation (name features, then birth-year and country adjustments) and risks.
"""
from __future__ import annotations

from typing import Any

from rapsheet.screen.index import ScreenIndex, index_from_store
from rapsheet.screen.scoring import Candidate, Result
from rapsheet.store import open_store

__all__ = ["Candidate", "Result", "ScreenIndex", "index_from_store", "screen"]


def screen(query_name: str, birth_year: int | None = None, country: str | None = None,
           limit: int = 10, threshold: float | None = None, *, type: str | None = None,
           index: ScreenIndex | None = None, store: Any = None) -> list[Result]:
    """Screen one name against `index`, or else against the entities of `store` (default: the
    store of the `db` setting). Building an index from a store reads all its entities: callers
    screening many names (the API, a batch) build one with `index_from_store` and keep it."""
    if index is None:
        if store is None:
            with open_store() as opened:
                index = index_from_store(opened)
        else:
            index = index_from_store(store)
    return index.screen(query_name, birth_year=birth_year, country=country, limit=limit,
                        threshold=threshold, type=type)

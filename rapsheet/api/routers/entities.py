"""GET /entities?q= (search by name), GET /entities/{id} (the case file),
GET /entities/{id}/timeline (its events in date order)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from rapsheet.api.deps import PagingDep, StoreDep, require_read_key
from rapsheet.api.schemas import EntitySummary, Page
from rapsheet.errors import NotFound

router = APIRouter(tags=["entities"], dependencies=[Depends(require_read_key)])

EntityId = Annotated[str, Path(min_length=1, max_length=300, description="An entity id (or a name).")]


@router.get("/entities", response_model=Page[EntitySummary], summary="Entities whose names match")
def search_entities(store: StoreDep, page: PagingDep,
                    q: Annotated[str | None, Query(min_length=1, max_length=300,
                                                   description="A name or part of one; case and accents do not count.")] = None) -> dict:
    return {"total": store.count_entities(q), "limit": page.limit, "offset": page.offset,
            "results": store.entities(q, limit=page.limit, offset=page.offset)}


def case_file_or_404(store, entity_id: str) -> dict:
    case = store.case_file(entity_id)
    if case is None:
        raise NotFound(f"entity_id: no entity with id or name {entity_id!r}")
    return case


@router.get("/entities/{entity_id}", response_model=dict[str, Any], summary="The case file",
            description="Everything the stored articles say of one entity's cluster, each fact "
                        "with its article, character span and the sentence around it. Risks "
                        "are allegations at the stage the articles report.")
def get_entity(store: StoreDep, entity_id: EntityId) -> dict:
    return case_file_or_404(store, entity_id)


@router.get("/entities/{entity_id}/timeline", response_model=Page[dict[str, Any]],
            summary="An entity's events, dated ones first in date order")
def get_timeline(store: StoreDep, entity_id: EntityId, page: PagingDep) -> dict:
    events = case_file_or_404(store, entity_id)["events"]
    return {"total": len(events), "limit": page.limit, "offset": page.offset,
            "results": events[page.offset:page.offset + page.limit]}

"""POST /disputes (one allegation against one subject is wrong), DELETE /disputes/{id} (undo),
GET /disputes (the record). A disputed allegation leaves screening and exports and shows in the
case file under `disputed`, with who disputed it, when and why."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from rapsheet.api.deps import PagingDep, StoreDep, require_read_key, require_write_key
from rapsheet.api.schemas import Category

router = APIRouter(tags=["disputes"])


class DisputeIn(BaseModel):
    """An analyst's word that one allegation (a risk category of one subject) is wrong."""
    entity: str = Field(min_length=1, max_length=64)
    category: Category
    reason: str = Field(min_length=1, max_length=2000)
    who: str | None = Field(None, max_length=200)
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"entity": "a1b2c3d4e5f60718", "category": "terrorism", "who": "analyst",
         "reason": "the article names his brother; this man was never charged"}]})


class DisputeOut(BaseModel):
    id: int
    entity: str
    category: str
    reason: str
    who: str
    created: str | None
    undone: str | None = None
    undone_by: str | None = None
    active: bool
    items: int | None = Field(None, description="Statements and charges the dispute takes out.")


@router.post("/disputes", response_model=DisputeOut, status_code=201,
             dependencies=[Depends(require_write_key)], summary="Dispute one allegation",
             description="The allegation leaves screening and exports and shows as disputed in "
                         "the case file; nothing is deleted, and DELETE /disputes/{id} undoes it.")
def post_dispute(request: Request, store: StoreDep, body: DisputeIn) -> dict:
    result = store.dispute(body.entity, body.category, body.reason, body.who or "api")
    request.app.state.index.mark_stale()
    return result


@router.delete("/disputes/{dispute_id}", response_model=DisputeOut,
               dependencies=[Depends(require_write_key)], summary="Undo a dispute")
def delete_dispute(request: Request, store: StoreDep,
                   dispute_id: Annotated[int, Path(ge=1, le=2**62)],
                   who: Annotated[str | None, Query(max_length=200)] = None) -> dict:
    result = store.undo_dispute(dispute_id, who or "api")
    request.app.state.index.mark_stale()
    return result


@router.get("/disputes", dependencies=[Depends(require_read_key)], summary="Disputes, newest first")
def get_disputes(store: StoreDep, page: PagingDep,
                 entity: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    results = store.disputes(entity, page.limit, page.offset)
    return {"limit": page.limit, "offset": page.offset, "results": results}

"""POST /judgements (two entities are the same, or not), DELETE /judgements/{id} (undo),
GET /judgements (the record)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from rapsheet.api import queries
from rapsheet.api.deps import PagingDep, StoreDep, require_read_key, require_write_key
from rapsheet.api.schemas import JudgementIn, JudgementOut, Page

router = APIRouter(tags=["judgements"])


@router.post("/judgements", response_model=JudgementOut, status_code=201,
             dependencies=[Depends(require_write_key)], summary="Judge two entities same or not",
             description="`same` merges their clusters; `not_same` keeps them apart (splitting a "
                         "cluster that held both). Facts are never rewritten: a judgement can be "
                         "undone with DELETE /judgements/{id}.")
def post_judgement(request: Request, store: StoreDep, body: JudgementIn) -> dict:
    result = queries.judge(store, body.left, body.right, body.verdict, body.who or "api", body.reason)
    request.app.state.index.mark_stale()
    return result


@router.delete("/judgements/{judgement_id}", response_model=JudgementOut,
               dependencies=[Depends(require_write_key)], summary="Undo a judgement")
def delete_judgement(request: Request, store: StoreDep,
                     judgement_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict:
    result = queries.undo_judgement(store, judgement_id)
    request.app.state.index.mark_stale()
    return result


@router.get("/judgements", response_model=Page[JudgementOut], dependencies=[Depends(require_read_key)],
            summary="Judgements, newest first")
def get_judgements(store: StoreDep, page: PagingDep,
                   entity: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    total, results = queries.list_judgements(store, entity, page.limit, page.offset)
    return {"total": total, "limit": page.limit, "offset": page.offset, "results": results}

"""GET /failures: inputs that could not be read, with their reasons."""
from __future__ import annotations

from fastapi import APIRouter, Depends

from rapsheet.api.deps import PagingDep, StoreDep, require_read_key
from rapsheet.api.queries import count_rows
from rapsheet.api.schemas import FailureOut, Page

router = APIRouter(tags=["failures"], dependencies=[Depends(require_read_key)])


@router.get("/failures", response_model=Page[FailureOut], summary="Inputs that failed, newest first")
def get_failures(store: StoreDep, page: PagingDep) -> dict:
    return {"total": count_rows(store, "failures"), "limit": page.limit, "offset": page.offset,
            "results": store.failures(limit=page.limit, offset=page.offset)}

"""GET /export?format=ftm|csv|jsonl[&filters of /browse]: every subject's (or every listed
subject's) case file for other tools
(rapsheet.export: FollowTheMoney JSON lines, one CSV row per subject, case files as JSON lines)."""
from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from rapsheet.api.deps import StoreDep, require_read_key
from rapsheet.api.routers.browse import BrowseFilters

from rapsheet.export import export

MEDIA = {"ftm": "application/x-ndjson", "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}
SUFFIX = {"ftm": "ftm.json", "jsonl": "jsonl", "csv": "csv"}

router = APIRouter(tags=["export"], dependencies=[Depends(require_read_key)])


@router.get("/export", summary="Every subject, for other tools",
            response_class=Response,
            responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}},
                             "description": "FollowTheMoney entities or case files as JSON lines, or CSV"}})
async def get_export(store: StoreDep,
                     filters: BrowseFilters,
                     format: Annotated[Literal["ftm", "csv", "jsonl"], Query(description="ftm: FollowTheMoney JSON lines; csv: a row per subject; jsonl: case files.")] = "ftm") -> Response:
    # With /browse's filters, the subjects that list shows; without, every subject.
    out = io.StringIO()
    count = await run_in_threadpool(export, store, format, out, filters if filters.given() else None)
    return Response(out.getvalue(), media_type=MEDIA[format], headers={
        "content-disposition": f'attachment; filename="rapsheet.{SUFFIX[format]}"',
        "x-rapsheet-subjects": str(count)})

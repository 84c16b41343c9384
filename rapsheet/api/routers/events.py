"""GET /events: events across all articles, filtered by type, date range, category and stage."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from rapsheet.api.deps import PagingDep, StoreDep, require_read_key
from rapsheet.api.schemas import Category, EventType, Page, Stage
from rapsheet.errors import RapsheetError

router = APIRouter(tags=["events"], dependencies=[Depends(require_read_key)])


@router.get("/events", response_model=Page[dict[str, Any]], summary="Events, newest first",
            description="Each event as in its document, with its article, the entities taking "
                        "part and its evidence sentence. `category` keeps events in which "
                        "someone is alleged, in the same article, an offence of that category.")
def get_events(store: StoreDep, page: PagingDep,
               type: Annotated[EventType | None, Query(description="Event type.")] = None,
               date_from: Annotated[dt.date | None, Query(description="Earliest event date.")] = None,
               date_to: Annotated[dt.date | None, Query(description="Latest event date.")] = None,
               category: Annotated[Category | None, Query(description="Risk category.")] = None,
               stage: Annotated[Stage | None, Query(description="Stage of the allegation.")] = None,
               entity: Annotated[str | None, Query(max_length=64, description="An entity id (its whole cluster).")] = None,
               article: Annotated[str | None, Query(max_length=64, description="An article id.")] = None) -> dict:
    if date_from and date_to and date_from > date_to:
        raise RapsheetError("date_from: after date_to", 422)
    total, results = store.events(type=type, stage=stage, category=category, entity=entity,
                                  article=article, limit=page.limit, offset=page.offset,
                                  date_from=date_from.isoformat() if date_from else None,
                                  date_to=date_to.isoformat() if date_to else None)
    return {"total": total, "limit": page.limit, "offset": page.offset, "results": results}

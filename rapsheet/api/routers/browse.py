"""GET /browse: entities (one per cluster) filtered by their allegations, role, country, type and
name, with counts per facet; the same `Store.browse` the UI's home page lists, so both filter alike."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from rapsheet.api.deps import PagingDep, StoreDep, require_read_key
from rapsheet.api.schemas import Category, Proceeding, Stage, Status
from rapsheet.errors import RapsheetError
from rapsheet.store.browse import Filters

router = APIRouter(tags=["entities"], dependencies=[Depends(require_read_key)])


def browse_filters(
        q: Annotated[str | None, Query(max_length=300, description="A name or part of one.")] = None,
        type: Annotated[Literal["person", "organization", "location", "other"] | None, Query()] = None,
        category: Annotated[Category | None, Query(description="Risk category.")] = None,
        stage: Annotated[Stage | None, Query(description="Stage of an allegation.")] = None,
        proceeding: Annotated[Proceeding | None, Query()] = None,
        status: Annotated[Status | None, Query(description="active or cleared.")] = None,
        role: Annotated[str | None, Query(max_length=32, description="accused, victim, official ...")] = None,
        country: Annotated[str | None, Query(min_length=2, max_length=2, description="ISO 3166 two-letter code.")] = None,
        date_from: Annotated[dt.date | None, Query(description="Earliest allegation date.")] = None,
        date_to: Annotated[dt.date | None, Query(description="Latest allegation date.")] = None,
        article: Annotated[str | None, Query(max_length=64, description="An article id.")] = None) -> Filters:
    """The browse filters of a request, shared by /browse and /export."""
    if date_from and date_to and date_from > date_to:
        raise RapsheetError("date_from: after date_to", 422)
    return Filters(q=q, type=type, category=category, stage=stage, proceeding=proceeding,
                   status=status, role=role, country=country, article=article,
                   date_from=date_from.isoformat() if date_from else None,
                   date_to=date_to.isoformat() if date_to else None)


BrowseFilters = Annotated[Filters, Depends(browse_filters)]


@router.get("/browse", response_model=dict[str, Any], summary="Entities filtered by what they are alleged to have done",
            description="`{total, limit, offset, sort, filters, facets, results}`. Each result is an "
                        "entity with `latest` (its latest allegation's date), `mentions` (with "
                        "sort=mentions) and `allegations` (one per category at its winning stage, "
                        "with `allegation` in words: a cleared one reads as cleared). `facets` counts "
                        "the matching entities per category, stage, status and proceeding, as "
                        "`[{value, count}]`. An allegation's date is its own, else its article's "
                        "publication date.")
def browse(store: StoreDep, page: PagingDep, filters: BrowseFilters,
           sort: Annotated[Literal["latest", "mentions", "name"], Query()] = "latest") -> dict:
    found = store.browse(filters, sort=sort, limit=page.limit, offset=page.offset)
    return {"total": found["total"], "limit": page.limit, "offset": page.offset, "sort": sort,
            "filters": found["filters"], "results": found["results"],
            "facets": {name: [{"value": value, "count": n} for value, n in values]
                       for name, values in found["facets"].items()}}

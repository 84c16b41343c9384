"""POST /match: batch screening of up to 100 names against every stored entity, in the shape of
OpenSanctions yente's /match."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from rapsheet.api.deps import get_index, require_read_key
from rapsheet.api.schemas import MatchOut, MatchRequest

router = APIRouter(tags=["screening"], dependencies=[Depends(require_read_key)])


def screen_queries(index, queries: dict, limit: int, threshold: float | None) -> dict:
    """{key: {query, results, total}} for each named query; what the UI's screening calls too."""
    responses = {}
    for key, query in queries.items():
        results = index.screen(query.name, birth_year=query.birth_year, country=query.country,
                               limit=limit, threshold=threshold, type=query.type)
        responses[key] = {"query": query.model_dump(exclude_none=True),
                          "results": [r.to_json() for r in results], "total": len(results)}
    return responses


@router.post("/match", response_model=MatchOut, summary="Screen names against stored entities",
             description="Each result has a score (0..1), `match` (score at or above the "
                         "threshold), the features that made the score, and the entity's risks: "
                         "allegations with their stage as reported, never findings.")
def post_match(request: Request, body: MatchRequest,
               limit: Annotated[int, Query(ge=1, le=50, description="Results per query.")] = 5,
               threshold: Annotated[float | None, Query(ge=0, le=1, description="Score that counts as a match (default: the match_threshold setting).")] = None) -> dict:
    index = get_index(request)
    return {"responses": screen_queries(index, body.queries, limit, threshold), "limit": limit}

"""GET /health: whether the store answers."""
from __future__ import annotations

from fastapi import APIRouter, Request

from rapsheet import __version__
from rapsheet.api.deps import StoreDep, get_settings, key_matches
from rapsheet.api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, summary="Whether the store answers")
def health(request: Request, store: StoreDep) -> dict:
    counts = store.counts()          # raises (500) when the store does not answer
    settings = get_settings(request)
    if settings.api_read_key_required and not key_matches(request.headers.get("x-api-key"), settings):
        counts = {}                  # open to load balancers, but telling nothing of the store
    return {"ok": True, "version": __version__, "counts": counts,
            "pipeline_loaded": request.app.state.nlp is not None}

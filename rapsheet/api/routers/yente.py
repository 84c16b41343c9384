"""yente's own paths, for clients written for OpenSanctions' yente: `POST /match/{dataset}` with
FollowTheMoney query entities (`schema` + `properties`), its `threshold`, `cutoff` and `limit`
parameters, and `GET /healthz` / `GET /readyz`.

Takes `{"queries": {"q": {"schema": "Person", "properties": {"name": [...], "birthDate": [...],
"nationality": [...]}}}}`; gives `{"responses": {"q": {"status": 200, "results": [...],
"total": {"value": n, "relation": "eq"}, "query": {...}}}, "limit": n, "matcher": {...}}`, each
result a scored FtM entity (id, caption, schema, properties, datasets, target, score, match,
features, explanations) with our allegations beside it: `risks` (each with its stage and status
as reported), `sanctions` (listings) and `reasons` in an analyst's words. The contract's own
`POST /match` is unchanged.
"""
from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from rapsheet.api.deps import Unauthorized, get_index, get_settings, get_store, key_matches
from rapsheet.api.schemas import MAX_QUERIES
from rapsheet.errors import NotFound, RapsheetError
from rapsheet.export.ftm import topics_for
from rapsheet.screen.index import MIN_SCORE

router = APIRouter(tags=["yente"])

#: The datasets `/match/{dataset}` answers for: yente's default name and ours, the same store.
DATASETS = ("default", "rapsheet")
#: FtM schemata -> the subject type screening compares by; others (Thing, LegalEntity) any.
SCHEMA_TYPES = {"Person": "person", "Organization": "organization", "Company": "organization",
                "PublicBody": "organization", "LegalEntity": None, "Thing": None, "Vessel": "Vessel"}
#: Properties whose values are names, and those naming a country.
NAME_PROPS = ("name", "alias", "firstName", "lastName", "weakAlias", "previousName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "birthCountry")
_YEAR = re.compile(r"^\s*(\d{4})")


class YenteQuery(BaseModel):
    """One FollowTheMoney example entity, as yente takes it."""
    schema_: str = Field(alias="schema", max_length=100)
    properties: dict[str, list[str]] = Field(default_factory=dict)
    id: str | None = Field(None, max_length=200)
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    @field_validator("properties", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        # yente takes a single value where a list is expected.
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value


class YenteMatchRequest(BaseModel):
    queries: dict[str, YenteQuery] = Field(min_length=1, max_length=MAX_QUERIES)
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)
    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [{"queries": {"q": {
        "schema": "Person", "properties": {"name": ["Jose Martinez Flores"], "birthDate": ["2001"],
                                           "nationality": ["ve"]}}}}]})


def require_read_key(request: Request) -> None:
    """Reads keyed as on the contract's paths (`X-API-Key`), or as yente's clients send the key
    (`Authorization: ApiKey KEY`)."""
    settings = get_settings(request)
    if not settings.api_read_key_required:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    key = request.headers.get("x-api-key") or (given.strip() if scheme.lower() == "apikey" else None)
    if not key_matches(key, settings):
        raise Unauthorized("X-API-Key or Authorization: ApiKey: missing or wrong API key "
                           "(reads are keyed on this server)")


def _names(query: YenteQuery) -> list[str]:
    names = [v for p in NAME_PROPS if p not in ("firstName", "lastName") for v in query.properties.get(p, [])]
    first, last = query.properties.get("firstName", []), query.properties.get("lastName", [])
    if first and last:
        names.append(f"{first[0]} {last[0]}")
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))[:20]


def _birth_year(query: YenteQuery) -> int | None:
    for value in query.properties.get("birthDate", []):
        found = _YEAR.match(value)
        if found and 1800 <= int(found.group(1)) <= 2200:
            return int(found.group(1))
    return None


def _country(query: YenteQuery) -> str | None:
    for prop in COUNTRY_PROPS:
        for value in query.properties.get(prop, []):
            if len(value.strip()) == 2 and value.strip().isalpha():
                return value.strip().upper()
    return None


def _schema_of(type_: str | None) -> str:
    return {"person": "Person", "organization": "Organization"}.get(type_ or "", type_ or "LegalEntity")


def scored_entity(result: dict, dataset: str) -> dict:
    """One screening result (`Result.to_json`) as yente's scored entity, our allegations beside."""
    risks = result.get("risks") or []
    sanctions = result.get("sanctions") or []
    properties: dict[str, list[str]] = {"name": [result["name"]]}
    if result.get("matched_name") and result["matched_name"] != result["name"]:
        properties["alias"] = [result["matched_name"]]
    topics = topics_for(risks)
    if sanctions and "sanction" not in topics:
        topics.append("sanction")
    if topics:
        properties["topics"] = topics
    notes = [r["allegation"] for r in risks if r.get("allegation")]
    notes += [s["allegation"] for s in sanctions if s.get("allegation")]
    if notes:
        properties["notes"] = notes
    features = {f["feature"]: round(float(f.get("value") or 0.0) * float(f.get("weight") or 0.0), 4)
                for f in result.get("explanation", []) if f.get("feature")}
    explanations = {f["feature"]: {"score": features[f["feature"]], "detail": f.get("detail"),
                                   "weight": f.get("weight")}
                    for f in result.get("explanation", []) if f.get("feature")}
    active = any(r.get("status") != "cleared" for r in risks) or bool(sanctions)
    return {"id": result["id"], "caption": result["name"], "schema": _schema_of(result.get("type")),
            "properties": properties, "datasets": [dataset], "referents": result.get("members") or [],
            "target": active, "first_seen": None, "last_seen": None, "last_change": None,
            "score": result["score"], "match": result["match"], "features": features,
            "explanations": explanations, "token": None,
            # rapsheet's own: the allegations as reported, listings, reasons in words.
            "risks": risks, "sanctions": sanctions, "reasons": result.get("reasons") or [],
            "roles": result.get("roles") or []}


def yente_match(index, query: YenteQuery, dataset: str, limit: int, threshold: float | None,
                cutoff: float, exclude: set[str]) -> dict:
    """yente's response to one query: each of its names screened, the best result per entity."""
    if query.schema_ not in SCHEMA_TYPES:
        raise RapsheetError(f"schema: {query.schema_!r} is not a schema screening matches "
                            f"({', '.join(SCHEMA_TYPES)})", 400)
    type_ = SCHEMA_TYPES[query.schema_]
    best: dict[str, dict] = {}
    for name in _names(query):
        for result in index.screen(name, birth_year=_birth_year(query), country=_country(query),
                                   limit=limit + len(exclude), threshold=threshold, type=type_,
                                   min_score=min(cutoff, MIN_SCORE)):
            if result.id in exclude or result.score < cutoff:
                continue
            if result.id not in best or result.score > best[result.id]["score"]:
                best[result.id] = result.to_json()
    ranked = sorted(best.values(), key=lambda r: (-r["score"], r["name"], r["id"]))[:limit]
    return {"status": 200, "results": [scored_entity(r, dataset) for r in ranked],
            "total": {"value": len(ranked), "relation": "eq"},
            "query": {"id": query.id, "schema": query.schema_, "properties": query.properties}}


@router.post("/match/{dataset}", summary="Screen FollowTheMoney entities, as yente does",
             dependencies=[Depends(require_read_key)],
             description="yente's `/match/{dataset}`: the same screening as `POST /match`, taking "
                         "FollowTheMoney example entities and answering yente's result shape, each "
                         "result with its allegations (`risks`, `sanctions`) beside it.")
def post_yente_match(
        request: Request, dataset: str, body: YenteMatchRequest,
        limit: Annotated[int, Query(ge=1, le=50, description="Results per query.")] = 5,
        threshold: Annotated[float | None, Query(ge=0, le=1, description="Score at or above which `match` is true (default: the match_threshold setting).")] = None,
        cutoff: Annotated[float, Query(ge=0, le=1, description="Results scoring below this are left out.")] = 0.5,
        algorithm: Annotated[str | None, Query(max_length=100, description="Accepted for yente's clients; rapsheet has one matcher.")] = None,
        exclude_entity_ids: Annotated[list[str], Query(max_length=100)] = []) -> dict:  # noqa: B006 (FastAPI copies defaults)
    if dataset not in DATASETS:
        raise NotFound(f"dataset: no dataset {dataset!r} (this server has {', '.join(DATASETS)})")
    index = get_index(request)
    exclude = set(exclude_entity_ids)
    responses = {key: yente_match(index, query, dataset, limit, threshold, cutoff, exclude)
                 for key, query in body.queries.items()}
    return {"responses": responses, "limit": limit,
            "matcher": {"name": "rapsheet", "algorithm": algorithm or "rapsheet",
                        "description": "rapsheet's name matcher with birth-year and country evidence"}}


@router.get("/healthz", summary="Liveness, as yente answers it")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness, as yente answers it: the store answers")
def readyz(request: Request) -> dict:
    get_store(request).counts()          # raises (500) when the store does not answer
    return {"status": "ok"}

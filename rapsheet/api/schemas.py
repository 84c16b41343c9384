"""The API's request and response models (pydantic), each with an example for the OpenAPI schema.

Takes nothing; gives the models the routers declare. The document itself (CONTRACT.md, "The
document") stays a free-form object here: its shape is the contract's and `rapsheet.model`'s, and
a second copy of it in pydantic would drift.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from rapsheet.model import CATEGORIES, EVENT_TYPES, PROCEEDINGS, STAGES, STATUSES

T = TypeVar("T")

#: Batch screening takes at most this many queries at once, as yente does.
MAX_QUERIES = 100

# The vocabularies are tuples read from the data files: pydantic builds each Literal (and the
# OpenAPI enum) at run time; mypy cannot see a Literal's values through a variable, hence the ignores.
EventType = Literal[EVENT_TYPES]          # type: ignore[valid-type]
Stage = Literal[STAGES]                   # type: ignore[valid-type]
Category = Literal[CATEGORIES]            # type: ignore[valid-type]
Proceeding = Literal[PROCEEDINGS]         # type: ignore[valid-type]
Status = Literal[STATUSES]                # type: ignore[valid-type]


class ErrorOut(BaseModel):
    """Every error the API answers, whatever its cause."""
    ok: Literal[False] = False
    error: str = Field(description="One line naming the problem (and the field, for a bad request).")
    status: int = Field(description="The HTTP status, repeated.")
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"ok": False, "error": "queries.q1.name: Field required", "status": 422}]})


class HealthOut(BaseModel):
    ok: bool
    version: str
    counts: dict[str, int]
    pipeline_loaded: bool
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"ok": True, "version": "0.1.0", "pipeline_loaded": True,
         "counts": {"articles": 31, "entities": 412, "failures": 2}}]})


class Page(BaseModel, Generic[T]):
    """One page of a list that grows: `total` rows match, `results` holds `limit` from `offset`."""
    total: int
    limit: int
    offset: int
    results: list[T]


ARTICLE_EXAMPLE: JsonDict = {
    "title": "Alleged gang leader charged with terrorism",
    "published": "2025-04-23",
    "text": "Jose Enrique Martinez Flores, 24, was charged on Tuesday with providing material "
            "support to a designated foreign terrorist organization, the Justice Department said."}


class ArticleIn(BaseModel):
    """One article: `text` (plain) or `html` (a whole web page); `url` alone only when the server
    allows fetching."""
    text: str | None = Field(None, description="The article as plain text; a first short line is taken as the title.")
    html: str | None = Field(None, description="The article's web page; its main text is extracted.")
    url: str | None = Field(None, max_length=2048, description="Where the article was published.")
    title: str | None = Field(None, max_length=1000)
    published: dt.date | None = Field(None, description="Publication date (resolves 'on Monday').")
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ARTICLE_EXAMPLE]})

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if self.text is not None and self.html is not None:
            raise ValueError("text, html: give one of them, not both")
        if self.text is None and self.html is None and not self.url:
            raise ValueError("text: give text, html or url")
        return self


class ArticleAdded(BaseModel):
    ok: bool = True
    id: str
    new: bool = Field(description="False when the same text was already stored.")
    document: dict[str, Any]
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "ok": True, "id": "3f0c2a9d41b7e655", "new": True,
        "document": {"article": {"id": "3f0c2a9d41b7e655", "title": "…", "text": "…"},
                     "entities": [], "events": [], "charges": [], "times": [],
                     "quantities": [], "quotes": []}}]})


class ArticleRead(BaseModel):
    ok: bool = True
    id: str
    read: bool = Field(description="True when the article was read now; False when it had been "
                                   "read already.")
    document: dict[str, Any]


class ArticleSummary(BaseModel):
    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    not_read: str | None = Field(default=None, description="Why the article is stored unread "
                                 "(\"off-topic\", \"language es\"); null when it was read.")
    first_seen: str | None = None
    last_seen: str | None = None


class EntitySummary(BaseModel):
    id: str
    type: str
    name: str
    canonical_id: str
    articles: int = Field(description="How many stored articles mention the entity's cluster.")
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "a1b2c3d4e5f60718", "type": "person", "name": "Jose Enrique Martinez Flores",
         "canonical_id": "a1b2c3d4e5f60718", "articles": 2}]})


class MatchQuery(BaseModel):
    """One name to screen, with what else is known of the person or company."""
    name: str = Field(min_length=1, max_length=500)
    birth_year: int | None = Field(None, ge=1800, le=2200)
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
    type: Literal["person", "organization", "Person", "Organization", "Company", "LegalEntity",
                  "Vessel"] | None = Field(None, description="Narrows nothing; lets a person/company mismatch count.")
    model_config = ConfigDict(extra="forbid")


class MatchRequest(BaseModel):
    """Batch screening in the shape of OpenSanctions yente's `/match`: named queries in, a
    response per name out."""
    queries: dict[str, MatchQuery] = Field(min_length=1, max_length=MAX_QUERIES)
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"queries": {
        "q1": {"name": "Jose Martinez Flores", "birth_year": 2001, "country": "VE"},
        "q2": {"name": "Tren de Aragua", "type": "organization"}}}]})

    @field_validator("queries")
    @classmethod
    def _keys(cls, value: dict) -> dict:
        for key in value:
            if not key or len(key) > 100:
                raise ValueError("each query key must be 1 to 100 characters")
        return value


class RiskOut(BaseModel):
    """One allegation of a screened entity, at the latest stage its articles report."""
    category: Category
    proceeding: Proceeding | None = None
    stage: Stage | None = None
    status: Status | None = Field(None, description="cleared after an acquittal, a dismissal, an "
                                  "overturned conviction, a pardon, a civil clearing or a delisting")
    date: str | None = None
    allegation: str | None = Field(None, description='In words: "acquitted of murder (2023)".')
    evidence: list[dict[str, Any]] = []
    model_config = ConfigDict(extra="allow")


class MatchResult(BaseModel):
    id: str
    name: str
    score: float
    match: bool
    explanation: list[dict[str, Any]]
    risks: list[RiskOut]
    reasons: list[str] = Field([], description='The result in an analyst\'s words, what stops a '
                               'match first: "same surnames, different given names: ruben vs '
                               'ismael", "birth year differs: 1985 vs 1974".')
    matched_name: str | None = None
    type: str | None = None
    model_config = ConfigDict(extra="allow")


class MatchResponse(BaseModel):
    query: MatchQuery
    results: list[MatchResult]
    total: int


class MatchOut(BaseModel):
    responses: dict[str, MatchResponse]
    limit: int
    model_config = ConfigDict(json_schema_extra={"examples": [{"limit": 5, "responses": {"q1": {
        "query": {"name": "Jose Martinez Flores", "birth_year": 2001},
        "total": 1,
        "results": [{"id": "a1b2c3d4e5f60718", "name": "Jose Enrique Martinez Flores",
                     "score": 0.91, "match": True, "type": "person",
                     "explanation": [{"feature": "shorter_covered", "weight": 0.6, "value": 1.0}],
                     "risks": [{"category": "terrorism", "proceeding": "criminal", "stage": "charged",
                                "status": "active", "date": "2025-04-23",
                                "allegation": "charged with terrorism (2025)"}]}]}}}]})


class JudgementIn(BaseModel):
    """A person's verdict on two entities: the same (merge) or not the same (keep apart)."""
    left: str = Field(min_length=1, max_length=64)
    right: str = Field(min_length=1, max_length=64)
    verdict: Literal["same", "not_same"]
    who: str | None = Field(None, max_length=200, description="Who judged, for the record.")
    reason: str | None = Field(None, max_length=2000, description="Why, for the record.")
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"left": "a1b2c3d4e5f60718", "right": "0f9e8d7c6b5a4321", "verdict": "same", "who": "analyst",
         "reason": "same date of birth and the same case number in both releases"}]})


class JudgementOut(BaseModel):
    id: int
    left: str
    right: str
    verdict: str
    who: str
    created: str | None
    undone: str | None
    reason: str | None = None
    canonical_id: str | None = Field(None, description="The left entity's cluster after the change.")


class FailureOut(BaseModel):
    id: str
    source: str
    stage: str
    reason: str
    created: str | None

"""A `rapsheet.model.Document` in, the rows of every store table for that one article out.

Pure: no database here, so what `Store.add` writes can be read and tested on its own. Entities get
a global id, a hash of their type and folded name, so the same name in two articles lands on one
entity row while mentions and statements keep their article. Every statement id is a hash of its
key fields, so converting a document twice gives the same rows.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata as importlib_metadata
from typing import Any

from rapsheet import stages
from rapsheet.model import ENTITY_TYPES, Document, short_hash
from rapsheet.text import name_key

EXTRACTOR = "rapsheet"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    try:
        return importlib_metadata.version("rapsheet")
    except importlib_metadata.PackageNotFoundError:
        return "0+unknown"


def entity_id(type_: str, name: str) -> str:
    """The global id of the entity of this type and name, the same in every article."""
    return short_hash("entity", type_, name_key(name))


def to_json_text(value: Any) -> str:
    """JSON text that is equal for equal values, so a statement hashes the same every time."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(slots=True)
class ArticleRows:
    """Every row one article puts in the store, by table name."""
    article: dict
    entities: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    charges: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)


def _published(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def document_rows(document: Document, now: dt.datetime) -> ArticleRows:
    article = document.article
    article_id = article.id
    version = extractor_version()

    # Local ids (unique inside one document) -> global ids; a record that names an entity the
    # document does not hold keeps no entity rather than a dangling key.
    global_ids: dict[str, str] = {}
    entity_rows: dict[str, dict] = {}
    for entity in document.entities:
        type_ = entity.type if entity.type in ENTITY_TYPES else "other"
        gid = entity_id(type_, entity.name)
        global_ids[entity.id] = gid
        entity_rows.setdefault(gid, {"id": gid, "type": type_, "name": entity.name,
                                     "name_key": name_key(entity.name), "canonical_id": gid,
                                     "first_seen": now})

    doc_json = document.to_json()
    for entity_json in doc_json["entities"]:
        entity_json["global_id"] = global_ids[entity_json["id"]]
    rows = ArticleRows(article={
        "id": article_id, "content_hash": article.content_hash, "source": article.source,
        "url": article.url, "title": article.title, "published": _published(article.published),
        "language": article.language, "author": article.author, "text": article.text,
        "document": to_json_text(doc_json), "extractor_version": version,
        "first_seen": now, "last_seen": now, "not_read": article.not_read})
    # Sorted so that concurrent PostgreSQL transactions lock shared entity rows in one order and
    # cannot deadlock each other.
    rows.entities = sorted(entity_rows.values(), key=lambda r: r["id"])

    statements: dict[str, dict] = {}

    def state(gid: str, prop: str, value: Any, start: int | None, end: int | None,
              extractor: str = EXTRACTOR, confidence: float | None = None) -> None:
        value_text = to_json_text(value)
        sid = short_hash(gid, prop, value_text, article_id, start, end, size=32)
        statements.setdefault(sid, {
            "id": sid, "entity_id": gid, "prop": prop, "value": value_text,
            "article_id": article_id, "start": start, "end": end, "extractor": extractor,
            "extractor_version": version, "confidence": confidence,
            "first_seen": now, "last_seen": now})

    for entity in document.entities:
        gid = global_ids[entity.id]
        for mention in entity.mentions:
            rows.mentions.append({"entity_id": gid, "article_id": article_id,
                                  "start": mention.start, "end": mention.end,
                                  "text": mention.text, "kind": mention.kind})
        names = [m for m in entity.mentions if m.kind == "name"] or entity.mentions
        first = min(names, key=lambda m: m.start) if names else None
        state(gid, "name", entity.name, first.start if first else None, first.end if first else None)
        for key, values in entity.attributes.items():
            for attribute in values:
                state(gid, f"attribute:{key}", attribute.to_json()["value"], attribute.start,
                      attribute.end, extractor=attribute.extractor or EXTRACTOR)
        for role in entity.roles:
            state(gid, "role", role, None, None)
        for risk in entity.risks:
            span = risk.evidence[0] if risk.evidence else (None, None)
            state(gid, f"risk:{risk.category}", risk.to_json() | {"category": risk.category},
                  span[0], span[1])

    for event in document.events:
        data = event.to_json()
        for argument in data["arguments"]:
            argument["entity"] = global_ids.get(argument["entity"]) if argument["entity"] else None
        span = event.evidence or (event.trigger.start, event.trigger.end)
        date = (event.date or {}).get("value")
        taking_part = [(a["entity"], a["role"]) for a in data["arguments"] if a["entity"]]
        for taker, taker_role in dict.fromkeys(taking_part) or [(None, None)]:
            rows.events.append({
                "id": short_hash(article_id, event.id, taker, taker_role, size=32),
                "article_id": article_id, "entity_id": taker, "event_id": event.id, "role": taker_role,
                "type": event.type, "date": date, "stage": event.stage,
                "modality": event.modality, "data": to_json_text(data)})
            if taker:
                state(taker, f"event:{event.type}",
                      {"event": event.id, "role": taker_role, "date": date, "stage": event.stage,
                       "modality": event.modality}, span[0], span[1])

    for charge in document.charges:
        defendant = global_ids.get(charge.defendant)
        data = charge.to_json() | {"defendant": defendant}
        rows.charges.append({
            "id": short_hash(article_id, defendant, charge.offense, charge.statute, charge.evidence[0],
                             size=32),
            "article_id": article_id, "entity_id": defendant, "offense": charge.offense,
            "category": charge.category, "stage": charge.stage, "proceeding": data["proceeding"],
            "status": stages.status_of(charge.stage), "counts": charge.counts,
            "statute": charge.statute, "data": to_json_text(data)})
        if defendant:
            state(defendant, "charge", {k: v for k, v in data.items() if k not in ("defendant", "evidence")},
                  charge.evidence[0], charge.evidence[1])

    for quote in document.quotes:
        speaker = global_ids.get(quote.speaker) if quote.speaker else None
        data = quote.to_json() | {"speaker": speaker}
        rows.quotes.append({
            "id": short_hash(article_id, quote.start, quote.end, size=32),
            "article_id": article_id, "entity_id": speaker, "start": quote.start, "end": quote.end,
            "text": quote.text, "data": to_json_text(data)})
        if speaker:
            state(speaker, "quote", quote.text, quote.start, quote.end)

    # Two records of one document can describe the same row (an event listed twice); the store
    # keeps one.
    for name in ("events", "charges", "quotes"):
        setattr(rows, name, list({r["id"]: r for r in getattr(rows, name)}.values()))
    rows.statements = list(statements.values())
    return rows

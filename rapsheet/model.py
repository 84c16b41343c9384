"""The records that flow through rapsheet, and their JSON form (../shared/CONTRACT.md).

Ingest makes an `Article`; the NLP pipeline fills a spaCy Doc whose `doc._.rs_*` extensions hold
the records below; `Document` gathers them and `Document.to_json()` is the contract's document.
Every offset is a Python string index (code points) into `Article.text`, end exclusive.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapsheet import stages as _stages
from rapsheet.text import combining_marks

EVENT_TYPES = ("arrest", "charge", "extradition", "deportation", "designation", "sanction", "plea",
               "conviction", "sentence", "acquittal", "dismissal", "release", "trial",
               "investigation", "seizure", "court_order", "crime")
ARGUMENT_ROLES = ("defendant", "agent", "court", "place", "origin", "destination", "victim",
                  "offense", "quantity", "sentence")
STAGES = _stages.names()           # in rank order; rapsheet/data/stages.yaml
PROCEEDINGS = _stages.proceedings()
STATUSES = _stages.STATUSES
MODALITIES = ("asserted", "pending", "future", "hypothetical", "negated")
CATEGORIES = ("organized_crime", "terrorism", "human_trafficking", "migrant_smuggling",
              "sexual_exploitation", "narcotics", "arms_trafficking", "stolen_goods", "corruption",
              "fraud", "counterfeiting", "product_piracy", "environmental_crime", "violent_crime",
              "kidnapping", "robbery_theft", "smuggling", "tax_crime", "extortion", "forgery",
              "piracy", "market_abuse", "money_laundering", "sanctions_evasion", "cybercrime")
ENTITY_TYPES = ("person", "organization", "location", "other")
ENTITY_ROLES = ("accused", "official", "victim", "witness", "lawyer", "other")
TIME_TYPES = ("date", "time", "duration", "set")
#: `Article.not_read` of an article that triage found not about crime, the courts, sanctions or
#: terrorism (the other reason is "language xx").
OFF_TOPIC = "off-topic"


def short_hash(*parts: Any, size: int = 16) -> str:
    """A stable id from key fields, so running a step twice gives the same id."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:size]


@functools.lru_cache(maxsize=8)
def content_hash(text: str) -> str:
    """Hash of the normalised text: case, accents, punctuation and spacing do not count.
    Remembered for the last few texts (a chunk of work): an article's id and hash are asked for
    at every step."""
    norm = combining_marks().sub("", unicodedata.normalize("NFKD", text).casefold())
    norm = re.sub(r"[\W_]+", " ", norm).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Span:
    """A stretch of the article's text."""
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Article:
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    sitename: str | None = None
    cleaned: bool = False          # True when leftovers were removed from the input text
    removed: list[str] = field(default_factory=list)  # what cleaning took out, for the record
    # Why the article is stored without its full reading ("off-topic", "language es"); None when
    # it was read. Such an article can be read on demand later (`rapsheet ingest --read-all`).
    not_read: str | None = None
    # The text's `content_hash`, kept with the text it is of: an Article pickled by a worker
    # brings the hash it worked out to the writing process, which stores it, instead of that
    # process hashing every text again; a changed text is hashed anew.
    _hashed: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.content_hash[:16]

    @property
    def content_hash(self) -> str:
        text = self.text
        # getattr: an Article pickled before this field existed comes without it.
        hashed = getattr(self, "_hashed", None)
        if hashed is None or (hashed[0] is not text and hashed[0] != text):
            hashed = self._hashed = (text, content_hash(text))
        return hashed[1]

    def to_json(self) -> dict:
        data = {"id": self.id, "source": self.source, "url": self.url, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "language": self.language, "author": self.author, "text": self.text}
        if self.not_read:
            data["not_read"] = self.not_read
        return data


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str = "name"            # name | nominal | pronoun

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass(slots=True)
class Attribute:
    """One attribute value with the span that supports it."""
    value: Any
    start: int
    end: int
    extractor: str = "rapsheet"

    def to_json(self) -> dict:
        value = self.value
        if isinstance(value, (tuple, list)):
            value = list(value)
        return {"value": value, "evidence": {"start": self.start, "end": self.end}}


@dataclass(slots=True)
class Risk:
    category: str
    stage: str
    evidence: list[tuple[int, int]] = field(default_factory=list)
    date: str | None = None
    source: str | None = None     # who attributes it ("OFAC"), when not the charge itself
    proceeding: str | None = None  # criminal | civil | regulatory | sanctions; None: the stage's

    def __post_init__(self) -> None:
        self.proceeding = _stages.proceeding_of(self.stage, self.proceeding)

    @property
    def status(self) -> str | None:
        """active, or cleared after a step that clears (acquitted, dismissed, overturned ...)."""
        return _stages.status_of(self.stage)

    def to_json(self) -> dict:
        # the proceeding follows the stage when a later step moved it (suspected -> sanctioned)
        return {"category": self.category, "proceeding": _stages.proceeding_of(self.stage, self.proceeding),
                "stage": self.stage, "status": self.status, "date": self.date,
                "source": self.source,
                "evidence": [{"start": s, "end": e} for s, e in self.evidence]}


@dataclass(slots=True)
class Entity:
    id: str
    type: str                     # person | organization | location | other
    name: str
    mentions: list[Mention] = field(default_factory=list)
    attributes: dict[str, list[Attribute]] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    label: str | None = None      # the spaCy label it came from (PERSON, ORG, GPE, NORP, LAW ...)

    def add_attribute(self, key: str, value: Any, start: int, end: int, extractor: str = "rapsheet") -> None:
        values = self.attributes.setdefault(key, [])
        if not any(a.value == value and a.start == start for a in values):
            values.append(Attribute(value, start, end, extractor))

    def add_role(self, role: str) -> None:
        if role not in self.roles:
            self.roles.append(role)

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "name": self.name, "label": self.label,
                "mentions": [m.to_json() for m in sorted(self.mentions, key=lambda m: m.start)],
                "attributes": {k: [a.to_json() for a in v] for k, v in self.attributes.items()},
                "roles": list(self.roles), "risks": [r.to_json() for r in self.risks]}


@dataclass(slots=True)
class TimeExpr:
    start: int
    end: int
    text: str
    type: str                     # date | time | duration | set
    value: str                    # TimeML value: 2025-03-31, 2025-03, P5Y, XXXX-03-31, PRESENT_REF ...
    anchor: str | None = None     # how it was resolved ("published", "absolute", ...)

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value}


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    amount: float | None
    unit: str | None
    substance: str | None = None

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "amount": self.amount,
                "unit": self.unit, "substance": self.substance}


@dataclass(slots=True)
class Argument:
    role: str
    start: int
    end: int
    text: str
    entity: str | None = None

    def to_json(self) -> dict:
        return {"role": self.role, "entity": self.entity, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    date: dict | None = None      # {"value": ..., "text": ...}
    arguments: list[Argument] = field(default_factory=list)
    modality: str = "asserted"
    stage: str | None = None
    evidence: tuple[int, int] | None = None   # the sentence
    subtype: str | None = None    # e.g. "superseding indictment"

    @property
    def negated(self) -> bool:
        return self.modality == "negated"

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "subtype": self.subtype,
                "trigger": self.trigger.to_json(), "date": self.date,
                "arguments": [a.to_json() for a in self.arguments], "negated": self.negated,
                "modality": self.modality, "stage": self.stage,
                "evidence": {"start": self.evidence[0], "end": self.evidence[1]} if self.evidence else None}


@dataclass(slots=True)
class Charge:
    defendant: str                # entity id
    offense: str
    category: str
    stage: str
    evidence: tuple[int, int]
    counts: int | None = None
    statute: str | None = None
    offense_span: tuple[int, int] | None = None
    proceeding: str | None = None  # criminal | civil | regulatory | sanctions; None: the stage's

    def __post_init__(self) -> None:
        self.proceeding = _stages.proceeding_of(self.stage, self.proceeding)

    def to_json(self) -> dict:
        return {"defendant": self.defendant, "offense": self.offense, "counts": self.counts,
                "statute": self.statute, "category": self.category,
                "proceeding": _stages.proceeding_of(self.stage, self.proceeding), "stage": self.stage,
                "evidence": {"start": self.evidence[0], "end": self.evidence[1]}}


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None = None    # entity id
    speaker_text: str | None = None
    speaker_mention: Span | None = None
    cue: Span | None = None
    direct: bool = True

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "speaker": self.speaker,
                "speaker_text": self.speaker_text,
                "speaker_mention": self.speaker_mention.to_json() if self.speaker_mention else None,
                "cue": self.cue.to_json() if self.cue else None, "direct": self.direct}


@dataclass(slots=True)
class Document:
    """The contract's document: one article and everything read from it."""
    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"article": self.article.to_json(),
                "entities": [e.to_json() for e in self.entities],
                "events": [e.to_json() for e in self.events],
                "charges": [c.to_json() for c in self.charges],
                "times": [t.to_json() for t in self.times],
                "quantities": [q.to_json() for q in self.quantities],
                "quotes": [q.to_json() for q in self.quotes]}

"""An article's text cut into segments for the article page, each marked with what it is part of.

Takes the stored document (CONTRACT.md's JSON); gives `Segment`s in text order that cover the
whole text once. Entities, event triggers, times, quantities and quotes become classes (and an
entity a link to its case file); every evidence span of an event, charge, attribute or risk gives
an anchor id `ev-START-END` on the segment where it starts, which the page's script and the CSS
`:target` rule highlight. The template escapes each segment's text: nothing here produces markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapsheet.web.dates import readable_date


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    text: str
    classes: list[str] = field(default_factory=list)
    entity: str | None = None          # global id of the entity the segment names
    titles: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def _spans(document: dict) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, class, entity id, title) of every annotation to colour."""
    spans = []
    published = (document.get("article") or {}).get("published")
    for entity in document.get("entities", []):
        gid = entity.get("global_id") or entity.get("id")
        kind = entity.get("type", "other")
        for m in entity.get("mentions", []):
            spans.append((m["start"], m["end"], f"ent ent-{kind}", gid, f"{kind}: {entity.get('name')}"))
    for ev in document.get("events", []):
        trigger = ev.get("trigger") or {}
        if "start" in trigger:
            title = f"event: {ev.get('type')} ({ev.get('modality', 'asserted')})"
            spans.append((trigger["start"], trigger["end"], "evt", None, title))
    for tx in document.get("times", []):
        when = readable_date(tx.get("value"), published, tx.get("text"))
        spans.append((tx["start"], tx["end"], "time", None, f"time: {when}"))
    for q in document.get("quantities", []):
        spans.append((q["start"], q["end"], "qty", None, f"quantity: {q.get('text')}"))
    for q in document.get("quotes", []):
        speaker = q.get("speaker_text") or "unknown speaker"
        spans.append((q["start"], q["end"], "quote", None, f"quote: {speaker}"))
    return spans


def evidence_spans(document: dict) -> set[tuple[int, int]]:
    """Every (start, end) a fact of this document cites as its evidence."""
    found: set[tuple[int, int]] = set()

    def add(evidence) -> None:
        if isinstance(evidence, dict) and evidence.get("start") is not None:
            found.add((evidence["start"], evidence["end"]))

    for ev in document.get("events", []):
        add(ev.get("evidence"))
    for charge in document.get("charges", []):
        add(charge.get("evidence"))
    for entity in document.get("entities", []):
        for values in (entity.get("attributes") or {}).values():
            for value in values:
                add(value.get("evidence"))
        for risk in entity.get("risks", []):
            for evidence in risk.get("evidence", []):
                add(evidence)
    for q in document.get("quotes", []):
        add(q)
    return found


def segments(document: dict) -> list[Segment]:
    text = document["article"]["text"]
    size = len(text)
    spans = [(max(0, s), min(size, e), cls, gid, title) for s, e, cls, gid, title in _spans(document) if s < e]
    evidence = {(max(0, s), min(size, e)) for s, e in evidence_spans(document) if s < e}
    cuts = {0, size}
    for s, e, *_ in spans:
        cuts.update((s, e))
    for s, e in evidence:
        cuts.update((s, e))
    points = sorted(c for c in cuts if 0 <= c <= size)
    anchors: dict[int, list[str]] = {}
    for s, e in sorted(evidence):
        anchors.setdefault(s, []).append(f"ev-{s}-{e}")
    by_start: dict[int, list] = {}
    for span in spans:
        by_start.setdefault(span[0], []).append(span)
    active: list = []
    out = []
    for start, end in zip(points, points[1:]):
        active = [sp for sp in active if sp[1] > start] + by_start.get(start, [])
        segment = Segment(start, end, text[start:end], anchors=anchors.get(start, []))
        for _, _, cls, gid, title in active:
            for c in cls.split():
                if c not in segment.classes:
                    segment.classes.append(c)
            if gid and segment.entity is None:
                segment.entity = gid
            if title not in segment.titles:
                segment.titles.append(title)
        out.append(segment)
    return out

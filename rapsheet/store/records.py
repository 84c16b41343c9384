"""How stored rows read out, the same wherever they are read: times in ISO 8601 with their zone,
an article's summary and headline, a dispute as JSON, and the sentence around an evidence span.

Pure: rows in, dicts and strings out; `NEWEST_FIRST` is the order articles are listed in.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa

from rapsheet.store import schema as t

# A sentence ends at ., ! or ? (with any closing quotes) before whitespace, or at a line break.
SENTENCE_END = re.compile(r"([.!?][\"'”’)\]]*)\s+|\n")
SENTENCE_MAX = 600
HEADLINE_MAX = 100
#: Articles newest first: by publication date (undated last), then first stored, then id.
NEWEST_FIRST = (sa.nulls_last(t.articles.c.published.desc()), t.articles.c.first_seen.desc(),
                t.articles.c.id)


def iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        # SQLite hands timestamps back without their zone; they were written in UTC.
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence(s) around text[start:end], so a short evidence span reads in its context."""
    lo = max(0, start - SENTENCE_MAX)
    begin = lo
    for match in SENTENCE_END.finditer(text, lo, start):
        begin = match.end()
    # From the span's last character, so a span ending on its full stop ends there.
    stop = SENTENCE_END.search(text, max(start, end - 1), end + SENTENCE_MAX)
    finish = (stop.end(1) if stop.group(1) else stop.start()) if stop else min(len(text), end + SENTENCE_MAX)
    return text[begin:max(finish, end)].strip()


def headline(text: str | None) -> str | None:
    """What an untitled article is called: its first line, cut at a word near HEADLINE_MAX."""
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    if len(line) > HEADLINE_MAX:
        line = line[:HEADLINE_MAX].rsplit(" ", 1)[0] + " …"
    return line or None


def article_summary(row: dict) -> dict:
    """An article row (without its text; `lead`: its first words) as the API lists it."""
    return {"id": row["id"], "source": row["source"], "url": row["url"], "title": row["title"],
            "headline": row["title"] or headline(row.get("text") or row.get("lead")),
            "published": row["published"].isoformat() if row["published"] else None,
            "language": row["language"], "author": row["author"],
            "extractor_version": row["extractor_version"], "not_read": row.get("not_read"),
            "first_seen": iso(row["first_seen"]), "last_seen": iso(row["last_seen"])}


def dispute_json(row: dict) -> dict:
    return {"id": row["id"], "entity": row["entity_id"], "category": row["category"],
            "reason": row["reason"], "who": row["who"], "created": iso(row["created"]),
            "undone": iso(row["undone"]), "undone_by": row["undone_by"],
            "active": row["undone"] is None}

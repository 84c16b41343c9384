"""The `Store`: Documents and failures in; articles, entities and case files out.

One class over SQLite and PostgreSQL alike (the dialect matters only for "insert unless there").
`add` writes all rows of one article in one transaction, so a process killed mid-ingest leaves
either the whole article or none of it, and dedupes on the article's normalised content hash, so
ingesting the same page twice stores it once. The CLI and the API call these methods and hold no
SQL of their own.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from rapsheet import stages
from rapsheet.model import Document, short_hash
from rapsheet.store import allegations, schema as t
from rapsheet.store.engine import writer
from rapsheet.store.rows import document_rows, name_key

# A sentence ends at ., ! or ? (with any closing quotes) before whitespace, or at a line break.
_SENTENCE_END = re.compile(r"([.!?][\"'”’)\]]*)\s+|\n")
_SENTENCE_MAX = 600
_HEADLINE_MAX = 100
#: Attributes a subject has one value of: two values from two sources are a conflict to show.
SINGLE_VALUED = frozenset({"age", "birth_year", "birth_date", "gender", "date_of_birth"})
#: Event modalities that may be merged with each other across articles.
_MODALITY_GROUP = {"asserted": "asserted", "pending": "asserted", "future": "future",
                   "hypothetical": "future", "negated": "negated"}


@dataclass(slots=True, frozen=True)
class AddResult:
    article_id: str
    new: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _evidence_start(data: str) -> int:
    """Where a stored record's evidence starts in its article (-1: not said), to order by."""
    evidence = (json.loads(data) or {}).get("evidence") or {}
    start = evidence.get("start") if isinstance(evidence, dict) else None
    return start if isinstance(start, int) else -1


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        # SQLite hands timestamps back without their zone; they were written in UTC.
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence(s) around text[start:end], so a short evidence span reads in its context."""
    lo = max(0, start - _SENTENCE_MAX)
    begin = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        begin = match.end()
    # From the span's last character, so a span ending on its full stop ends there.
    stop = _SENTENCE_END.search(text, max(start, end - 1), end + _SENTENCE_MAX)
    finish = (stop.end(1) if stop.group(1) else stop.start()) if stop else min(len(text), end + _SENTENCE_MAX)
    return text[begin:max(finish, end)].strip()


def headline(text: str | None) -> str | None:
    """What an untitled article is called: its first line, cut at a word near _HEADLINE_MAX."""
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    if len(line) > _HEADLINE_MAX:
        line = line[:_HEADLINE_MAX].rsplit(" ", 1)[0] + " …"
    return line or None


def _dates_compatible(a: str | None, b: str | None) -> bool:
    """One date is undated, or one is a refinement of the other (2025-03 and 2025-03-31)."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def merge_events(events: list[dict]) -> list[dict]:
    """Events of one subject as reported by several articles -> one event per real-world event:
    the same type, the subject in the same role, a compatible modality and a compatible date
    (equal, one more precise, or one undated when the type has a single dated event) are one,
    keeping every report under `sources` (article, published, text, date as reported)."""
    groups: dict[tuple, list[list[dict]]] = defaultdict(list)
    undated: dict[tuple, list[dict]] = defaultdict(list)
    for ev in sorted(events, key=lambda e: (-len((e.get("date") or {}).get("value") or ""),
                                            e["published"] or "", e["article"], e.get("id") or "")):
        key = (ev["type"], tuple(sorted(ev.get("roles") or ())), _MODALITY_GROUP.get(ev.get("modality") or "", "asserted"))
        value = (ev.get("date") or {}).get("value")
        if not value:
            undated[key].append(ev)
            continue
        for group in groups[key]:
            if _dates_compatible((group[0].get("date") or {}).get("value"), value):
                group.append(ev)
                break
        else:
            groups[key].append([ev])
    for key, evs in undated.items():
        if len(groups[key]) == 1:
            groups[key][0].extend(evs)
        else:
            groups[key].append(evs)
    merged = []
    for key_groups in groups.values():
        for group in key_groups:
            first = group[0]
            sources = [{"article": ev["article"], "published": ev["published"], "event": ev.get("id"),
                        "date": ev.get("date"), "text": ev.get("text"), "trigger": ev.get("trigger")}
                       for ev in group]
            merged.append(first | {"sources": sources,
                                   "articles": list(dict.fromkeys(ev["article"] for ev in group))})
    return merged


def _first_designation(designations: list[dict]) -> dict:
    """Authority, list and earliest date of an entry's designations, for a one-line listing."""
    dates = sorted(d["date"] for d in designations if d.get("date"))
    authorities = list(dict.fromkeys(d["authority"] for d in designations if d.get("authority")))
    return {"authority": "; ".join(authorities) or None, "date": dates[0] if dates else None,
            "list": next((d["list"] for d in designations if d.get("list")), None)}


def _dispute_json(row: dict) -> dict:
    return {"id": row["id"], "entity": row["entity_id"], "category": row["category"],
            "reason": row["reason"], "who": row["who"], "created": _iso(row["created"]),
            "undone": _iso(row["undone"]), "undone_by": row["undone_by"],
            "active": row["undone"] is None}


class Store:
    """The record of articles, entities and the facts read about them."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._writer = writer(engine)
        self._dialect = engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def shareable_url(self) -> str | None:
        """The store's URL when other processes can open the same database (not SQLite in
        memory), for worker processes to open it themselves; else None."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"):
            return None
        return url.render_as_string(hide_password=False)

    # -- writing -------------------------------------------------------------------------------

    def _insert_ignore(self, table: sa.Table):
        """INSERT that leaves an existing row (same key) as it is; with RETURNING, it returns no
        row then (rowcount is not reliable across drivers)."""
        insert = postgresql.insert if self._dialect == "postgresql" else sqlite.insert
        return insert(table).on_conflict_do_nothing()

    def add(self, document: Document, resolve: bool = True) -> AddResult:
        """Store one article and everything read from it, once; `new` is False when an article with
        the same normalised text was already there (only its last_seen moves). With `resolve`, its
        persons and organisations are then resolved against the stored ones in the same
        transaction (`rapsheet.resolve.cluster`), so a reader never sees the article unresolved."""
        now = _now()
        rows = document_rows(document, now)
        article = rows.article
        with self._writer.begin() as conn:
            # The unique content hash settles a race: of two concurrent adds of one page, the
            # second waits for the first and inserts nothing.
            inserted = conn.execute(self._insert_ignore(t.articles).values(article)
                                    .returning(t.articles.c.id)).first()
            if inserted is None:
                found = conn.execute(
                    sa.update(t.articles).where(t.articles.c.content_hash == article["content_hash"])
                    .values(last_seen=now).returning(t.articles.c.id)).scalar()
                return AddResult(found or article["id"], False)
            if rows.entities:
                conn.execute(self._insert_ignore(t.entities), rows.entities)
            for table, table_rows in ((t.mentions, rows.mentions), (t.statements, rows.statements),
                                      (t.events, rows.events), (t.charges, rows.charges),
                                      (t.quotes, rows.quotes)):
                if table_rows:
                    conn.execute(sa.insert(table), table_rows)
            allegations.insert(conn, rows.statements, {article["id"]: article["published"]})
            if resolve:
                from rapsheet.resolve.cluster import SUBJECT_TYPES, resolve as resolve_entities
                resolve_entities(conn, {r["id"] for r in rows.entities if r["type"] in SUBJECT_TYPES})
        return AddResult(article["id"], True)

    def resolve(self, entity_ids: Iterable[str] | None = None) -> dict:
        """Resolve `entity_ids` (default: every person and organisation) against the whole store,
        e.g. after a bulk load with `add(..., resolve=False)` or an import; gives counts."""
        from rapsheet.resolve.cluster import resolve as resolve_entities
        with self._writer.begin() as conn:
            return resolve_entities(conn, set(entity_ids) if entity_ids is not None else None)

    def add_many(self, documents: Iterable[Document]) -> list[AddResult]:
        """`add` each document in turn; each is its own transaction."""
        return [self.add(document) for document in documents]

    def add_failure(self, source: str, stage: str, reason: str) -> bool:
        """Record that `source` failed at `stage`; the same source and reason is recorded once.
        True when this failure is new."""
        # A failure is often about a hostile input: keep the record, not its NULs.
        source, stage, reason = (v.replace("\x00", "") for v in (source, stage, reason))
        row = {"id": short_hash(source, reason, size=32), "source": source, "stage": stage,
               "reason": reason, "created": _now()}
        with self._writer.begin() as conn:
            inserted = conn.execute(self._insert_ignore(t.failures).values(row)
                                    .returning(t.failures.c.id)).first()
            return inserted is not None

    def dispute(self, entity_id: str, category: str, reason: str, who: str) -> dict:
        """Mark one allegation (the risk `category` of the subject `entity_id`, its whole cluster)
        as wrong: its risk statements and charges leave screening and exports and show as
        disputed in the case file. Fails (404) when the subject has no such allegation, (409)
        when it is all disputed already; (400) without a reason."""
        from rapsheet.errors import NotFound, RapsheetError
        reason, who = (reason or "").strip(), (who or "").strip() or "analyst"
        if not reason:
            raise RapsheetError("reason: say why the allegation is wrong", 400)
        found = self.entity(entity_id)
        if found is None:
            raise NotFound(f"no entity with id {entity_id!r}")
        s, c, d, di = t.statements, t.charges, t.disputes, t.dispute_items
        members = found["members"]
        with self._writer.begin() as conn:
            items = [("statement", r.id) for r in conn.execute(sa.select(s.c.id).where(
                s.c.entity_id.in_(members), s.c.prop == f"risk:{category}",
                s.c.id.not_in(t.disputed_items("statement"))))]
            items += [("charge", r.id) for r in conn.execute(sa.select(c.c.id).where(
                c.c.entity_id.in_(members), c.c.category == category,
                c.c.id.not_in(t.disputed_items("charge"))))]
            if not items:
                already = conn.execute(sa.select(sa.func.count()).select_from(di).join(d, d.c.id == di.c.dispute_id)
                                       .where(d.c.entity_id.in_(members), d.c.category == category,
                                              d.c.undone.is_(None))).scalar()
                if already:
                    raise RapsheetError(f"{category}: already disputed for {found['name']}", 409)
                raise NotFound(f"{found['name']} has no allegation of {category}")
            row = {"entity_id": found["canonical_id"], "category": category, "reason": reason,
                   "who": who, "created": _now()}
            dispute_id = conn.execute(sa.insert(d).values(row).returning(d.c.id)).scalar()
            conn.execute(sa.insert(di), [{"dispute_id": dispute_id, "kind": kind, "item_id": item}
                                         for kind, item in items])
        return _dispute_json(row | {"id": dispute_id, "undone": None, "undone_by": None}) | {"items": len(items)}

    def undo_dispute(self, dispute_id: int, who: str) -> dict:
        """Undo a dispute: the allegation is back in screening and exports; the record stays."""
        from rapsheet.errors import NotFound, RapsheetError
        d = t.disputes
        with self._writer.begin() as conn:
            row = conn.execute(sa.select(d).where(d.c.id == dispute_id)).first()
            if row is None:
                raise NotFound(f"no dispute {dispute_id}")
            if row.undone is not None:
                raise RapsheetError(f"dispute {dispute_id} was undone already", 409)
            values = {"undone": _now(), "undone_by": (who or "").strip() or "analyst"}
            conn.execute(sa.update(d).where(d.c.id == dispute_id).values(values))
        return _dispute_json(dict(row._mapping) | values)

    def disputes(self, entity_id: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Disputes, newest first; with `entity_id`, those on its cluster."""
        d = t.disputes
        query = sa.select(d).order_by(d.c.id.desc()).limit(limit).offset(offset)
        if entity_id:
            found = self.entity(entity_id)
            query = query.where(d.c.entity_id.in_(found["members"] if found else [entity_id]))
        return [_dispute_json(r) for r in self._rows(query)]

    # -- reading -------------------------------------------------------------------------------

    def _rows(self, query) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def has(self, content_hash: str) -> bool:
        """Whether an article with this normalised content hash (`Article.content_hash`) is stored."""
        query = sa.select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)
        return bool(self._rows(query))

    @staticmethod
    def _article_summary(row: dict) -> dict:
        return {"id": row["id"], "source": row["source"], "url": row["url"], "title": row["title"],
                "headline": row["title"] or headline(row.get("text") or row.get("lead")),
                "published": row["published"].isoformat() if row["published"] else None,
                "language": row["language"], "author": row["author"],
                "extractor_version": row["extractor_version"],
                "first_seen": _iso(row["first_seen"]), "last_seen": _iso(row["last_seen"])}

    _NEWEST_FIRST = (sa.nulls_last(t.articles.c.published.desc()), t.articles.c.first_seen.desc(),
                     t.articles.c.id)

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """Stored articles (without text), newest publication first."""
        columns: list[sa.ColumnElement[Any]] = [c for c in t.articles.c
                                                if c.name not in ("text", "document", "content_hash")]
        columns.append(sa.func.substr(t.articles.c.text, 1, _HEADLINE_MAX * 2).label("lead"))
        query = sa.select(*columns).order_by(*self._NEWEST_FIRST).limit(limit).offset(offset)
        return [self._article_summary(r) for r in self._rows(query)]

    def article(self, article_id: str) -> dict | None:
        """The stored document of one article (the contract's JSON, each entity with its
        `global_id`), or None."""
        query = sa.select(t.articles.c.document).where(t.articles.c.id == article_id)
        rows = self._rows(query)
        return json.loads(rows[0]["document"]) if rows else None

    def failures(self, limit: int = 50, offset: int = 0) -> list[dict]:
        query = (sa.select(t.failures).order_by(t.failures.c.created.desc(), t.failures.c.id)
                 .limit(limit).offset(offset))
        return [r | {"created": _iso(r["created"])} for r in self._rows(query)]

    def _article_counts(self, canonical_ids: list[str]) -> dict[str, int]:
        if not canonical_ids:
            return {}
        e, m = t.entities, t.mentions
        query = (sa.select(e.c.canonical_id, sa.func.count(sa.distinct(m.c.article_id)).label("n"))
                 .join(m, m.c.entity_id == e.c.id).where(e.c.canonical_id.in_(canonical_ids))
                 .group_by(e.c.canonical_id))
        return {r["canonical_id"]: r["n"] for r in self._rows(query)}

    def _bytewise(self, column):
        """`column` ordered by its bytes on every backend: PostgreSQL otherwise orders text by the
        database's collation (en_US ignores spaces), SQLite always by bytes."""
        return column.collate("C") if self.engine.dialect.name == "postgresql" else column

    def entities(self, q: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Entities (one per cluster) whose name contains `q`, case and accents aside; an exact
        name first. Without `q`, all of them by name."""
        e = t.entities
        query = sa.select(e.c.id, e.c.type, e.c.name, e.c.canonical_id).where(e.c.id == e.c.canonical_id)
        order: list = [self._bytewise(e.c.name_key), e.c.id]
        if q is not None:
            key = name_key(q)
            if not key:
                return []
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", key) + "%"
            # A member of a cluster matching by its own name brings up its canonical entity.
            members = sa.select(e.c.canonical_id).where(e.c.name_key.like(pattern, escape="\\"))
            query = query.where(e.c.id.in_(members))
            exact = sa.select(e.c.canonical_id).where(e.c.name_key == key)
            order.insert(0, sa.case((e.c.id.in_(exact), 0), else_=1))
        rows = self._rows(query.order_by(*order).limit(limit).offset(offset))
        counts = self._article_counts([r["id"] for r in rows])
        return [r | {"articles": counts.get(r["id"], 0)} for r in rows]

    def entity(self, entity_id: str) -> dict | None:
        """One entity row, with the ids of the entities merged into its cluster."""
        e = t.entities
        rows = self._rows(sa.select(e).where(e.c.id == entity_id))
        if not rows:
            return None
        row = rows[0]
        members = self._rows(sa.select(e.c.id).where(e.c.canonical_id == row["canonical_id"])
                             .order_by(e.c.id))
        return row | {"first_seen": _iso(row["first_seen"]), "members": [m["id"] for m in members]}

    def _find_entity(self, entity_id_or_name: str) -> dict | None:
        found = self.entity(entity_id_or_name)
        if found:
            return found
        key = name_key(entity_id_or_name)
        if not key:
            return None
        e, m = t.entities, t.mentions
        # Of several entities with this name (a person and a company), the most mentioned.
        query = (sa.select(e.c.canonical_id).outerjoin(m, m.c.entity_id == e.c.id)
                 .where(e.c.name_key == key).group_by(e.c.canonical_id)
                 .order_by(sa.func.count(m.c.id).desc(), e.c.canonical_id).limit(1))
        rows = self._rows(query)
        return self.entity(rows[0]["canonical_id"]) if rows else None

    def case_file(self, entity_id_or_name: str) -> dict | None:
        """All that the stored articles say of one entity (its whole cluster), each fact with its
        sources: article id, evidence span and the sentence around it. None when unknown."""
        found = self._find_entity(entity_id_or_name)
        if not found:
            return None
        return self.case_files([found["canonical_id"]])[0]

    def case_files(self, entity_ids: Iterable[str]) -> list[dict]:
        """The case files of several entities by id (each its whole cluster), in the order given,
        read together: a few queries for a batch rather than a dozen per entity. Unknown ids are
        left out."""
        e, s, m = t.entities, t.statements, t.mentions
        ids = list(dict.fromkeys(entity_ids))
        if not ids:
            return []
        with self.engine.connect() as conn:
            def fetch(query) -> list[dict]:
                return [dict(r._mapping) for r in conn.execute(query)]

            def fetch_in(column, values, query_of) -> list[dict]:
                # Chunked, so a batch stays under the drivers' bound-parameter limits.
                values = sorted(values)
                return [r for i in range(0, len(values), 500)
                        for r in fetch(query_of(column.in_(values[i:i + 500])))]

            asked = fetch_in(e.c.id, ids, lambda w: sa.select(e.c.id, e.c.canonical_id).where(w))
            canonical_of_asked = {r["id"]: r["canonical_id"] for r in asked}
            cluster_rows = fetch_in(e.c.canonical_id, set(canonical_of_asked.values()),
                                    lambda w: sa.select(e).where(w).order_by(e.c.id))
            canonical_of = {r["id"]: r["canonical_id"] for r in cluster_rows}
            all_members = list(canonical_of)
            statements = fetch_in(s.c.entity_id, all_members, lambda w: sa.select(s).where(w)
                                  .order_by(s.c.article_id, s.c.start, s.c.id))
            mentions = fetch_in(m.c.entity_id, all_members,
                                lambda w: sa.select(m.c.entity_id, m.c.article_id, m.c.text, m.c.kind,
                                                    m.c.start, m.c.id).where(w))
            records = {name: fetch_in(table.c.entity_id, all_members, lambda w, table=table: sa.select(table).where(w))
                       for name, table in (("events", t.events), ("charges", t.charges),
                                           ("quotes", t.quotes))}
            # Every list in one order on every backend and whatever the chunks: the order rows
            # come back in is the database's own (SQLite's insertion, PostgreSQL's heap).
            # (None first, as SQLite puts NULLs, where PostgreSQL would put them last.)
            statements.sort(key=lambda r: (r["article_id"] or "", -1 if r["start"] is None else r["start"],
                                           r["id"]))
            mentions.sort(key=lambda r: (r["article_id"] or "", r["start"] or 0, r["id"]))
            records["events"].sort(key=lambda r: (r["article_id"] or "", r["event_id"] or "",
                                                  r["role"] or "", r["id"]))
            records["charges"].sort(key=lambda r: (r["article_id"] or "", _evidence_start(r["data"]), r["id"]))
            records["quotes"].sort(key=lambda r: (r["article_id"] or "", r["start"] or 0, r["id"]))
            listed = fetch_in(t.list_entries.c.entity_id, all_members, lambda w: sa.select(t.list_entries)
                              .where(w).order_by(t.list_entries.c.dataset, t.list_entries.c.list_id))
            listed.sort(key=lambda r: (r["dataset"] or "", r["list_id"] or ""))
            article_ids = ({r["article_id"] for r in statements} | {r["article_id"] for r in mentions}
                           | {r["article_id"] for rs in records.values() for r in rs}) - {None}
            d, di = t.disputes, t.dispute_items
            disputed = {}
            for kind, rows in (("statement", [r for r in statements if r["prop"].startswith("risk:")]),
                               ("charge", records["charges"])):
                for row in fetch_in(di.c.item_id, {r["id"] for r in rows}, lambda w, kind=kind: sa.select(
                        di.c.item_id, d.c.id, d.c.reason, d.c.who, d.c.created, d.c.category)
                        .join(d, d.c.id == di.c.dispute_id)
                        .where(w, di.c.kind == kind, d.c.undone.is_(None))):
                    disputed[(kind, row["item_id"])] = {
                        "id": row["id"], "reason": row["reason"], "who": row["who"],
                        "created": _iso(row["created"]), "category": row["category"]}
            history = fetch_in(d.c.entity_id, all_members, lambda w: sa.select(d).where(w).order_by(d.c.id))
            articles = fetch_in(t.articles.c.id, article_ids, lambda w: sa.select(t.articles).where(w)
                                .order_by(*self._NEWEST_FIRST)) if article_ids else []
        by_id = {r["id"]: r for r in cluster_rows}
        members_of: dict[str, list[str]] = defaultdict(list)
        for row in cluster_rows:
            members_of[row["canonical_id"]].append(row["id"])

        def of(rows: list[dict]) -> dict[str, list[dict]]:
            grouped: dict[str, list[dict]] = defaultdict(list)
            for row in rows:
                grouped[canonical_of[row["entity_id"]]].append(row)
            return grouped

        statements_of, mentions_of, listed_of = of(statements), of(mentions), of(listed)
        records_of = {name: of(rows) for name, rows in records.items()}
        # Newest first, as _NEWEST_FIRST orders them, across the chunks read.
        articles.sort(key=lambda a: a["id"])
        articles.sort(key=lambda a: _iso(a["first_seen"]) or "", reverse=True)
        articles.sort(key=lambda a: a["published"] or dt.date.min, reverse=True)
        files = []
        for entity_id in ids:
            cid = canonical_of_asked.get(entity_id)
            if cid is None or cid not in by_id:
                continue
            canonical = by_id[cid] | {"members": members_of[cid]}
            files.append(self._case_file(
                canonical, statements_of.get(cid, []), mentions_of.get(cid, []),
                {name: rows.get(cid, []) for name, rows in records_of.items()},
                listed_of.get(cid, []), articles, {r: by_id[r]["name"] for r in members_of[cid]},
                disputed, [_dispute_json(r) for r in history if canonical_of.get(r["entity_id"]) == cid]))
        return files

    def _case_file(self, canonical: dict, statements: list[dict], mentions: list[dict],
                   records: dict[str, list[dict]], listed: list[dict], all_articles: list[dict],
                   member_names: dict[str, str], disputed: dict[tuple[str, str], dict],
                   dispute_history: list[dict]) -> dict:
        members = canonical["members"]
        own = ({r["article_id"] for r in statements} | {r["article_id"] for r in mentions}
               | {r["article_id"] for rs in records.values() for r in rs}) - {None}
        articles = [a for a in all_articles if a["id"] in own]
        texts = {a["id"]: a["text"] for a in articles}
        published = {a["id"]: a["published"].isoformat() if a["published"] else None for a in articles}

        def source(article_id: str | None, start: int | None, end: int | None) -> dict:
            if article_id is None:
                return {"article": None, "published": None, "start": None, "end": None, "words": None,
                    "text": None}
            text = texts.get(article_id, "")
            spanned = start is not None and end is not None
            return {"article": article_id, "published": published.get(article_id),
                    "start": start, "end": end, "words": text[start:end] if spanned else None,
                    "text": sentence_at(text, start, end) if start is not None and end is not None else None}

        names = Counter(r["text"] for r in mentions if r["kind"] == "name")
        names.update(json.loads(r["value"]) for r in statements if r["prop"] in ("name", "attribute:alias"))
        by_key: dict[str, str] = {name_key(canonical["name"]): canonical["name"]}
        for name, _ in names.most_common():
            by_key.setdefault(name_key(name), name)

        attributes: dict[str, dict[str, dict]] = defaultdict(dict)
        roles: dict[str, list[str]] = {}
        risks: dict[str, list[dict]] = defaultdict(list)
        disputed_risks: dict[int, list[dict]] = defaultdict(list)
        for row in statements:
            prop, value = row["prop"], json.loads(row["value"])
            if prop.startswith("attribute:"):
                key = prop.split(":", 1)[1]
                entry = attributes[key].setdefault(row["value"], {"value": value, "sources": []})
                entry["sources"].append(source(row["article_id"], row["start"], row["end"])
                                        | {"extractor": row["extractor"]})
            elif prop == "role":
                articles_of = roles.setdefault(value, [])
                if row["article_id"] not in articles_of:
                    articles_of.append(row["article_id"])
            elif prop.startswith("risk:"):
                dispute = disputed.get(("statement", row["id"]))
                (disputed_risks[dispute["id"]] if dispute else risks[prop.split(":", 1)[1]]).append(
                    source(row["article_id"], row["start"], row["end"])
                    | {"stage": value.get("stage"), "proceeding": value.get("proceeding"),
                       "date": value.get("date") or published.get(row["article_id"]),
                       "attributed_by": value.get("source"),
                       **{key: value[key] for key in ("authority", "program", "list") if value.get(key)}})

        designations = {}
        for row in statements:
            if row["prop"] == "sanction":
                value = json.loads(row["value"])
                designations[(value.get("dataset"), value.get("id"))] = value.get("designations") or []

        def risk_of(category: str, sources: list[dict]) -> dict:
            latest = stages.latest(sources, date=lambda e: e.get("date"))
            assert latest is not None, "a risk has a source"
            risk = {"category": category,
                    "proceeding": stages.proceeding_of(latest["stage"], latest.get("proceeding")),
                    "stage": latest["stage"], "status": stages.status_of(latest["stage"]),
                    "date": latest["date"], "sources": sources,
                    **{key: latest[key] for key in ("authority", "program", "list") if latest.get(key)}}
            return risk | {"allegation": stages.describe(risk)}

        risk_list = sorted((risk_of(category, sources) for category, sources in risks.items()),
                           key=stages.listing_key)
        # Disputed allegations: out of the risks (so out of screening and exports), shown apart
        # with the dispute; a disputed charge goes with them.
        disputes_by_id = {v["id"]: v for v in disputed.values()}
        disputed_list = [risk_of(disputes_by_id[i]["category"], sources) | {"dispute": disputes_by_id[i]}
                         for i, sources in disputed_risks.items()]

        events: dict[tuple, dict] = {}
        for row in records["events"]:
            key = (row["article_id"], row["event_id"])
            if key not in events:
                data = json.loads(row["data"])
                evidence = data.get("evidence") or data["trigger"]
                events[key] = data | {"article": row["article_id"], "roles": [],
                                      "published": published.get(row["article_id"]),
                                      "text": source(row["article_id"], evidence["start"], evidence["end"])["text"]}
            if row["role"] and row["role"] not in events[key]["roles"]:
                events[key]["roles"].append(row["role"])
        # A dated timeline: undated events go last, in the order their articles appeared.
        timeline = sorted(merge_events(list(events.values())), key=lambda ev: (
            ((ev.get("date") or {}).get("value") or "\uffff"), ev["published"] or "\uffff", ev["article"]))

        charges: list[dict] = []
        disputed_charges: list[dict] = []
        for row in records["charges"]:
            data = json.loads(row["data"])
            evidence = data.get("evidence") or {}
            proceeding = stages.proceeding_of(data.get("stage"), data.get("proceeding"))
            dispute = disputed.get(("charge", row["id"]))
            (disputed_charges if dispute else charges).append(data | {
                                   "article": row["article_id"], "proceeding": proceeding,
                                   **({"dispute": dispute} if dispute else {}),
                                   "status": stages.status_of(data.get("stage")),
                                   "allegation": stages.describe(data | {
                                       "proceeding": proceeding, "date": published.get(row["article_id"])}),
                                   "published": published.get(row["article_id"]),
                                   "text": source(row["article_id"], evidence.get("start"), evidence.get("end"))["text"]})
        quotes = [json.loads(r["data"]) | {"article": r["article_id"], "published": published.get(r["article_id"])}
                  for r in sorted(records["quotes"], key=lambda r: (r["article_id"], r["start"]))]

        return {
            "id": canonical["id"], "type": canonical["type"], "name": canonical["name"],
            "members": members, "member_names": member_names, "names": list(by_key.values()),
            "aliases": [n for n in by_key.values() if n != canonical["name"]],
            "attributes": {key: sorted(({**v, "conflict": key in SINGLE_VALUED and len(values) > 1}
                                        for v in values.values()), key=lambda v: -len(v["sources"]))
                           for key, values in attributes.items()},
            "conflicts": sorted(key for key, values in attributes.items()
                                if key in SINGLE_VALUED and len(values) > 1),
            "roles": [{"role": role, "articles": ids} for role, ids in
                      sorted(roles.items(), key=lambda kv: -len(kv[1]))],
            "risks": risk_list, "events": timeline, "charges": charges, "quotes": quotes,
            "disputed": disputed_list, "disputed_charges": disputed_charges,
            "disputes": dispute_history,
            "mentions": len(mentions),
            "sanctions": [{"dataset": r["dataset"], "id": r["list_id"], "name": r["name"],
                           "program": ", ".join(json.loads(r["programs"])) or None,
                           "programs": json.loads(r["programs"]), "schema": r["schema"],
                           "entity": r["entity_id"], "proceeding": "sanctions", "stage": "sanctioned",
                           "designations": designations.get((r["dataset"], r["list_id"]), []),
                           **_first_designation(designations.get((r["dataset"], r["list_id"]), []))}
                          for r in listed],
            "articles": [self._article_summary(a) for a in articles],
        }

    def browse(self, filters=None, sort: str = "latest", limit: int = 50, offset: int = 0) -> dict:
        """Entities filtered by their allegations, role, country and name, with counts per
        facet (`rapsheet.store.browse`)."""
        from rapsheet.store.browse import Filters, browse
        return browse(self, filters or Filters(), sort, limit, offset)

    def network(self, entity_id_or_name: str) -> dict | None:
        """The entity's ties to people, organisations and articles (`rapsheet.store.network`)."""
        from rapsheet.store.network import network
        return network(self, entity_id_or_name)

    def allegations_over_time(self) -> list[dict]:
        """Allegations per month, category and stage (`rapsheet.store.browse.over_time`)."""
        from rapsheet.store.browse import over_time
        return over_time(self)

    def counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        tables = (t.articles, t.entities, t.mentions, t.statements, t.events, t.charges, t.quotes,
                  t.failures, t.judgements, t.disputes)
        query = sa.union_all(*(sa.select(sa.literal(table.name).label("table"),
                                         sa.func.count().label("n")).select_from(table)
                               for table in tables),
                             # an undone dispute changes what screening shows, not a row count
                             sa.select(sa.literal("disputes_undone").label("table"), sa.func.count().label("n"))
                             .select_from(t.disputes).where(t.disputes.c.undone.is_not(None)))
        return {r["table"]: r["n"] for r in self._rows(query)}

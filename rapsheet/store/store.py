"""The `Store`: Documents and failures in; articles, entities and case files out.

One class over SQLite and PostgreSQL alike (the dialect matters only for "insert unless there").
`add` writes all rows of one article in one transaction, so a process killed mid-ingest leaves
either the whole article or none of it, and dedupes on the article's normalised content hash, so
ingesting the same page twice stores it once. The store is the only place with SQL: the CLI, the
API, screening, monitoring, importers and entity resolution call these methods. Larger reads and
writes live beside it, one module each, and take a connection or engine: `casefiles`, `browse`,
`network`, `events`, `judgements`, `resolution`, `screening`, `watching`, `lists`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from rapsheet.errors import NotFound, RapsheetError
from rapsheet.model import OFF_TOPIC, Document, short_hash
from rapsheet.resolve.cluster import SUBJECT_TYPES
from rapsheet.store import allegations, judgements as judging, lists, resolution, schema as t, watching
from rapsheet.store.browse import Filters, browse as browse_entities, over_time
from rapsheet.store.casefiles import case_files as read_case_files
from rapsheet.store.events import list_events
from rapsheet.store.judgements import Judgement
from rapsheet.store.network import network as network_of
from rapsheet.store.screening import ScreeningRows, screening_rows
from rapsheet.store.engine import analyze, insert_ignore, writer
from rapsheet.store.records import HEADLINE_MAX, NEWEST_FIRST, article_summary, dispute_json, iso
from rapsheet.store.rows import document_rows, name_key


@dataclass(slots=True, frozen=True)
class AddResult:
    article_id: str
    new: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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

    def _insert_ignore(self, table: sa.Table) -> sa.Insert:
        """INSERT that leaves an existing row (same key) as it is (`engine.insert_ignore`)."""
        return insert_ignore(self._dialect, table)

    def add(self, document: Document, resolve: bool = True) -> AddResult:
        """Store one article and everything read from it, once; `new` is False when an article with
        the same normalised text was already there (only its last_seen moves). With `resolve`, its
        persons and organisations are then resolved against the stored ones in the same
        transaction (`rapsheet.store.resolution`), so a reader never sees the article unresolved."""
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
            self._write_read(conn, rows, resolve)
        return AddResult(article["id"], True)

    def _write_read(self, conn, rows, resolve: bool) -> None:
        """Everything read from one article, its row being written already."""
        if rows.entities:
            conn.execute(self._insert_ignore(t.entities), rows.entities)
        for table, table_rows in ((t.mentions, rows.mentions), (t.statements, rows.statements),
                                  (t.events, rows.events), (t.charges, rows.charges),
                                  (t.quotes, rows.quotes)):
            if table_rows:
                conn.execute(sa.insert(table), table_rows)
        allegations.insert(conn, rows.statements, {rows.article["id"]: rows.article["published"]})
        # The clusters resolution changed are counted with those of the mentioned entities, once.
        uncounted: set[str] = set()
        if resolve:
            resolution.resolve(conn, {r["id"] for r in rows.entities if r["type"] in SUBJECT_TYPES}, uncounted)
        mentioned = {r["entity_id"] for r in rows.mentions}
        resolution.count_mentions(conn, resolution.canonicals_of(conn, mentioned) | uncounted)

    def unread(self, reason: str | None = OFF_TOPIC, limit: int | None = None,
               article_id: str | None = None) -> list[dict]:
        """The articles stored without their full reading, oldest stored first, with what reading
        them needs (id, source, url, title, published, language, author, text, not_read);
        `reason` "off-topic" (the default) or "language es" narrows them, None gives all;
        `article_id` gives that one alone (none when it was read)."""
        a = t.articles
        query = (sa.select(a.c.id, a.c.source, a.c.url, a.c.title, a.c.published, a.c.language,
                           a.c.author, a.c.text, a.c.not_read)
                 .where(a.c.not_read.is_not(None)).order_by(a.c.first_seen, a.c.id).limit(limit))
        if reason is not None:
            query = query.where(a.c.not_read == reason)
        if article_id is not None:
            query = query.where(a.c.id == article_id)
        return self._rows(query)

    def replace_unread(self, document: Document, resolve: bool = True) -> AddResult:
        """Store the full reading of an article stored unread (same text, so the same id): what
        was kept of it before (names of a page in another language) gives way to what the reading
        found, in one transaction. `new` is False, and nothing changes, when the article is not
        stored unread (read already, by another process, or never stored)."""
        rows = document_rows(document, _now())
        article_id = rows.article["id"]
        a = t.articles
        with self._writer.begin() as conn:
            current = conn.execute(sa.select(a.c.not_read, a.c.first_seen).where(a.c.id == article_id)
                                   .with_for_update()).first()
            if current is None or current.not_read is None:
                return AddResult(article_id, False)
            mentioned = {r[0] for r in conn.execute(sa.select(t.mentions.c.entity_id).distinct()
                                                    .where(t.mentions.c.article_id == article_id))}
            for table in (t.allegations, t.mentions, t.events, t.charges, t.quotes, t.statements):
                conn.execute(sa.delete(table).where(table.c.article_id == article_id))
            resolution.count_mentions(conn, resolution.canonicals_of(conn, mentioned))
            values = {k: v for k, v in rows.article.items() if k not in ("id", "first_seen")}
            conn.execute(sa.update(a).where(a.c.id == article_id).values(values))
            self._write_read(conn, rows, resolve)
        return AddResult(article_id, True)

    def resolve(self, entity_ids: Iterable[str] | None = None) -> dict:
        """Resolve `entity_ids` (default: every person and organisation) against the whole store,
        e.g. after a bulk load with `add(..., resolve=False)` or an import; gives counts."""
        with self._writer.begin() as conn:
            return resolution.resolve(conn, set(entity_ids) if entity_ids is not None else None)

    def add_list_entries(self, batches: Iterable[lists.ListRows], resolve: bool = True) -> dict:
        """Store sanctions-list entries (their rows as `rapsheet.importers.list_rows` makes them,
        in batches) in one transaction, then resolve them against the store; gives counts
        {entries, entities, statements[, resolved]} (`rapsheet.store.lists`)."""
        with self._writer.begin() as conn:
            return lists.add_list_rows(conn, batches, resolve)

    # -- judgements (`rapsheet.store.judgements`) ---------------------------------------------

    def judge(self, a: str, b: str, same: bool, author: str | None = None,
              reason: str | None = None) -> Judgement:
        """Record that entities `a` and `b` are (or are not) one subject, and why, and recluster.
        Fails with NotFound for an unknown entity, UsageError when `a` is `b`."""
        with self._writer.begin() as conn:
            return judging.judge(conn, a, b, same, author, reason)

    def undo_judgement(self, judgement_id: int) -> Judgement:
        """Mark a judgement undone (it stays on record) and recluster; UsageError when it is
        undone already."""
        with self._writer.begin() as conn:
            return judging.undo(conn, judgement_id)

    def judgements(self, entity: str | None = None, include_undone: bool = True,
                   limit: int | None = None, offset: int = 0) -> list[Judgement]:
        """Judgements, newest first; with `entity`, those naming one of its cluster."""
        with self.engine.connect() as conn:
            return judging.judgements(conn, self._members(entity), include_undone, limit, offset)

    def count_judgements(self, entity: str | None = None) -> int:
        with self.engine.connect() as conn:
            return judging.count(conn, self._members(entity))

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
        return dispute_json(row | {"id": dispute_id, "undone": None, "undone_by": None}) | {"items": len(items)}

    def undo_dispute(self, dispute_id: int, who: str) -> dict:
        """Undo a dispute: the allegation is back in screening and exports; the record stays."""
        d = t.disputes
        with self._writer.begin() as conn:
            row = conn.execute(sa.select(d).where(d.c.id == dispute_id)).first()
            if row is None:
                raise NotFound(f"no dispute {dispute_id}")
            if row.undone is not None:
                raise RapsheetError(f"dispute {dispute_id} was undone already", 409)
            values = {"undone": _now(), "undone_by": (who or "").strip() or "analyst"}
            conn.execute(sa.update(d).where(d.c.id == dispute_id).values(values))
        return dispute_json(dict(row._mapping) | values)

    def disputes(self, entity_id: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Disputes, newest first; with `entity_id`, those on its cluster."""
        d = t.disputes
        query = sa.select(d).order_by(d.c.id.desc()).limit(limit).offset(offset)
        if entity_id:
            found = self.entity(entity_id)
            query = query.where(d.c.entity_id.in_(found["members"] if found else [entity_id]))
        return [dispute_json(r) for r in self._rows(query)]

    # -- reading -------------------------------------------------------------------------------

    def _rows(self, query) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def has(self, content_hash: str) -> bool:
        """Whether an article with this normalised content hash (`Article.content_hash`) is stored."""
        query = sa.select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)
        return bool(self._rows(query))

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """Stored articles (without text), newest publication first."""
        columns: list[sa.ColumnElement[Any]] = [c for c in t.articles.c
                                                if c.name not in ("text", "document", "content_hash")]
        columns.append(sa.func.substr(t.articles.c.text, 1, HEADLINE_MAX * 2).label("lead"))
        query = sa.select(*columns).order_by(*NEWEST_FIRST).limit(limit).offset(offset)
        return [article_summary(r) for r in self._rows(query)]

    def article(self, article_id: str) -> dict | None:
        """The stored document of one article (the contract's JSON, each entity with its
        `global_id`), or None."""
        query = sa.select(t.articles.c.document).where(t.articles.c.id == article_id)
        rows = self._rows(query)
        return json.loads(rows[0]["document"]) if rows else None

    def failures(self, limit: int = 50, offset: int = 0) -> list[dict]:
        query = (sa.select(t.failures).order_by(t.failures.c.created.desc(), t.failures.c.id)
                 .limit(limit).offset(offset))
        return [r | {"created": iso(r["created"])} for r in self._rows(query)]

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

    @staticmethod
    def _named(q: str | None) -> list | None:
        """The conditions on entities (clusters) whose name contains `q`, case and accents aside:
        a member of a cluster matching by its own name brings up its canonical entity. None: no
        name can match (`q` holds no letters)."""
        e = t.entities
        where = [e.c.id == e.c.canonical_id]
        if q is not None:
            key = name_key(q)
            if not key:
                return None
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", key) + "%"
            where.append(e.c.id.in_(sa.select(e.c.canonical_id).where(e.c.name_key.like(pattern, escape="\\"))))
        return where

    def entities(self, q: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """Entities (one per cluster) whose name contains `q`, case and accents aside; an exact
        name first. Without `q`, all of them by name."""
        e = t.entities
        where = self._named(q)
        if where is None:
            return []
        query = sa.select(e.c.id, e.c.type, e.c.name, e.c.canonical_id).where(*where)
        order: list = [self._bytewise(e.c.name_key), e.c.id]
        if q is not None:
            exact = sa.select(e.c.canonical_id).where(e.c.name_key == name_key(q))
            order.insert(0, sa.case((e.c.id.in_(exact), 0), else_=1))
        rows = self._rows(query.order_by(*order).limit(limit).offset(offset))
        counts = self._article_counts([r["id"] for r in rows])
        return [r | {"articles": counts.get(r["id"], 0)} for r in rows]

    def count_entities(self, q: str | None = None) -> int:
        """How many clusters `entities(q)` can list (the same filter, without the page)."""
        where = self._named(q)
        if where is None:
            return 0
        query = sa.select(sa.func.count()).select_from(t.entities).where(*where)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def _members(self, entity: str | None) -> list[str] | None:
        """The ids of `entity`'s cluster (itself alone when unknown); None for no entity."""
        if not entity:
            return None
        found = self.entity(entity)
        return found["members"] if found else [entity]

    def entity(self, entity_id: str) -> dict | None:
        """One entity row, with the ids of the entities merged into its cluster."""
        e = t.entities
        rows = self._rows(sa.select(e).where(e.c.id == entity_id))
        if not rows:
            return None
        row = rows[0]
        members = self._rows(sa.select(e.c.id).where(e.c.canonical_id == row["canonical_id"])
                             .order_by(e.c.id))
        return row | {"first_seen": iso(row["first_seen"]), "members": [m["id"] for m in members]}

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
        left out (`rapsheet.store.casefiles`)."""
        return read_case_files(self.engine, entity_ids)

    def analyze(self, changed_only: bool = False) -> list[str]:
        """Fresh planner statistics on PostgreSQL after large writes (`engine.analyze`); the
        tables analyzed (none on SQLite)."""
        return analyze(self.engine, changed_only)

    def browse(self, filters=None, sort: str = "latest", limit: int = 50, offset: int = 0) -> dict:
        """Entities filtered by their allegations, role, country and name, with counts per
        facet (`rapsheet.store.browse`)."""
        return browse_entities(self, filters or Filters(), sort, limit, offset)

    def network(self, entity_id_or_name: str) -> dict | None:
        """The entity's ties to people, organisations and articles (`rapsheet.store.network`)."""
        return network_of(self, entity_id_or_name)

    def allegations_over_time(self) -> list[dict]:
        """Allegations per month, category and stage (`rapsheet.store.browse.over_time`)."""
        return over_time(self)

    def events(self, *, type: str | None = None, date_from: str | None = None,
               date_to: str | None = None, category: str | None = None, stage: str | None = None,
               entity: str | None = None, article: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[int, list[dict]]:
        """(total, one page of events) matching every filter given, dated ones newest first
        (`rapsheet.store.events`); `entity`: events its cluster takes part in."""
        members = self._members(entity)
        with self.engine.connect() as conn:
            return list_events(conn, type=type, date_from=date_from, date_to=date_to,
                               category=category, stage=stage, members=members,
                               article=article, limit=limit, offset=offset)

    def screening_rows(self, types: tuple[str, ...]) -> ScreeningRows:
        """What screening indexes of the entities of `types` (`rapsheet.store.screening`)."""
        with self.engine.connect() as conn:
            return screening_rows(conn, types)

    # -- monitoring (`rapsheet.store.watching`) -------------------------------------------------

    def watch_state(self, row_id: str) -> dict | None:
        with self.engine.connect() as conn:
            return watching.state(conn, row_id)

    def save_watch_states(self, rows: Iterable[dict]) -> None:
        """Replace these watch_state rows (id, watchlist, entry, entity_id, state, updated) in one
        transaction."""
        with self._writer.begin() as conn:
            for row in rows:
                watching.put_state(conn, row)

    def articles_since(self, since: dt.datetime) -> set[str]:
        """Ids of the articles first stored at or after `since`."""
        with self.engine.connect() as conn:
            return watching.articles_since(conn, since)

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

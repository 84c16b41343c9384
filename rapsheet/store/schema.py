"""The store's tables (SQLAlchemy Core), the same for SQLite and PostgreSQL.

Takes nothing; gives `metadata` and one `Table` per record kind. The migrations in
`migrations/versions/` create and change these tables: a change here needs a new migration there,
and the test `tests/store/test_store_migrations.py` checks that the two agree.

Facts live in `statements`, one row per (entity, property, value, article, span), in the spirit
of FollowTheMoney statements: every fact keeps its article, its character span and the extractor
that found it (a fact from an imported sanctions list has no article: its extractor names the
dataset). `events`, `charges` and `quotes` keep each record's whole JSON beside the columns that are
searched. `entities.canonical_id` is the cluster an entity belongs to; merging sets it and never
rewrites a fact. Entity resolution (migration 0003) files every entity under its blocking keys
(`entity_keys`), records the pairs it found to be the same (`matches`, with the score and its
explanation) and keeps imported sanctions-list entries (`list_entries`) beside their entities.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# JSON text as a plain Text column: both databases store and compare it the same way, and a
# statement's id is a hash of this exact text.
articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("language", sa.String(16)),
    sa.Column("author", sa.Text),                        # added by migration 0002
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    # Why it was stored unread ("off-topic", "language es"); NULL when read (migration 0010).
    sa.Column("not_read", sa.String(32)),
    sa.Index("ix_articles_published", "published", "first_seen"),   # added by migration 0002
    sa.Index("ix_articles_url", "url"),
    sa.Index("ix_articles_not_read", "not_read"),
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("id", sa.String(32), primary_key=True),    # hash of source and reason
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_failures_created", "created"),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),
    sa.Column("canonical_id", sa.String(16), nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_entities_name_key", "name_key"),
    sa.Index("ix_entities_canonical_id", "canonical_id"),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Index("ix_mentions_entity_id", "entity_id"),
    sa.Index("ix_mentions_article_id", "article_id"),
)

statements = sa.Table(
    "statements", metadata,
    sa.Column("id", sa.String(32), primary_key=True),    # hash of the key fields
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("prop", sa.String(64), nullable=False),
    sa.Column("value", sa.Text, nullable=False),         # JSON text
    # None for a fact read from a sanctions list rather than an article (migration 0003).
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE")),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_statements_entity_prop", "entity_id", "prop"),
    sa.Index("ix_statements_article_id", "article_id"),
)


def _record_table(name: str, *columns: sa.Column) -> sa.Table:
    """A table of one record kind keyed to its article and (where known) its entity."""
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id")),
        *columns,
        sa.Column("data", sa.Text, nullable=False),      # the record's contract JSON
        sa.Index(f"ix_{name}_entity_id", "entity_id"),
        sa.Index(f"ix_{name}_article_id", "article_id"),
    )


# One row per (event, entity taking part); an event with no known entity gets one row with none.
events = _record_table(
    "events",
    sa.Column("event_id", sa.String(64), nullable=False),  # the id inside its document
    sa.Column("role", sa.String(32)),                     # the entity's argument role
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("date", sa.String(32)),                     # TimeML value, sorts as text
    sa.Column("stage", sa.String(16)),
    sa.Column("modality", sa.String(16), nullable=False),
)

charges = _record_table(
    "charges",
    sa.Column("offense", sa.Text, nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("proceeding", sa.String(16)),               # added by migration 0005
    sa.Column("status", sa.String(16)),                   # added by migration 0005
    sa.Column("counts", sa.Integer),
    sa.Column("statute", sa.Text),
)

quotes = _record_table(
    "quotes",
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

judgements = sa.Table(
    "judgements", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("left_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("right_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),  # same | not_same
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("undone", sa.DateTime(timezone=True)),
    sa.Column("reason", sa.Text),                        # added by migration 0008
    sa.CheckConstraint("verdict in ('same', 'not_same')", name="ck_judgements_verdict"),
    sa.Index("ix_judgements_pair", "left_id", "right_id"),
)


# --- entity resolution and sanctions lists (migration 0003) -----------------------------------

entity_keys = sa.Table(
    "entity_keys", metadata,
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
    sa.Index("ix_entity_keys_entity_id", "entity_id"),
)

# One row per pair that automatic resolution found to be the same (left_id < right_id).
matches = sa.Table(
    "matches", metadata,
    sa.Column("left_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("right_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("explanation", sa.Text, nullable=False),   # JSON list of {feature, value, detail}
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_matches_right_id", "right_id"),
)

list_entries = sa.Table(
    "list_entries", metadata,
    sa.Column("id", sa.String(32), primary_key=True),    # hash of dataset and the list's own id
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("dataset", sa.String(128), nullable=False),
    sa.Column("list_id", sa.Text, nullable=False),
    sa.Column("schema", sa.String(64), nullable=False),  # FollowTheMoney schema
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("programs", sa.Text, nullable=False),      # JSON list
    sa.Column("data", sa.Text, nullable=False),          # the entry as a FollowTheMoney entity
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_list_entries_entity_id", "entity_id"),
    sa.Index("ix_list_entries_dataset", "dataset"),
)


# --- monitoring (migration 0004) -----------------------------------------------------------------

# What `rapsheet.watch` last reported for one watchlist entry and one entity (cluster): the
# articles, events and stages already seen, so a change is reported once. A row with an empty
# entry and entity holds the watchlist's last run.
watch_state = sa.Table(
    "watch_state", metadata,
    sa.Column("id", sa.String(32), primary_key=True),    # hash of watchlist, entry and entity
    sa.Column("watchlist", sa.String(128), nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
    sa.Column("entity_id", sa.String(16), nullable=False),
    sa.Column("state", sa.Text, nullable=False),         # JSON
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_watch_state_watchlist", "watchlist"),
)


# --- disputed allegations (migration 0006) -------------------------------------------------------

# An analyst's word that one allegation against one subject is wrong: the risk statements and
# charges it stood on (`dispute_items`) leave screening, browsing and exports, and the case file
# shows them as disputed, with who said so, when and why. Undoing sets `undone`; nothing is deleted,
# and no fact is rewritten.
disputes = sa.Table(
    "disputes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("category", sa.String(64), nullable=False),  # the risk category disputed
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("undone", sa.DateTime(timezone=True)),
    sa.Column("undone_by", sa.Text),
    sa.Index("ix_disputes_entity_id", "entity_id"),
)

dispute_items = sa.Table(
    "dispute_items", metadata,
    sa.Column("dispute_id", sa.Integer, sa.ForeignKey("disputes.id"), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),    # statement | charge
    sa.Column("item_id", sa.String(64), primary_key=True),
    sa.Index("ix_dispute_items_item", "kind", "item_id"),
)


def disputed_items(kind: str) -> sa.Select:
    """The ids of the statements (`kind` "statement") or charges ("charge") that an active
    dispute takes out; readers that screen, browse or export leave these out."""
    return (sa.select(dispute_items.c.item_id).join(disputes, disputes.c.id == dispute_items.c.dispute_id)
            .where(dispute_items.c.kind == kind, disputes.c.undone.is_(None)))


# --- the allegations index (migration 0007) ------------------------------------------------------

# One row per `risk:` statement, derived from it on write (rapsheet.store.allegations): what
# browsing filters and sorts by, in indexed columns. proceeding and status are resolved from the
# stage (rapsheet.stages); date is the allegation's own, else its article's publication date.
allegations = sa.Table(
    "allegations", metadata,
    sa.Column("statement_id", sa.String(32), sa.ForeignKey("statements.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE")),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("stage", sa.String(16)),
    sa.Column("proceeding", sa.String(16)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("date", sa.Date),
    sa.Index("ix_allegations_entity_id", "entity_id"),
    sa.Index("ix_allegations_article_id", "article_id"),
    sa.Index("ix_allegations_category", "category", "stage"),
    sa.Index("ix_allegations_stage", "stage", "proceeding"),
    sa.Index("ix_allegations_proceeding", "proceeding"),
    sa.Index("ix_allegations_status", "status"),
    sa.Index("ix_allegations_date", "date"),
)


# --- the entity facts index (migration 0009) -----------------------------------------------------

# One row per (entity, role) and (entity, country) read in its statements, derived on write
# (rapsheet.store.allegations): what browsing's role and country filters look up by index.
entity_facts = sa.Table(
    "entity_facts", metadata,
    sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
    sa.Column("prop", sa.String(16), primary_key=True),   # role | country
    sa.Column("value", sa.String(64), primary_key=True),
    sa.Index("ix_entity_facts_prop_value", "prop", "value"),
)

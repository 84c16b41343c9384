"""The initial store: articles, failures, entities, mentions, statements, events, charges,
quotes and judgements.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Spelled out rather than imported from schema.py: a migration must keep creating the schema as
# it was at this revision, whatever schema.py says later.
TS = sa.DateTime(timezone=True)


def _record_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id")),
        *columns,
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index(f"ix_{name}_entity_id", name, ["entity_id"])
    op.create_index(f"ix_{name}_article_id", name, ["article_id"])


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )
    op.create_index("ix_articles_url", "articles", ["url"])
    op.create_table(
        "failures",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_index("ix_failures_created", "failures", ["created"])
    op.create_table(
        "entities",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("canonical_id", sa.String(16), nullable=False),
        sa.Column("first_seen", TS, nullable=False),
    )
    op.create_index("ix_entities_name_key", "entities", ["name_key"])
    op.create_index("ix_entities_canonical_id", "entities", ["canonical_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
    )
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("prop", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )
    op.create_index("ix_statements_entity_prop", "statements", ["entity_id", "prop"])
    op.create_index("ix_statements_article_id", "statements", ["article_id"])
    _record_table(
        "events",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32)),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("stage", sa.String(16)),
        sa.Column("modality", sa.String(16), nullable=False),
    )
    _record_table(
        "charges",
        sa.Column("offense", sa.Text, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("counts", sa.Integer),
        sa.Column("statute", sa.Text),
    )
    _record_table(
        "quotes",
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("left_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("right_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("undone", TS),
        sa.CheckConstraint("verdict in ('same', 'not_same')", name="ck_judgements_verdict"),
    )
    op.create_index("ix_judgements_pair", "judgements", ["left_id", "right_id"])


def downgrade() -> None:
    for name in ("judgements", "quotes", "charges", "events", "statements", "mentions",
                 "entities", "failures", "articles"):
        op.drop_table(name)

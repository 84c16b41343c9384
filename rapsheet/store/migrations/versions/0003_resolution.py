"""Entity resolution and sanctions lists: blocking keys, automatic matches, list entries; a
statement may come from a list instead of an article.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "entity_keys",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
    )
    op.create_index("ix_entity_keys_entity_id", "entity_keys", ["entity_id"])
    op.create_table(
        "matches",
        sa.Column("left_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("right_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_index("ix_matches_right_id", "matches", ["right_id"])
    op.create_table(
        "list_entries",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("dataset", sa.String(128), nullable=False),
        sa.Column("list_id", sa.Text, nullable=False),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("programs", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )
    op.create_index("ix_list_entries_entity_id", "list_entries", ["entity_id"])
    op.create_index("ix_list_entries_dataset", "list_entries", ["dataset"])
    # SQLite rebuilds the table (batch mode) with its rows; PostgreSQL drops the constraint in place.
    with op.batch_alter_table("statements") as batch:
        batch.alter_column("article_id", existing_type=sa.String(16), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM statements WHERE article_id IS NULL")
    with op.batch_alter_table("statements") as batch:
        batch.alter_column("article_id", existing_type=sa.String(16), nullable=False)
    for name in ("list_entries", "matches", "entity_keys"):
        op.drop_table(name)

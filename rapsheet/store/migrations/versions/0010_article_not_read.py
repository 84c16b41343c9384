"""Articles say why they were stored without their full reading (`not_read`: "off-topic" by
triage, "language es"); NULL for an article that was read. An index finds the unread ones to read
on demand.

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: every article stored so far was read, and keeps NULL.
    op.add_column("articles", sa.Column("not_read", sa.String(32)))
    op.create_index("ix_articles_not_read", "articles", ["not_read"])


def downgrade() -> None:
    op.drop_index("ix_articles_not_read", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("not_read")

"""Articles keep their author; an index serves the newest-first listing.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite does it in place, so old rows keep their data untouched.
    op.add_column("articles", sa.Column("author", sa.Text))
    op.create_index("ix_articles_published", "articles", ["published", "first_seen"])


def downgrade() -> None:
    op.drop_index("ix_articles_published", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("author")

"""Judgements keep the analyst's reason beside the verdict (none for judgements made before).

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("judgements", sa.Column("reason", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("judgements") as batch:
        batch.drop_column("reason")

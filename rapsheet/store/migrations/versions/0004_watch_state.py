"""Monitoring: what each watchlist last reported, so that a change is reported once.

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # entity_id is no foreign key: state outlives a re-clustering that drops the canonical id.
    op.create_table(
        "watch_state",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("watchlist", sa.String(128), nullable=False),
        sa.Column("entry", sa.Text, nullable=False),
        sa.Column("entity_id", sa.String(16), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_watch_state_watchlist", "watch_state", ["watchlist"])


def downgrade() -> None:
    op.drop_index("ix_watch_state_watchlist", table_name="watch_state")
    op.drop_table("watch_state")

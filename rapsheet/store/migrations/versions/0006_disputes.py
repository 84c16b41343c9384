"""Disputed allegations: an analyst marks one allegation (a risk category of one subject) as
wrong, with a reason; the statements and charges it stood on are listed so that readers leave them
out, and undoing keeps the record.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disputes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone", sa.DateTime(timezone=True)),
        sa.Column("undone_by", sa.Text),
    )
    op.create_index("ix_disputes_entity_id", "disputes", ["entity_id"])
    op.create_table(
        "dispute_items",
        sa.Column("dispute_id", sa.Integer, sa.ForeignKey("disputes.id"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
    )
    op.create_index("ix_dispute_items_item", "dispute_items", ["kind", "item_id"])


def downgrade() -> None:
    op.drop_index("ix_dispute_items_item", "dispute_items")
    op.drop_table("dispute_items")
    op.drop_index("ix_disputes_entity_id", "disputes")
    op.drop_table("disputes")

"""Each cluster's mention count stored on its canonical entity (`entities.mention_count`; 0 on
the other members), kept up to date where mentions are written and clusters change, with an index
for browsing by mentions; and a covering index of allegations for browsing latest first.
Existing entities are counted here.

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("mention_count", sa.Integer, nullable=False, server_default="0"))
    e = sa.table("entities", sa.column("id"), sa.column("canonical_id"), sa.column("mention_count"))
    m = sa.table("mentions", sa.column("entity_id"))
    member = e.alias("member")
    counted = (sa.select(sa.func.count()).select_from(m.join(member, member.c.id == m.c.entity_id))
               .where(member.c.canonical_id == e.c.id).scalar_subquery())
    op.get_bind().execute(sa.update(e).values(mention_count=counted))
    op.create_index("ix_entities_mention_count", "entities",
                    [sa.desc(sa.column("mention_count")), "name_key", "id"])
    op.create_index("ix_allegations_browse", "allegations",
                    ["entity_id", "statement_id", "date", "category", "stage", "status", "proceeding"])


def downgrade() -> None:
    op.drop_index("ix_allegations_browse", table_name="allegations")
    op.drop_index("ix_entities_mention_count", table_name="entities")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("mention_count")

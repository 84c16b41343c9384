"""The entity facts index: each entity's roles and countries (nationality, country, citizenship)
in one indexed table, so browsing by role or country looks them up instead of reading JSON.
Existing statements are indexed here; the statements stay as they are.

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COUNTRY_PROPS = ("attribute:nationality", "attribute:country", "attribute:citizenship")


def upgrade() -> None:
    facts = op.create_table(
        "entity_facts",
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("prop", sa.String(16), primary_key=True),
        sa.Column("value", sa.String(64), primary_key=True),
    )
    op.create_index("ix_entity_facts_prop_value", "entity_facts", ["prop", "value"])
    s = sa.table("statements", sa.column("entity_id"), sa.column("prop"), sa.column("value"))
    rows = op.get_bind().execute(sa.select(s.c.entity_id, s.c.prop, s.c.value).distinct()
                                 .where(s.c.prop.in_(("role",) + COUNTRY_PROPS))).all()
    seen = set()
    for entity_id, prop, text in rows:
        value = json.loads(text)
        if not isinstance(value, str) or not value or len(value) > 64:
            continue
        row = (entity_id, "role", value) if prop == "role" else (entity_id, "country", value.upper())
        seen.add(row)
    out = [{"entity_id": e, "prop": p, "value": v} for e, p, v in sorted(seen)]
    for i in range(0, len(out), 5000):
        op.bulk_insert(facts, out[i:i + 5000])


def downgrade() -> None:
    op.drop_table("entity_facts")

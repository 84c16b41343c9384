"""The allegations index: one row per `risk:` statement with its category, stage, proceeding,
status and date in indexed columns, so browsing filters without reading the statements' JSON.

Existing allegations are indexed here from their statements (which stay as they are): proceeding
and status are derived from the stage by rapsheet.stages as it reads at upgrade time, the date is
the allegation's own else its article's publication date, as the store does on every later write.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 5000


def _day(value):
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def upgrade() -> None:
    from rapsheet import stages

    allegations = op.create_table(
        "allegations",
        sa.Column("statement_id", sa.String(32), sa.ForeignKey("statements.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("entity_id", sa.String(16), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id", ondelete="CASCADE")),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("stage", sa.String(16)),
        sa.Column("proceeding", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("date", sa.Date),
    )
    for name, columns in (("entity_id", ["entity_id"]), ("article_id", ["article_id"]),
                          ("category", ["category", "stage"]), ("stage", ["stage", "proceeding"]),
                          ("proceeding", ["proceeding"]), ("status", ["status"]), ("date", ["date"])):
        op.create_index(f"ix_allegations_{name}", "allegations", columns)

    s = sa.table("statements", sa.column("id"), sa.column("entity_id"), sa.column("prop"),
                 sa.column("value"), sa.column("article_id"))
    a = sa.table("articles", sa.column("id"), sa.column("published", sa.Date))
    conn = op.get_bind()
    result = conn.execute(sa.select(s.c.id, s.c.entity_id, s.c.prop, s.c.value, s.c.article_id,
                                    a.c.published)
                          .select_from(s.outerjoin(a, a.c.id == s.c.article_id))
                          .where(s.c.prop.like("risk:%")).order_by(s.c.id))
    rows = [dict(r._mapping) for r in result]
    batch = []
    for row in rows:
        value = json.loads(row["value"])
        value = value if isinstance(value, dict) else {}
        stage = value.get("stage")
        batch.append({"statement_id": row["id"], "entity_id": row["entity_id"],
                      "article_id": row["article_id"], "category": row["prop"][5:][:32],
                      "stage": stage, "proceeding": stages.proceeding_of(stage, value.get("proceeding")),
                      "status": stages.status_of(stage) or stages.ACTIVE,
                      "date": _day(value.get("date")) or row["published"]})
        if len(batch) >= BATCH:
            op.bulk_insert(allegations, batch)
            batch = []
    if batch:
        op.bulk_insert(allegations, batch)


def downgrade() -> None:
    op.drop_table("allegations")

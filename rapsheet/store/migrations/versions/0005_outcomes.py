"""Outcomes: each charge keeps its proceeding (criminal, civil, regulatory, sanctions) and status
(active or cleared) beside its stage, searchable.

Rows written before this revision knew only the stages below: they get their proceeding and
status from their stage, in place (the stage list is frozen here, as it stood at revision 0004;
the one order of today's stages is rapsheet/data/stages.yaml). Risks live in `statements` as
JSON, whose text is the statement's id: they are not rewritten, and readers derive the proceeding
and status of an old risk from its stage (rapsheet.stages).

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The stages revision 0004 stored, and what they mean in the outcome model.
OLD_PROCEEDING = {"sanctioned": "sanctions"}         # every other old stage was criminal
OLD_CLEARED = ("acquitted", "dismissed")


def upgrade() -> None:
    op.add_column("charges", sa.Column("proceeding", sa.String(16)))
    op.add_column("charges", sa.Column("status", sa.String(16)))
    charges = sa.table("charges", sa.column("stage", sa.String), sa.column("proceeding", sa.String),
                       sa.column("status", sa.String))
    op.execute(charges.update().values(
        proceeding=sa.case(*((charges.c.stage == stage, value) for stage, value in OLD_PROCEEDING.items()),
                           else_="criminal"),
        status=sa.case((charges.c.stage.in_(OLD_CLEARED), "cleared"), else_="active")))


def downgrade() -> None:
    with op.batch_alter_table("charges") as batch:
        batch.drop_column("status")
        batch.drop_column("proceeding")

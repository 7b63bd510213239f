"""follow-up rounds: every organisation's answer to every question of a yearly round (R14, seed 002)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

- ``followup_answer``: one row per (round item, organisation, question), the
  answer as text. The answer step's history row carries the same answers, so
  the chain covers them; this table is what the yearly report reads.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followup_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "org_id", "question", name="uq_followup_answer"),
    )
    op.create_index("ix_followup_answer_item_id", "followup_answer", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_followup_answer_item_id", table_name="followup_answer")
    op.drop_table("followup_answer")

"""implementation and communication plans (R19, seed 000): one plan per item and LPO, and its activities

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

- ``implementation_plan``: one per (item, LPO).
- ``plan_activity``: målgrupp, vad, var, genomförande (and the person it
  names, if any), tidplan as written (and the day it is due, if it has one),
  status, note, and who changed it last, when. Numbered within the plan.
  Every change is also an administrative row of the history chain
  (:mod:`kgflow.domain.records`), so ``audit verify`` vouches for the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _utc(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "implementation_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        _utc("created_at"),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["org_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "org_id", name="uq_implementation_plan"),
    )
    op.create_index("ix_implementation_plan_org_id", "implementation_plan", ["org_id"], unique=False)
    op.create_table(
        "plan_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("target_group", sa.String(length=500), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("venue", sa.String(length=500), nullable=False),
        sa.Column("performer", sa.String(length=500), nullable=False),
        sa.Column("performer_id", sa.Integer(), nullable=True),
        sa.Column("schedule", sa.String(length=500), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        _utc("changed_at"),
        sa.ForeignKeyConstraint(["plan_id"], ["implementation_plan.id"]),
        sa.ForeignKeyConstraint(["performer_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_activity_number"),
    )
    op.create_index("ix_plan_activity_status_due", "plan_activity", ["status", "due"], unique=False)
    op.add_column("notice", sa.Column("activity_id", sa.Integer(), nullable=True))
    op.create_index("ix_notice_activity_id", "notice", ["activity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notice_activity_id", table_name="notice")
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("activity_id")
    op.drop_index("ix_plan_activity_status_due", table_name="plan_activity")
    op.drop_table("plan_activity")
    op.drop_index("ix_implementation_plan_org_id", table_name="implementation_plan")
    op.drop_table("implementation_plan")

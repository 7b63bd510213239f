"""fenced mail claims and scheduler leases

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

A digest claimed for sending carries the claim's token, and the scheduler's
lease the token of its current hold. Every later write of a sender or a
scheduler names its token, so a process that was paused or slow past its lease
changes nothing once another has taken over. Rows from before have no token:
a digest is claimable as before, and a lease is taken afresh once it expires.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
    with op.batch_alter_table("lease", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lease", schema=None) as batch_op:
        batch_op.drop_column("token")
    with op.batch_alter_table("digest", schema=None) as batch_op:
        batch_op.drop_column("claim_token")

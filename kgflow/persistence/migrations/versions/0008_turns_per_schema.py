"""the history turn is per schema: two deployments (or test workers) in one database never wait for each other

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

The history trigger took one advisory lock for the whole database, so every
schema's appends queued behind each other. It now takes the pair (7336122,
hashtext of the stamped table's schema), as ``kgflow.persistence.turns`` does.
SQLite has one writer per file and nothing to change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

WHOLE_DATABASE = "pg_advisory_xact_lock(7336122)"
PER_SCHEMA = "pg_advisory_xact_lock(7336122, hashtext(TG_TABLE_SCHEMA))"


def _swap(old: str, new: str) -> None:
    """Re-create the history trigger's function with its lock call ``old`` replaced by ``new``."""
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    definition = connection.execute(
        sa.text("SELECT pg_get_functiondef('kgflow_history_stamp'::regproc)")
    ).scalar_one()
    if old not in definition:
        raise RuntimeError(f"kgflow_history_stamp() does not call {old}; the trigger is not kgflow's")
    op.execute(definition.replace(old, new))


def upgrade() -> None:
    _swap(WHOLE_DATABASE, PER_SCHEMA)


def downgrade() -> None:
    _swap(PER_SCHEMA, WHOLE_DATABASE)

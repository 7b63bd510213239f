"""hash-chained, append-only history

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

Every existing history row gets its place in the chain (``seq`` in id order),
its previous hash and its own hash, computed with
:func:`kgflow.domain.audit.row_hash` — the definition of the chain's format;
changing it needs a migration of its own. Triggers then refuse UPDATE and
DELETE on history, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kgflow.domain.audit import GENESIS, row_hash

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
]
POSTGRES_TRIGGERS = [
    "CREATE FUNCTION kgflow_history_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'history is append-only'; END $$",
    "CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history "
    "FOR EACH ROW EXECUTE FUNCTION kgflow_history_append_only()",
]


def upgrade() -> None:
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    # Typed columns: SQLite hands back text unless told a column holds times.
    history = sa.table(
        "history",
        sa.column("at", sa.DateTime(timezone=True)),
        *(sa.column(name) for name in (
            "id", "seq", "prev_hash", "hash", "instance_id", "item_version", "actor", "event",
            "from_state", "to_state", "level", "fields", "note",
        )),
    )  # fmt: skip
    rows = connection.execute(sa.select(history).order_by(history.c.id)).all()
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        digest = row_hash(
            seq, row.instance_id, row.item_version, row.at, row.actor, row.event, row.from_state, row.to_state,
            row.level, row.fields, row.note, previous,
        )  # fmt: skip
        connection.execute(
            sa.update(history).where(history.c.id == row.id).values(seq=seq, prev_hash=previous, hash=digest)
        )
        previous = digest
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_history_seq", ["seq"])
        batch_op.create_unique_constraint("uq_history_prev_hash", ["prev_hash"])
    for statement in SQLITE_TRIGGERS if connection.dialect.name == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("DROP TRIGGER history_no_update")
        op.execute("DROP TRIGGER history_no_delete")
    else:
        op.execute("DROP TRIGGER history_append_only ON history")
        op.execute("DROP FUNCTION kgflow_history_append_only()")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_constraint("uq_history_prev_hash", type_="unique")
        batch_op.drop_constraint("uq_history_seq", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")

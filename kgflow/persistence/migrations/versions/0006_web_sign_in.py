"""web sign-in: one-time links, sessions, personal API tokens, counted requests and the shared secret

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

- ``sign_in_link``: a link e-mailed to a person, kept as its token's SHA-256;
  spent once (``used_at``), within its lifetime (``expires_at``).
- ``web_session``: a signed-in browser, kept as its token's SHA-256, live
  until it expires or is ended.
- ``api_token``: a person's token for scripts, kept as its SHA-256, with a
  label, live until revoked.
- ``sign_in_request``: each accepted request for a link, by the SHA-256 of the
  address asked for and the client's address, for rate limits.
- ``web_secret``: one row holding the secret every web server signs with.

None of these is in the history chain or in ``kgflow export``: they are who is
signed in now, not the chain's record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _utc(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _person_token_table(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(f"ix_{name}_person_id", name, ["person_id"], unique=False)


def upgrade() -> None:
    _person_token_table("sign_in_link", _utc("created_at"), _utc("expires_at"), _utc("used_at", nullable=True))
    _person_token_table(
        "web_session",
        _utc("created_at"),
        _utc("expires_at"),
        _utc("ended_at", nullable=True),
        _utc("last_seen_at", nullable=True),
    )
    _person_token_table(
        "api_token",
        sa.Column("label", sa.String(length=200), nullable=False),
        _utc("created_at"),
        _utc("revoked_at", nullable=True),
        _utc("last_used_at", nullable=True),
    )
    op.create_table(
        "sign_in_request",
        sa.Column("id", sa.Integer(), nullable=False),
        _utc("at"),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_request_address_at", "sign_in_request", ["address_hash", "at"], unique=False)
    op.create_index("ix_sign_in_request_client_at", "sign_in_request", ["client", "at"], unique=False)
    op.create_table(
        "web_secret",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        _utc("created_at"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("web_secret")
    op.drop_index("ix_sign_in_request_client_at", table_name="sign_in_request")
    op.drop_index("ix_sign_in_request_address_at", table_name="sign_in_request")
    op.drop_table("sign_in_request")
    for name in ("api_token", "web_session", "sign_in_link"):
        op.drop_index(f"ix_{name}_person_id", table_name=name)
        op.drop_table(name)

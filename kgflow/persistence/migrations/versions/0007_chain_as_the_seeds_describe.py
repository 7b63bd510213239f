"""the chain as the seeds describe it: programområden, län, decision forums, several parents, priorities and holds

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

- ``organisation.area``: the programområde an NPO, RPO, LPO or LAG works in
  (``psykisk-halsa``, ``aldres-halsa``, …); empty for huvudmän, verksamheter and
  forums, which serve every area.
- ``organisation.lan``: the län (two-digit code) a region, kommun, LPO, LAG or
  forum belongs to.
- ``organisation.short_name``: the everyday name ("Falun") beside the formal
  one in ``name`` ("Falu kommun"); both are accepted in lookups.
- ``organisation.decides_for``: for a forum (kind ``body``), the kinds of
  huvudman it takes the local decision for, space separated ("region kommun").
- ``organisation_link``: further parents beyond ``parent_id`` — the huvudmän of
  a län under every LPO of the län, Region Halland's LPOs under both Södra and
  Västra sjukvårdsregionen.
- ``organisation.routes``: every way up from an organisation, one path per
  route (primary first, space separated), so "under ORG" is one ``LIKE`` over
  all routes; filled from ``path`` for the organisations already there.
- ``item.area``: the programområde an item belongs to.
- ``instance.priority``, ``instance.held_since``, ``instance.review_on``: an
  LPO's priority for an item in its län, and a hold (since when, to be reviewed
  when); a held step is neither late nor chased.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite cannot rebuild a table others refer to.
    op.add_column("organisation", sa.Column("area", sa.String(length=80), nullable=True))
    op.add_column("organisation", sa.Column("lan", sa.String(length=2), nullable=True))
    op.add_column("organisation", sa.Column("short_name", sa.String(length=200), nullable=True))
    op.add_column("organisation", sa.Column("decides_for", sa.String(length=40), nullable=True))
    op.add_column("organisation", sa.Column("routes", sa.Text(), nullable=True))
    op.execute("UPDATE organisation SET routes = path")
    op.create_index("ix_organisation_area", "organisation", ["area"])
    op.create_index("ix_organisation_lan", "organisation", ["lan"])
    op.create_table(
        "organisation_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["parent_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "parent_id", name="uq_organisation_link"),
    )
    op.create_index("ix_organisation_link_parent_id", "organisation_link", ["parent_id"])
    op.add_column("item", sa.Column("area", sa.String(length=80), nullable=True))
    op.add_column("instance", sa.Column("priority", sa.String(length=16), nullable=True))
    op.add_column("instance", sa.Column("held_since", sa.Date(), nullable=True))
    op.add_column("instance", sa.Column("review_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("instance", "review_on")
    op.drop_column("instance", "held_since")
    op.drop_column("instance", "priority")
    op.drop_column("item", "area")
    op.drop_index("ix_organisation_link_parent_id", table_name="organisation_link")
    op.drop_table("organisation_link")
    op.drop_index("ix_organisation_lan", table_name="organisation")
    op.drop_index("ix_organisation_area", table_name="organisation")
    for column in ("routes", "decides_for", "short_name", "lan", "area"):
        op.drop_column("organisation", column)

"""the chain: organisations, people, items, instances, history

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 11:59:01.312214
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('municipality_code')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_path'), ['path'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('workflow_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', 'version')
    )
    op.create_table('item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('workflow', sa.String(length=80), nullable=False),
    sa.Column('default_target_level', sa.Integer(), nullable=False),
    sa.Column('owner_org_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_org_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('role_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'org_id', 'role')
    )
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignment_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignment_person_id'), ['person_id'], unique=False)

    op.create_table('item_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('workflow', sa.String(length=80), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('adoption_ref', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'number')
    )
    with op.batch_alter_table('item_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_version_item_id'), ['item_id'], unique=False)

    op.create_table('instance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('item_version_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('workflow', sa.String(length=80), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('target_level', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ),
    sa.ForeignKeyConstraint(['item_version_id'], ['item_version.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['instance.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'org_id')
    )
    with op.batch_alter_table('instance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instance_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instance_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instance_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_instance_state_due', ['state', 'due'], unique=False)

    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.Integer(), nullable=False),
    sa.Column('item_version', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=40), nullable=True),
    sa.Column('to_state', sa.String(length=40), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['instance_id'], ['instance.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_instance_id'), ['instance_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_instance_id'))

    op.drop_table('history')
    with op.batch_alter_table('instance', schema=None) as batch_op:
        batch_op.drop_index('ix_instance_state_due')
        batch_op.drop_index(batch_op.f('ix_instance_parent_id'))
        batch_op.drop_index(batch_op.f('ix_instance_org_id'))
        batch_op.drop_index(batch_op.f('ix_instance_item_id'))

    op.drop_table('instance')
    with op.batch_alter_table('item_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_version_item_id'))

    op.drop_table('item_version')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignment_person_id'))
        batch_op.drop_index(batch_op.f('ix_role_assignment_org_id'))

    op.drop_table('role_assignment')
    op.drop_table('item')
    op.drop_table('workflow_definition')
    op.drop_table('person')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_path'))
        batch_op.drop_index(batch_op.f('ix_organisation_parent_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_kind'))

    op.drop_table('organisation')

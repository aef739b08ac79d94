"""splits

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('split_beneficiaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('account_id', BigId, nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind = 'external' OR account_id IS NULL", name=op.f('ck_split_beneficiaries_market_has_no_account')),
    sa.CheckConstraint("kind IN ('market', 'external')", name=op.f('ck_split_beneficiaries_kind_known')),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_accounts.id'], name=op.f('fk_split_beneficiaries_account_id_ledger_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_split_beneficiaries')),
    sa.UniqueConstraint('account_id', name=op.f('uq_split_beneficiaries_account_id')),
    sa.UniqueConstraint('name', name=op.f('uq_split_beneficiaries_name'))
    )
    op.create_table('split_rule_versions',
    sa.Column('id', BigId, nullable=False),
    sa.Column('scope_key', sa.String(length=32), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('commodity_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('remainder_beneficiary_id', sa.Integer(), nullable=True),
    sa.Column('effective_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint('(commodity_id IS NULL) <> (category_id IS NULL)', name=op.f('ck_split_rule_versions_one_scope')),
    sa.CheckConstraint('version > 0', name=op.f('ck_split_rule_versions_version_positive')),
    sa.ForeignKeyConstraint(['category_id'], ['commodity_categories.id'], name=op.f('fk_split_rule_versions_category_id_commodity_categories')),
    sa.ForeignKeyConstraint(['commodity_id'], ['commodities.id'], name=op.f('fk_split_rule_versions_commodity_id_commodities')),
    sa.ForeignKeyConstraint(['remainder_beneficiary_id'], ['split_beneficiaries.id'], name=op.f('fk_split_rule_versions_remainder_beneficiary_id_split_beneficiaries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_split_rule_versions')),
    sa.UniqueConstraint('scope_key', 'version', name='uq_split_rule_versions_scope_version')
    )
    with op.batch_alter_table('split_rule_versions', schema=None) as batch_op:
        batch_op.create_index('ix_split_rule_versions_scope_effective', ['scope_key', 'effective_at'], unique=False)

    op.create_table('split_rule_lines',
    sa.Column('id', BigId, nullable=False),
    sa.Column('version_id', BigId, nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('basis_points', sa.Integer(), nullable=True),
    sa.Column('fixed_fen', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('(basis_points IS NULL) <> (fixed_fen IS NULL)', name=op.f('ck_split_rule_lines_percent_or_fixed')),
    sa.CheckConstraint('basis_points IS NULL OR (basis_points >= 0 AND basis_points <= 10000)', name=op.f('ck_split_rule_lines_basis_points_range')),
    sa.CheckConstraint('fixed_fen IS NULL OR fixed_fen >= 0', name=op.f('ck_split_rule_lines_fixed_nonnegative')),
    sa.CheckConstraint('line_no > 0', name=op.f('ck_split_rule_lines_line_no_positive')),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['split_beneficiaries.id'], name=op.f('fk_split_rule_lines_beneficiary_id_split_beneficiaries')),
    sa.ForeignKeyConstraint(['version_id'], ['split_rule_versions.id'], name=op.f('fk_split_rule_lines_version_id_split_rule_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_split_rule_lines')),
    sa.UniqueConstraint('version_id', 'beneficiary_id', name='uq_split_rule_lines_version_beneficiary'),
    sa.UniqueConstraint('version_id', 'line_no', name='uq_split_rule_lines_version_line')
    )
    op.create_table('split_log',
    sa.Column('id', BigId, nullable=False),
    sa.Column('ticket_id', BigId, nullable=False),
    sa.Column('voucher_no', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('version_id', BigId, nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('transfer_id', BigId, nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind = 'charge' AND amount_fen >= 0) OR (kind <> 'charge' AND amount_fen <= 0)", name=op.f('ck_split_log_sign_by_kind')),
    sa.CheckConstraint("kind IN ('charge', 'refund', 'void')", name=op.f('ck_split_log_kind_known')),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['split_beneficiaries.id'], name=op.f('fk_split_log_beneficiary_id_split_beneficiaries')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_split_log_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['ticket_id'], ['weigh_tickets.id'], name=op.f('fk_split_log_ticket_id_weigh_tickets')),
    sa.ForeignKeyConstraint(['transfer_id'], ['ledger_transfers.id'], name=op.f('fk_split_log_transfer_id_ledger_transfers')),
    sa.ForeignKeyConstraint(['version_id'], ['split_rule_versions.id'], name=op.f('fk_split_log_version_id_split_rule_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_split_log')),
    sa.UniqueConstraint('event_id', 'beneficiary_id', name='uq_split_log_event_beneficiary')
    )
    with op.batch_alter_table('split_log', schema=None) as batch_op:
        batch_op.create_index('ix_split_log_beneficiary_time', ['beneficiary_id', 'created_at'], unique=False)
        batch_op.create_index('ix_split_log_ticket', ['ticket_id', 'id'], unique=False)

    for table in APPEND_ONLY:
        make_append_only(table)


APPEND_ONLY = ("split_rule_versions", "split_rule_lines", "split_log")


def downgrade() -> None:
    for table in APPEND_ONLY:
        drop_append_only(table)
    with op.batch_alter_table('split_log', schema=None) as batch_op:
        batch_op.drop_index('ix_split_log_ticket')
        batch_op.drop_index('ix_split_log_beneficiary_time')

    op.drop_table('split_log')
    op.drop_table('split_rule_lines')
    with op.batch_alter_table('split_rule_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_split_rule_versions_scope_effective')

    op.drop_table('split_rule_versions')
    op.drop_table('split_beneficiaries')

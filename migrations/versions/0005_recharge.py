"""recharge

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_closures',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('merchant_id', sa.Integer(), nullable=False),
    sa.Column('receipt_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=True),
    sa.Column('paid_out_fen', sa.BigInteger(), nullable=False),
    sa.Column('paid_by', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("paid_by IN ('cash', 'transfer', 'none')", name=op.f('ck_account_closures_paid_by_known')),
    sa.CheckConstraint('paid_out_fen >= 0', name=op.f('ck_account_closures_paid_out_nonnegative')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_account_closures_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_account_closures_merchant_id_merchants')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_account_closures_operator_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_account_closures_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_closures')),
    sa.UniqueConstraint('merchant_id', name=op.f('uq_account_closures_merchant_id')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_account_closures_receipt_no'))
    )
    op.create_table('recharges',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('receipt_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('merchant_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('balance_before_fen', sa.BigInteger(), nullable=False),
    sa.Column('balance_after_fen', sa.BigInteger(), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(method = 'cash') = (reference IS NULL)", name=op.f('ck_recharges_reference_for_non_cash')),
    sa.CheckConstraint("method IN ('cash', 'bank_card', 'wechat', 'alipay', 'bank_transfer')", name=op.f('ck_recharges_method_known')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_recharges_amount_positive')),
    sa.CheckConstraint('balance_after_fen = balance_before_fen + amount_fen', name=op.f('ck_recharges_balance_adds_up')),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_accounts.id'], name=op.f('fk_recharges_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_recharges_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_recharges_merchant_id_merchants')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_recharges_operator_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_recharges_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recharges')),
    sa.UniqueConstraint('event_id', name=op.f('uq_recharges_event_id')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_recharges_receipt_no'))
    )
    with op.batch_alter_table('recharges', schema=None) as batch_op:
        batch_op.create_index('ix_recharges_merchant_time', ['merchant_id', 'created_at'], unique=False)
        batch_op.create_index('ix_recharges_shift', ['shift_id', 'id'], unique=False)
        batch_op.create_index('uq_recharges_channel_reference', ['method', 'reference'], unique=True, sqlite_where=sa.text('reference IS NOT NULL'), postgresql_where=sa.text('reference IS NOT NULL'))

    op.create_table('recharge_reversals',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recharge_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('receipt_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_recharge_reversals_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_recharge_reversals_operator_id_users')),
    sa.ForeignKeyConstraint(['recharge_id'], ['recharges.id'], name=op.f('fk_recharge_reversals_recharge_id_recharges')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_recharge_reversals_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recharge_reversals')),
    sa.UniqueConstraint('event_id', name=op.f('uq_recharge_reversals_event_id')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_recharge_reversals_receipt_no')),
    sa.UniqueConstraint('recharge_id', name=op.f('uq_recharge_reversals_recharge_id'))
    )
    for table in APPEND_ONLY:
        make_append_only(table)


APPEND_ONLY = ("recharges", "recharge_reversals", "account_closures")


def downgrade() -> None:
    for table in APPEND_ONLY:
        drop_append_only(table)
    op.drop_table('recharge_reversals')
    with op.batch_alter_table('recharges', schema=None) as batch_op:
        batch_op.drop_index('uq_recharges_channel_reference', sqlite_where=sa.text('reference IS NOT NULL'), postgresql_where=sa.text('reference IS NOT NULL'))
        batch_op.drop_index('ix_recharges_shift')
        batch_op.drop_index('ix_recharges_merchant_time')

    op.drop_table('recharges')
    op.drop_table('account_closures')

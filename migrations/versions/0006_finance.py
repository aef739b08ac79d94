"""finance: shift close and handover, finance receipt, cash drops and pay-outs, day close;
indexes for the day report; the cash.drop and cash.payout permissions for the default roles.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

APPEND_ONLY = ("handovers", "handover_methods", "handover_receipts", "handover_adjustments", "cash_movements",
               "day_closes")
# Permissions added by this release, and the default roles that get them.
NEW_PERMISSIONS = {"cash.drop": ("cashier", "recharge_clerk", "manager", "admin"),
                   "cash.payout": ("manager", "admin")}


def upgrade() -> None:
    op.create_table('day_closes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('business_day', sa.String(length=10), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_by_name', sa.String(length=64), nullable=False),
    sa.Column('handovers_count', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('report_path', sa.String(length=400), nullable=False),
    sa.Column('with_differences', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_day_closes_closed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_closes')),
    sa.UniqueConstraint('business_day', name=op.f('uq_day_closes_business_day'))
    )
    op.create_table('cash_movements',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('slip_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('payee', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('drop', 'payout')", name=op.f('ck_cash_movements_kind_known')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_cash_movements_amount_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_cash_movements_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_cash_movements_operator_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_cash_movements_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_movements')),
    sa.UniqueConstraint('event_id', name=op.f('uq_cash_movements_event_id')),
    sa.UniqueConstraint('slip_no', name=op.f('uq_cash_movements_slip_no'))
    )
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.create_index('ix_cash_movements_shift', ['shift_id', 'id'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('handover_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('user_name', sa.String(length=64), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_by_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('opening_float_fen', sa.BigInteger(), nullable=False),
    sa.Column('cash_in_fen', sa.BigInteger(), nullable=False),
    sa.Column('cash_out_fen', sa.BigInteger(), nullable=False),
    sa.Column('cash_dropped_fen', sa.BigInteger(), nullable=False),
    sa.Column('expected_cash_fen', sa.BigInteger(), nullable=False),
    sa.Column('counted_cash_fen', sa.BigInteger(), nullable=False),
    sa.Column('denominations', sa.String(length=400), nullable=False),
    sa.Column('first_voucher', sa.String(length=20), nullable=True),
    sa.Column('last_voucher', sa.String(length=20), nullable=True),
    sa.Column('vouchers_count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('print_job_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('counted_cash_fen >= 0 AND cash_in_fen >= 0 AND cash_out_fen >= 0 AND cash_dropped_fen >= 0 AND opening_float_fen >= 0', name=op.f('ck_handovers_amounts_nonnegative')),
    sa.CheckConstraint('expected_cash_fen = opening_float_fen + cash_in_fen - cash_out_fen - cash_dropped_fen', name=op.f('ck_handovers_expected_adds_up')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_handovers_closed_by_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_handovers_shift_id_shifts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_handovers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handovers')),
    sa.UniqueConstraint('event_id', name=op.f('uq_handovers_event_id')),
    sa.UniqueConstraint('handover_no', name=op.f('uq_handovers_handover_no')),
    sa.UniqueConstraint('shift_id', name=op.f('uq_handovers_shift_id'))
    )
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index('ix_handovers_closed_at', ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_handovers_user_id'), ['user_id'], unique=False)

    op.create_table('handover_adjustments',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('handover_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_fen <> 0', name=op.f('ck_handover_adjustments_amount_nonzero')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_handover_adjustments_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['handover_id'], ['handovers.id'], name=op.f('fk_handover_adjustments_handover_id_handovers')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_handover_adjustments_operator_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_adjustments')),
    sa.UniqueConstraint('event_id', name=op.f('uq_handover_adjustments_event_id'))
    )
    with op.batch_alter_table('handover_adjustments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handover_adjustments_handover_id'), ['handover_id'], unique=False)

    op.create_table('handover_methods',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('handover_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('expected_fen', sa.BigInteger(), nullable=False),
    sa.Column('declared_fen', sa.BigInteger(), nullable=False),
    sa.Column('payments_count', sa.Integer(), nullable=False),
    sa.CheckConstraint("method IN ('bank_card', 'wechat', 'alipay', 'bank_transfer')", name=op.f('ck_handover_methods_method_known')),
    sa.CheckConstraint('declared_fen >= 0', name=op.f('ck_handover_methods_declared_nonnegative')),
    sa.ForeignKeyConstraint(['handover_id'], ['handovers.id'], name=op.f('fk_handover_methods_handover_id_handovers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_methods')),
    sa.UniqueConstraint('handover_id', 'method', name='uq_handover_methods_method')
    )
    op.create_table('handover_receipts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('handover_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('received_by_id', sa.Integer(), nullable=True),
    sa.Column('received_by_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('expected_cash_fen', sa.BigInteger(), nullable=False),
    sa.Column('counted_cash_fen', sa.BigInteger(), nullable=False),
    sa.Column('difference_fen', sa.BigInteger(), nullable=False),
    sa.Column('denominations', sa.String(length=400), nullable=False),
    sa.Column('destination', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("destination IN ('safe', 'bank')", name=op.f('ck_handover_receipts_destination_known')),
    sa.CheckConstraint('counted_cash_fen >= 0', name=op.f('ck_handover_receipts_counted_nonnegative')),
    sa.CheckConstraint('difference_fen = counted_cash_fen - expected_cash_fen', name=op.f('ck_handover_receipts_difference_adds_up')),
    sa.ForeignKeyConstraint(['handover_id'], ['handovers.id'], name=op.f('fk_handover_receipts_handover_id_handovers')),
    sa.ForeignKeyConstraint(['received_by_id'], ['users.id'], name=op.f('fk_handover_receipts_received_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_receipts')),
    sa.UniqueConstraint('event_id', name=op.f('uq_handover_receipts_event_id')),
    sa.UniqueConstraint('handover_id', name=op.f('uq_handover_receipts_handover_id'))
    )
    with op.batch_alter_table('handover_receipts', schema=None) as batch_op:
        batch_op.create_index('ix_handover_receipts_created_at', ['created_at'], unique=False)

    with op.batch_alter_table('recharges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recharges_created_at'), ['created_at'], unique=False)
    with op.batch_alter_table('recharge_reversals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recharge_reversals_created_at'), ['created_at'], unique=False)
    with op.batch_alter_table('weigh_refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weigh_refunds_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('weigh_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weigh_tickets_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('weigh_voids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weigh_voids_created_at'), ['created_at'], unique=False)


    for table in APPEND_ONLY:
        make_append_only(table)
    _grant_new_permissions()


def _grant_new_permissions() -> None:
    conn = op.get_bind()
    for permission, roles in NEW_PERMISSIONS.items():
        for role in roles:
            conn.execute(sa.text("INSERT INTO role_permissions (role_id, permission) "
                                 "SELECT id, :permission FROM roles WHERE name = :role"),
                         dict(permission=permission, role=role))


def downgrade() -> None:
    conn = op.get_bind()
    for permission in NEW_PERMISSIONS:
        conn.execute(sa.text("DELETE FROM role_permissions WHERE permission = :p"), dict(p=permission))
    for table in APPEND_ONLY:
        drop_append_only(table)
    with op.batch_alter_table('recharge_reversals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recharge_reversals_created_at'))
    with op.batch_alter_table('recharges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recharges_created_at'))
    with op.batch_alter_table('weigh_voids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weigh_voids_created_at'))

    with op.batch_alter_table('weigh_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weigh_tickets_created_at'))

    with op.batch_alter_table('weigh_refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weigh_refunds_created_at'))

    with op.batch_alter_table('handover_receipts', schema=None) as batch_op:
        batch_op.drop_index('ix_handover_receipts_created_at')

    op.drop_table('handover_receipts')
    op.drop_table('handover_methods')
    with op.batch_alter_table('handover_adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handover_adjustments_handover_id'))

    op.drop_table('handover_adjustments')
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handovers_user_id'))
        batch_op.drop_index('ix_handovers_closed_at')

    op.drop_table('handovers')
    with op.batch_alter_table('cash_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_cash_movements_shift')

    op.drop_table('cash_movements')
    op.drop_table('day_closes')

"""ledger: accounts, transfers, events, shifts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_accounts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key', sa.String(length=96), nullable=False),
    sa.Column('ledger', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('debits_must_not_exceed_credits', sa.Boolean(), nullable=False),
    sa.Column('credits_must_not_exceed_debits', sa.Boolean(), nullable=False),
    sa.Column('overdraft_limit_fen', sa.BigInteger(), nullable=False),
    sa.Column('debits_pending', sa.BigInteger(), nullable=False),
    sa.Column('debits_posted', sa.BigInteger(), nullable=False),
    sa.Column('credits_pending', sa.BigInteger(), nullable=False),
    sa.Column('credits_posted', sa.BigInteger(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)', name=op.f('ck_ledger_accounts_one_direction_flag')),
    sa.CheckConstraint('NOT credits_must_not_exceed_debits OR credits_pending + credits_posted <= debits_posted', name=op.f('ck_ledger_accounts_credits_within_debits')),
    sa.CheckConstraint('NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted + overdraft_limit_fen', name=op.f('ck_ledger_accounts_debits_within_credits')),
    sa.CheckConstraint('debits_pending >= 0 AND debits_posted >= 0 AND credits_pending >= 0 AND credits_posted >= 0', name=op.f('ck_ledger_accounts_counters_nonnegative')),
    sa.CheckConstraint('overdraft_limit_fen >= 0', name=op.f('ck_ledger_accounts_overdraft_nonnegative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_accounts')),
    sa.UniqueConstraint('key', name=op.f('uq_ledger_accounts_key'))
    )
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_accounts_code'), ['code'], unique=False)

    op.create_table('ledger_events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('operator_name', sa.String(length=32), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_events'))
    )
    op.create_table('shifts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('opening_float_fen', sa.BigInteger(), nullable=False),
    sa.Column('drawer_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('opening_float_fen >= 0', name=op.f('ck_shifts_float_nonnegative')),
    sa.ForeignKeyConstraint(['drawer_account_id'], ['ledger_accounts.id'], name=op.f('fk_shifts_drawer_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_shifts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shifts'))
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifts_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_shifts_one_open_per_user_counter', ['user_id', 'counter'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('ledger_transfers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('event_index', sa.Integer(), nullable=False),
    sa.Column('ledger', sa.Integer(), nullable=False),
    sa.Column('debit_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('credit_account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('pending_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('ticket_ref', sa.String(length=40), nullable=True),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('counter', sa.String(length=64), nullable=True),
    sa.Column('memo', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind IN ('post', 'void')) = (pending_id IS NOT NULL)", name=op.f('ck_ledger_transfers_pending_ref')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_ledger_transfers_amount_positive')),
    sa.CheckConstraint('debit_account_id <> credit_account_id', name=op.f('ck_ledger_transfers_two_accounts')),
    sa.ForeignKeyConstraint(['credit_account_id'], ['ledger_accounts.id'], name=op.f('fk_ledger_transfers_credit_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['debit_account_id'], ['ledger_accounts.id'], name=op.f('fk_ledger_transfers_debit_account_id_ledger_accounts')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_ledger_transfers_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['pending_id'], ['ledger_transfers.id'], name=op.f('fk_ledger_transfers_pending_id_ledger_transfers')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_ledger_transfers_shift_id_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_transfers')),
    sa.UniqueConstraint('event_id', 'event_index', name='uq_ledger_transfers_event_id'),
    sa.UniqueConstraint('pending_id', name='uq_ledger_transfers_pending_id')
    )
    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_transfers_credit_time', ['credit_account_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_ledger_transfers_debit_time', ['debit_account_id', 'created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_transfers_shift_id'), ['shift_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_transfers_ticket_ref'), ['ticket_ref'], unique=False)
    make_append_only("ledger_events")
    make_append_only("ledger_transfers")
    _seed_system_accounts()


# Frozen copy of the system accounts of this revision: (key, code, name, flags).
_SYSTEM_ACCOUNTS = [
    ("safe", "safe", "Finance safe", False),
    ("bank", "bank", "Bank account", False),
    ("over_short", "over_short", "Cash over/short", False),
    ("clearing:cash", "channel_clearing", "Clearing: cash", False),
    ("clearing:bank_card", "channel_clearing", "Clearing: bank card", False),
    ("clearing:wechat", "channel_clearing", "Clearing: WeChat Pay", False),
    ("clearing:alipay", "channel_clearing", "Clearing: Alipay", False),
    ("clearing:bank_transfer", "channel_clearing", "Clearing: bank transfer", False),
]


def _seed_system_accounts() -> None:
    bind = op.get_bind()
    sql = ("SELECT now() AT TIME ZONE 'UTC'" if bind.dialect.name == "postgresql"
           else "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")
    now = bind.execute(sa.text(sql)).scalar_one()
    accounts = sa.table(
        "ledger_accounts", sa.column("key"), sa.column("ledger"), sa.column("code"), sa.column("name"),
        sa.column("debits_must_not_exceed_credits"), sa.column("credits_must_not_exceed_debits"),
        sa.column("overdraft_limit_fen"), sa.column("debits_pending"), sa.column("debits_posted"),
        sa.column("credits_pending"), sa.column("credits_posted"), sa.column("closed"),
        sa.column("opened_at", sa.DateTime))
    op.bulk_insert(accounts, [
        {"key": key, "ledger": 156, "code": code, "name": name,
         "debits_must_not_exceed_credits": False, "credits_must_not_exceed_debits": flag,
         "overdraft_limit_fen": 0, "debits_pending": 0, "debits_posted": 0, "credits_pending": 0,
         "credits_posted": 0, "closed": False, "opened_at": _naive(now)}
        for key, code, name, flag in _SYSTEM_ACCOUNTS])


def _naive(value):
    from datetime import datetime
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def downgrade() -> None:
    drop_append_only("ledger_transfers")
    drop_append_only("ledger_events")
    with op.batch_alter_table('ledger_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_transfers_ticket_ref'))
        batch_op.drop_index(batch_op.f('ix_ledger_transfers_shift_id'))
        batch_op.drop_index('ix_ledger_transfers_debit_time')
        batch_op.drop_index('ix_ledger_transfers_credit_time')

    op.drop_table('ledger_transfers')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index('uq_shifts_one_open_per_user_counter', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_shifts_user_id'))

    op.drop_table('shifts')
    op.drop_table('ledger_events')
    with op.batch_alter_table('ledger_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_accounts_code'))

    op.drop_table('ledger_accounts')

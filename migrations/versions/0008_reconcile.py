"""reconcile

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
APPEND_ONLY = ("recon_statements", "recon_lines", "recon_matches", "recon_resolutions")


def upgrade() -> None:
    op.create_table('recon_statements',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('preset', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('period_start', sa.DateTime(), nullable=False),
    sa.Column('period_end', sa.DateTime(), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('skipped_errors', sa.Text(), nullable=False),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('fee_fen', sa.BigInteger(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('bank_card', 'wechat', 'alipay', 'bank_transfer')", name=op.f('ck_recon_statements_channel_known')),
    sa.CheckConstraint('period_start < period_end', name=op.f('ck_recon_statements_period_ordered')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_statements')),
    sa.UniqueConstraint('file_sha256', name=op.f('uq_recon_statements_file_sha256'))
    )
    with op.batch_alter_table('recon_statements', schema=None) as batch_op:
        batch_op.create_index('ix_recon_statements_channel_period', ['channel', 'period_start'], unique=False)

    op.create_table('recon_lines',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('statement_id', BIG_ID, nullable=False),
    sa.Column('row_no', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('refund_no', sa.String(length=64), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('fee_fen', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('payment', 'refund')", name=op.f('ck_recon_lines_kind_known')),
    sa.CheckConstraint('amount_fen > 0', name=op.f('ck_recon_lines_amount_positive')),
    sa.ForeignKeyConstraint(['statement_id'], ['recon_statements.id'], name=op.f('fk_recon_lines_statement_id_recon_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_lines')),
    sa.UniqueConstraint('channel', 'kind', 'reference', 'refund_no', name='uq_recon_lines_channel_kind_reference_refund_no')
    )
    with op.batch_alter_table('recon_lines', schema=None) as batch_op:
        batch_op.create_index('ix_recon_lines_statement', ['statement_id', 'row_no'], unique=False)
        batch_op.create_index('ix_recon_lines_channel_time', ['channel', 'occurred_at'], unique=False)

    op.create_table('recon_matches',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('line_id', BIG_ID, nullable=False),
    sa.Column('recharge_id', BIG_ID, nullable=True),
    sa.Column('reversal_id', BIG_ID, nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(recharge_id IS NULL) <> (reversal_id IS NULL)', name=op.f('ck_recon_matches_one_side')),
    sa.CheckConstraint("method IN ('reference', 'order_no', 'amount_time')", name=op.f('ck_recon_matches_method_known')),
    sa.ForeignKeyConstraint(['line_id'], ['recon_lines.id'], name=op.f('fk_recon_matches_line_id_recon_lines')),
    sa.ForeignKeyConstraint(['recharge_id'], ['recharges.id'], name=op.f('fk_recon_matches_recharge_id_recharges')),
    sa.ForeignKeyConstraint(['reversal_id'], ['recharge_reversals.id'], name=op.f('fk_recon_matches_reversal_id_recharge_reversals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_matches')),
    sa.UniqueConstraint('line_id', name=op.f('uq_recon_matches_line_id')),
    sa.UniqueConstraint('recharge_id', name=op.f('uq_recon_matches_recharge_id')),
    sa.UniqueConstraint('reversal_id', name=op.f('uq_recon_matches_reversal_id'))
    )
    op.create_table('recon_resolutions',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('item_kind', sa.String(length=8), nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('resolved_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("item_kind IN ('line', 'recharge', 'reversal')", name=op.f('ck_recon_resolutions_item_kind_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recon_resolutions')),
    sa.UniqueConstraint('item_kind', 'item_id', name='uq_recon_resolutions_item')
    )
    for table in APPEND_ONLY:
        make_append_only(table)


def downgrade() -> None:
    for table in reversed(APPEND_ONLY):
        drop_append_only(table)
    op.drop_table('recon_resolutions')
    op.drop_table('recon_matches')
    with op.batch_alter_table('recon_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_recon_lines_channel_time')
        batch_op.drop_index('ix_recon_lines_statement')
    op.drop_table('recon_lines')
    with op.batch_alter_table('recon_statements', schema=None) as batch_op:
        batch_op.drop_index('ix_recon_statements_channel_period')
    op.drop_table('recon_statements')

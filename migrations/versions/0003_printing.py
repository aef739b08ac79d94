"""printing: the durable print queue and the voucher signing secret

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import secrets

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('print_jobs',
    sa.Column('id', BigId, nullable=False),
    sa.Column('job_key', sa.String(length=80), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('doc_number', sa.String(length=40), nullable=True),
    sa.Column('open_drawer', sa.Boolean(), nullable=False),
    sa.Column('reprint_of', BigId, nullable=True),
    sa.Column('reprint_no', sa.Integer(), nullable=False),
    sa.Column('printer', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('claimed_by', sa.String(length=40), nullable=True),
    sa.Column('printed_maybe', sa.Boolean(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('queued', 'sent', 'done', 'failed', 'skipped')", name=op.f('ck_print_jobs_state_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_print_jobs_attempts_nonnegative')),
    sa.CheckConstraint('(reprint_of IS NULL) = (reprint_no = 0)', name=op.f('ck_print_jobs_reprint_numbered')),
    sa.ForeignKeyConstraint(['reprint_of'], ['print_jobs.id'], name=op.f('fk_print_jobs_reprint_of_print_jobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs')),
    sa.UniqueConstraint('job_key', name=op.f('uq_print_jobs_job_key'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_print_jobs_counter_state', ['counter', 'state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_jobs_doc_number'), ['doc_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_jobs_reprint_of'), ['reprint_of'], unique=False)
        batch_op.create_index('uq_print_jobs_reprint_no', ['reprint_of', 'reprint_no'], unique=True)

    # The exit desk tells a genuine voucher from a forged one by this key; it never leaves
    # the database (and is not in the audit trail).
    meta = sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "voucher_secret", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    op.execute("DELETE FROM app_meta WHERE key IN ('voucher_secret', 'market_name', 'voucher_footer', 'voucher_logo')")
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index('uq_print_jobs_reprint_no')
        batch_op.drop_index(batch_op.f('ix_print_jobs_reprint_of'))
        batch_op.drop_index(batch_op.f('ix_print_jobs_doc_number'))
        batch_op.drop_index('ix_print_jobs_counter_state')
    op.drop_table('print_jobs')

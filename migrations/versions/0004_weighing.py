"""weighing: master data and tickets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from app.db.ddl import drop_append_only, make_append_only


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('commodity_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('initials', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commodity_categories')),
    sa.UniqueConstraint('name', name=op.f('uq_commodity_categories_name'))
    )
    op.create_table('vehicle_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('tare_g', sa.BigInteger(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('tare_g >= 0 AND tare_g <= 100000000', name=op.f('ck_vehicle_types_tare_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle_types')),
    sa.UniqueConstraint('name', name=op.f('uq_vehicle_types_name'))
    )
    op.create_table('voucher_sequences',
    sa.Column('kind', sa.String(length=1), nullable=False),
    sa.Column('day', sa.String(length=6), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'day', name=op.f('pk_voucher_sequences'))
    )
    op.create_table('commodities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('initials', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['commodity_categories.id'], name=op.f('fk_commodities_category_id_commodity_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commodities')),
    sa.UniqueConstraint('name', name=op.f('uq_commodities_name'))
    )
    with op.batch_alter_table('commodities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commodities_category_id'), ['category_id'], unique=False)

    op.create_table('merchants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('initials', sa.String(length=64), nullable=False),
    sa.Column('contact', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('id_number', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind = 'temporary' OR account_id IS NOT NULL", name=op.f('ck_merchants_fixed_has_account')),
    sa.CheckConstraint("kind IN ('fixed', 'temporary')", name=op.f('ck_merchants_kind_known')),
    sa.CheckConstraint("status IN ('active', 'suspended', 'closed')", name=op.f('ck_merchants_status_known')),
    sa.ForeignKeyConstraint(['account_id'], ['ledger_accounts.id'], name=op.f('fk_merchants_account_id_ledger_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merchants')),
    sa.UniqueConstraint('account_id', name=op.f('uq_merchants_account_id')),
    sa.UniqueConstraint('code', name=op.f('uq_merchants_code'))
    )
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merchants_initials'), ['initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_merchants_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_merchants_phone'), ['phone'], unique=False)

    op.create_table('prices',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('commodity_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('unit_price_fen', sa.BigInteger(), nullable=False),
    sa.Column('effective_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.CheckConstraint('(commodity_id IS NULL) <> (category_id IS NULL)', name=op.f('ck_prices_one_target')),
    sa.CheckConstraint('unit_price_fen >= 0 AND unit_price_fen <= 100000000', name=op.f('ck_prices_unit_price_range')),
    sa.ForeignKeyConstraint(['category_id'], ['commodity_categories.id'], name=op.f('fk_prices_category_id_commodity_categories')),
    sa.ForeignKeyConstraint(['commodity_id'], ['commodities.id'], name=op.f('fk_prices_commodity_id_commodities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prices'))
    )
    with op.batch_alter_table('prices', schema=None) as batch_op:
        batch_op.create_index('ix_prices_category_effective', ['category_id', 'effective_at'], unique=False)
        batch_op.create_index('ix_prices_commodity_effective', ['commodity_id', 'effective_at'], unique=False)

    op.create_table('vehicles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plate', sa.String(length=16), nullable=False),
    sa.Column('merchant_id', sa.Integer(), nullable=True),
    sa.Column('vehicle_type_id', sa.Integer(), nullable=True),
    sa.Column('licensed_tare_g', sa.BigInteger(), nullable=True),
    sa.Column('weigh_tare_at_exit', sa.Boolean(), nullable=False),
    sa.Column('last_commodity_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('licensed_tare_g IS NULL OR (licensed_tare_g > 0 AND licensed_tare_g <= 100000000)', name=op.f('ck_vehicles_licensed_tare_range')),
    sa.ForeignKeyConstraint(['last_commodity_id'], ['commodities.id'], name=op.f('fk_vehicles_last_commodity_id_commodities')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_vehicles_merchant_id_merchants')),
    sa.ForeignKeyConstraint(['vehicle_type_id'], ['vehicle_types.id'], name=op.f('fk_vehicles_vehicle_type_id_vehicle_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicles')),
    sa.UniqueConstraint('plate', name=op.f('uq_vehicles_plate'))
    )
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicles_merchant_id'), ['merchant_id'], unique=False)

    op.create_table('weigh_tickets',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('voucher_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('plate', sa.String(length=16), nullable=False),
    sa.Column('merchant_id', sa.Integer(), nullable=True),
    sa.Column('merchant_name', sa.String(length=64), nullable=False),
    sa.Column('merchant_kind', sa.String(length=16), nullable=False),
    sa.Column('commodity_id', sa.Integer(), nullable=False),
    sa.Column('commodity_name', sa.String(length=64), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('price_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('unit_price_fen', sa.BigInteger(), nullable=False),
    sa.Column('rounding_fen', sa.Integer(), nullable=False),
    sa.Column('gross_g', sa.BigInteger(), nullable=False),
    sa.Column('tare_g', sa.BigInteger(), nullable=False),
    sa.Column('tare_source', sa.String(length=16), nullable=False),
    sa.Column('fee_fen', sa.BigInteger(), nullable=False),
    sa.Column('paid_account_fen', sa.BigInteger(), nullable=False),
    sa.Column('paid_cash_fen', sa.BigInteger(), nullable=False),
    sa.Column('manual_weight', sa.Boolean(), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('refundable_by_weight', sa.Boolean(), nullable=False),
    sa.Column('scale_frames', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("merchant_kind IN ('fixed', 'temporary')", name=op.f('ck_weigh_tickets_merchant_kind_known')),
    sa.CheckConstraint("tare_source IN ('licensed', 'vehicle_type', 'weigh_at_exit', 'manual')", name=op.f('ck_weigh_tickets_tare_source_known')),
    sa.CheckConstraint('fee_fen >= 0 AND paid_account_fen >= 0 AND paid_cash_fen >= 0 AND paid_account_fen + paid_cash_fen = fee_fen', name=op.f('ck_weigh_tickets_paid_adds_up')),
    sa.CheckConstraint('gross_g > tare_g AND tare_g >= 0', name=op.f('ck_weigh_tickets_gross_exceeds_tare')),
    sa.ForeignKeyConstraint(['category_id'], ['commodity_categories.id'], name=op.f('fk_weigh_tickets_category_id_commodity_categories')),
    sa.ForeignKeyConstraint(['commodity_id'], ['commodities.id'], name=op.f('fk_weigh_tickets_commodity_id_commodities')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_weigh_tickets_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_weigh_tickets_merchant_id_merchants')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_weigh_tickets_operator_id_users')),
    sa.ForeignKeyConstraint(['price_id'], ['prices.id'], name=op.f('fk_weigh_tickets_price_id_prices')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_weigh_tickets_shift_id_shifts')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicles.id'], name=op.f('fk_weigh_tickets_vehicle_id_vehicles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weigh_tickets')),
    sa.UniqueConstraint('event_id', name=op.f('uq_weigh_tickets_event_id')),
    sa.UniqueConstraint('voucher_no', name=op.f('uq_weigh_tickets_voucher_no'))
    )
    with op.batch_alter_table('weigh_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weigh_tickets_merchant_id'), ['merchant_id'], unique=False)
        batch_op.create_index('ix_weigh_tickets_plate_time', ['plate', 'created_at'], unique=False)
        batch_op.create_index('ix_weigh_tickets_shift', ['shift_id', 'id'], unique=False)

    op.create_table('weigh_refunds',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('voucher_no', sa.String(length=20), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('exit_weight_g', sa.BigInteger(), nullable=False),
    sa.Column('refund_fen', sa.BigInteger(), nullable=False),
    sa.Column('paid_to', sa.String(length=16), nullable=False),
    sa.Column('manual_weight', sa.Boolean(), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('scale_frames', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("paid_to IN ('account', 'cash')", name=op.f('ck_weigh_refunds_paid_to_known')),
    sa.CheckConstraint('refund_fen > 0', name=op.f('ck_weigh_refunds_refund_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_weigh_refunds_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_weigh_refunds_operator_id_users')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_weigh_refunds_shift_id_shifts')),
    sa.ForeignKeyConstraint(['ticket_id'], ['weigh_tickets.id'], name=op.f('fk_weigh_refunds_ticket_id_weigh_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weigh_refunds')),
    sa.UniqueConstraint('event_id', name=op.f('uq_weigh_refunds_event_id')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_weigh_refunds_ticket_id')),
    sa.UniqueConstraint('voucher_no', name=op.f('uq_weigh_refunds_voucher_no'))
    )
    with op.batch_alter_table('weigh_refunds', schema=None) as batch_op:
        batch_op.create_index('ix_weigh_refunds_shift', ['shift_id', 'id'], unique=False)

    op.create_table('weigh_voids',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ticket_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('operator_name', sa.String(length=64), nullable=False),
    sa.Column('authorised_by', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['ledger_events.id'], name=op.f('fk_weigh_voids_event_id_ledger_events')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_weigh_voids_operator_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['weigh_tickets.id'], name=op.f('fk_weigh_voids_ticket_id_weigh_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weigh_voids')),
    sa.UniqueConstraint('event_id', name=op.f('uq_weigh_voids_event_id')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_weigh_voids_ticket_id'))
    )
    # History is never rewritten: a price change is a new price, a mistake on a ticket a void.
    for table in APPEND_ONLY:
        make_append_only(table)
    if op.get_bind().dialect.name == "postgresql":
        # Plate prefix search as you type (app/weighing/matching.py) in byte order, whatever
        # the database's collation; SQLite's unique index on plate already serves it.
        op.execute('CREATE INDEX ix_vehicles_plate_c ON vehicles (plate COLLATE "C")')


APPEND_ONLY = ("prices", "weigh_tickets", "weigh_refunds", "weigh_voids")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_vehicles_plate_c")
    for table in APPEND_ONLY:
        drop_append_only(table)
    op.drop_table('weigh_voids')
    with op.batch_alter_table('weigh_refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_weigh_refunds_shift')

    op.drop_table('weigh_refunds')
    with op.batch_alter_table('weigh_tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_weigh_tickets_shift')
        batch_op.drop_index('ix_weigh_tickets_plate_time')
        batch_op.drop_index(batch_op.f('ix_weigh_tickets_merchant_id'))

    op.drop_table('weigh_tickets')
    with op.batch_alter_table('vehicles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicles_merchant_id'))

    op.drop_table('vehicles')
    with op.batch_alter_table('prices', schema=None) as batch_op:
        batch_op.drop_index('ix_prices_commodity_effective')
        batch_op.drop_index('ix_prices_category_effective')

    op.drop_table('prices')
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merchants_phone'))
        batch_op.drop_index(batch_op.f('ix_merchants_name'))
        batch_op.drop_index(batch_op.f('ix_merchants_initials'))

    op.drop_table('merchants')
    with op.batch_alter_table('commodities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commodities_category_id'))

    op.drop_table('commodities')
    op.drop_table('voucher_sequences')
    op.drop_table('vehicle_types')
    op.drop_table('commodity_categories')

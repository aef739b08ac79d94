"""Weighing tables: master data (commodities, prices, merchants, vehicles, vehicle types) and
the tickets of the weighbridge (entry charge, exit refund, void).

Prices, tickets, refunds and voids are append-only (database triggers): a price change is a
new row with its effective time, a mistake on a ticket is a void with its reversing
transfers. Master data rows (merchants, vehicles, ...) are edited in place and audited."""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")
NAME = 64


class CommodityCategory(Base):
    __tablename__ = "commodity_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    initials: Mapped[str] = mapped_column(String(NAME))   # pinyin initials, for search
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Commodity(Base):
    __tablename__ = "commodities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("commodity_categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    initials: Mapped[str] = mapped_column(String(NAME))
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Price(Base):
    """Yuan per tonne, in fen, for one commodity or (as its default) one category, from
    effective_at on. The price in force is the newest row effective at the time of weighing."""
    __tablename__ = "prices"
    __table_args__ = (
        CheckConstraint("(commodity_id IS NULL) <> (category_id IS NULL)", name="one_target"),
        CheckConstraint("unit_price_fen >= 0 AND unit_price_fen <= 100000000", name="unit_price_range"),
        Index("ix_prices_commodity_effective", "commodity_id", "effective_at"),
        Index("ix_prices_category_effective", "category_id", "effective_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    commodity_id: Mapped[int | None] = mapped_column(ForeignKey("commodities.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("commodity_categories.id"))
    unit_price_fen: Mapped[int] = mapped_column(BigInteger)   # per tonne
    effective_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(String(200))


class VehicleType(Base):
    """The tare library for non-standard vehicles (a tricycle, a tractor with a trailer ...)."""
    __tablename__ = "vehicle_types"
    __table_args__ = (CheckConstraint("tare_g >= 0 AND tare_g <= 100000000", name="tare_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    tare_g: Mapped[int] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Merchant(Base):
    """Fixed merchants hold a prepaid account in the ledger; temporary ones pay cash."""
    __tablename__ = "merchants"
    __table_args__ = (
        CheckConstraint("kind IN ('fixed', 'temporary')", name="kind_known"),
        CheckConstraint("status IN ('active', 'suspended', 'closed')", name="status_known"),
        CheckConstraint("kind = 'temporary' OR account_id IS NOT NULL", name="fixed_has_account"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)          # M000123: the account number
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(NAME), index=True)
    initials: Mapped[str] = mapped_column(String(NAME), index=True)
    contact: Mapped[str] = mapped_column(String(NAME))
    phone: Mapped[str] = mapped_column(String(32), index=True)
    id_number: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_accounts.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Vehicle(Base):
    __tablename__ = "vehicles"
    __table_args__ = (
        CheckConstraint("licensed_tare_g IS NULL OR (licensed_tare_g > 0 AND licensed_tare_g <= 100000000)",
                        name="licensed_tare_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plate: Mapped[str] = mapped_column(String(16), unique=True)         # normalised: 鲁A12345
    merchant_id: Mapped[int | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    vehicle_type_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle_types.id"))
    licensed_tare_g: Mapped[int | None] = mapped_column(BigInteger)     # curb weight on the licence
    weigh_tare_at_exit: Mapped[bool] = mapped_column(Boolean)
    last_commodity_id: Mapped[int | None] = mapped_column(ForeignKey("commodities.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class VoucherSequence(Base):
    """The last number given per kind and day (E2611230042 is entry voucher 42 of 2026-11-23)."""
    __tablename__ = "voucher_sequences"

    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[str] = mapped_column(String(6), primary_key=True)       # yymmdd, local
    last: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    """An entry: what was weighed and charged, as it was at that moment (names and the price
    are copied, so renaming a merchant or changing a price never rewrites history)."""
    __tablename__ = "weigh_tickets"
    __table_args__ = (
        CheckConstraint("gross_g > tare_g AND tare_g >= 0", name="gross_exceeds_tare"),
        CheckConstraint("fee_fen >= 0 AND paid_account_fen >= 0 AND paid_cash_fen >= 0 "
                        "AND paid_account_fen + paid_cash_fen = fee_fen", name="paid_adds_up"),
        CheckConstraint("tare_source IN ('licensed', 'vehicle_type', 'weigh_at_exit', 'manual')",
                        name="tare_source_known"),
        CheckConstraint("merchant_kind IN ('fixed', 'temporary')", name="merchant_kind_known"),
        Index("ix_weigh_tickets_shift", "shift_id", "id"),
        Index("ix_weigh_tickets_plate_time", "plate", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    voucher_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"))
    counter: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id"))
    plate: Mapped[str] = mapped_column(String(16))
    merchant_id: Mapped[int | None] = mapped_column(ForeignKey("merchants.id"), index=True)
    merchant_name: Mapped[str] = mapped_column(String(NAME))
    merchant_kind: Mapped[str] = mapped_column(String(16))
    commodity_id: Mapped[int] = mapped_column(ForeignKey("commodities.id"))
    commodity_name: Mapped[str] = mapped_column(String(NAME))
    category_id: Mapped[int] = mapped_column(ForeignKey("commodity_categories.id"))
    price_id: Mapped[int] = mapped_column(BigId, ForeignKey("prices.id"))
    unit_price_fen: Mapped[int] = mapped_column(BigInteger)
    rounding_fen: Mapped[int] = mapped_column(Integer)                  # 1, 10 or 100: the rule applied
    gross_g: Mapped[int] = mapped_column(BigInteger)
    tare_g: Mapped[int] = mapped_column(BigInteger)                     # the approved tare
    tare_source: Mapped[str] = mapped_column(String(16))
    fee_fen: Mapped[int] = mapped_column(BigInteger)
    paid_account_fen: Mapped[int] = mapped_column(BigInteger)
    paid_cash_fen: Mapped[int] = mapped_column(BigInteger)
    manual_weight: Mapped[bool] = mapped_column(Boolean)
    authorised_by: Mapped[str | None] = mapped_column(String(64))       # the supervisor of an override
    refundable_by_weight: Mapped[bool] = mapped_column(Boolean)
    scale_frames: Mapped[str] = mapped_column(Text)                     # JSON: the capture's raw frames
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class TicketRefund(Base):
    """The exit of a ticket's vehicle with its refund: at most one per ticket."""
    __tablename__ = "weigh_refunds"
    __table_args__ = (
        CheckConstraint("refund_fen > 0", name="refund_positive"),
        CheckConstraint("paid_to IN ('account', 'cash')", name="paid_to_known"),
        Index("ix_weigh_refunds_shift", "shift_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("weigh_tickets.id"), unique=True)
    voucher_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"))
    counter: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    exit_weight_g: Mapped[int] = mapped_column(BigInteger)
    refund_fen: Mapped[int] = mapped_column(BigInteger)
    paid_to: Mapped[str] = mapped_column(String(16))
    manual_weight: Mapped[bool] = mapped_column(Boolean)
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    scale_frames: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class TicketVoid(Base):
    """A ticket cancelled in its own shift before the vehicle left: its transfers reversed."""
    __tablename__ = "weigh_voids"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("weigh_tickets.id"), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)

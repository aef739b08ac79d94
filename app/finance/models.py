"""Shift close, handover and finance receipt tables. All append-only (DB triggers): a
handover is written once when its shift closes, received once by finance, and corrected only
by adjustment rows with their own ledger events."""
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.ledger.models import BigId


class Handover(Base):
    """交账: the shift's cash and non-cash totals as the system expected them and as the
    cashier counted them, frozen when the shift closed."""
    __tablename__ = "handovers"
    __table_args__ = (
        CheckConstraint("expected_cash_fen = opening_float_fen + cash_in_fen - cash_out_fen - cash_dropped_fen",
                        name="expected_adds_up"),
        CheckConstraint("counted_cash_fen >= 0 AND cash_in_fen >= 0 AND cash_out_fen >= 0 "
                        "AND cash_dropped_fen >= 0 AND opening_float_fen >= 0", name="amounts_nonnegative"),
        Index("ix_handovers_closed_at", "closed_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    handover_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)      # the closer's request id
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)   # whose shift
    user_name: Mapped[str] = mapped_column(String(64))
    counter: Mapped[str] = mapped_column(String(64))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # None: the command line
    closed_by_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))       # the supervisor of an override
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime] = mapped_column(DateTime)
    opening_float_fen: Mapped[int] = mapped_column(BigInteger)
    cash_in_fen: Mapped[int] = mapped_column(BigInteger)         # fees, recharges in cash
    cash_out_fen: Mapped[int] = mapped_column(BigInteger)        # refunds, reversals, pay-outs
    cash_dropped_fen: Mapped[int] = mapped_column(BigInteger)    # taken to the safe during the shift
    expected_cash_fen: Mapped[int] = mapped_column(BigInteger)
    counted_cash_fen: Mapped[int] = mapped_column(BigInteger)
    denominations: Mapped[str] = mapped_column(String(400))      # JSON [[denomination_fen, count], ...]
    first_voucher: Mapped[str | None] = mapped_column(String(20))
    last_voucher: Mapped[str | None] = mapped_column(String(20))
    vouchers_count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200))
    print_job_id: Mapped[int | None] = mapped_column(BigInteger)


class HandoverMethod(Base):
    """One non-cash method of a handover: what the ledger says and what the cashier declared
    (from the card terminal's settlement slip, the QR code app...)."""
    __tablename__ = "handover_methods"
    __table_args__ = (
        UniqueConstraint("handover_id", "method", name="uq_handover_methods_method"),
        CheckConstraint("method IN ('bank_card', 'wechat', 'alipay', 'bank_transfer')", name="method_known"),
        CheckConstraint("declared_fen >= 0", name="declared_nonnegative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    handover_id: Mapped[int] = mapped_column(BigId, ForeignKey("handovers.id"))
    method: Mapped[str] = mapped_column(String(16))
    expected_fen: Mapped[int] = mapped_column(BigInteger)
    declared_fen: Mapped[int] = mapped_column(BigInteger)
    payments_count: Mapped[int] = mapped_column(Integer)


class HandoverReceipt(Base):
    """收款: finance received the handover, counted again and moved the cash; once."""
    __tablename__ = "handover_receipts"
    __table_args__ = (
        CheckConstraint("difference_fen = counted_cash_fen - expected_cash_fen", name="difference_adds_up"),
        CheckConstraint("counted_cash_fen >= 0", name="counted_nonnegative"),
        CheckConstraint("destination IN ('safe', 'bank')", name="destination_known"),
        Index("ix_handover_receipts_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    handover_id: Mapped[int] = mapped_column(BigId, ForeignKey("handovers.id"), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # None: the command line
    received_by_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    expected_cash_fen: Mapped[int] = mapped_column(BigInteger)
    counted_cash_fen: Mapped[int] = mapped_column(BigInteger)
    difference_fen: Mapped[int] = mapped_column(BigInteger)      # counted − expected: > 0 over, < 0 short
    denominations: Mapped[str] = mapped_column(String(400))
    destination: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class HandoverAdjustment(Base):
    """A correction of a received handover (cash found or missing later): its own event."""
    __tablename__ = "handover_adjustments"
    __table_args__ = (CheckConstraint("amount_fen <> 0", name="amount_nonzero"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    handover_id: Mapped[int] = mapped_column(BigId, ForeignKey("handovers.id"), index=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)          # > 0 cash found, < 0 cash missing
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # None: the command line
    operator_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CashMovement(Base):
    """A cash drop (drawer → safe) or a pay-out (drawer → paid out) during a shift, with its slip."""
    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint("kind IN ('drop', 'payout')", name="kind_known"),
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        Index("ix_cash_movements_shift", "shift_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slip_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"))
    kind: Mapped[str] = mapped_column(String(8))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payee: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # None: the command line
    operator_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DayClose(Base):
    """日结: every shift of the local day received, the ledger verified, the day report made."""
    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    business_day: Mapped[str] = mapped_column(String(10), unique=True)   # YYYY-MM-DD, local
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))   # None: the command line
    closed_by_name: Mapped[str] = mapped_column(String(64))
    handovers_count: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)                           # JSON: totals of the day
    report_path: Mapped[str] = mapped_column(String(400))
    with_differences: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)

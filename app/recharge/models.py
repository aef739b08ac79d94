"""Recharges and their reversals: append-only. The same channel payment (method + the
channel's transaction reference) can be credited once: a unique index says so, whatever
the desk or counter."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")
METHODS_SQL = "('cash', 'bank_card', 'wechat', 'alipay', 'bank_transfer')"


class Recharge(Base):
    __tablename__ = "recharges"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint(f"method IN {METHODS_SQL}", name="method_known"),
        CheckConstraint("(method = 'cash') = (reference IS NULL)", name="reference_for_non_cash"),
        CheckConstraint("balance_after_fen = balance_before_fen + amount_fen", name="balance_adds_up"),
        Index("uq_recharges_channel_reference", "method", "reference", unique=True,
              sqlite_where=text("reference IS NOT NULL"), postgresql_where=text("reference IS NOT NULL")),
        Index("ix_recharges_shift", "shift_id", "id"),
        Index("ix_recharges_merchant_time", "merchant_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    method: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    balance_before_fen: Mapped[int] = mapped_column(BigInteger)
    balance_after_fen: Mapped[int] = mapped_column(BigInteger)
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"))
    counter: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class RechargeReversal(Base):
    """A mistaken recharge taken back the way it came (cash out of the drawer, or a refund
    owed through the channel): at most one per recharge."""
    __tablename__ = "recharge_reversals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    recharge_id: Mapped[int] = mapped_column(BigId, ForeignKey("recharges.id"), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    shift_id: Mapped[int] = mapped_column(BigId, ForeignKey("shifts.id"))
    counter: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AccountClosure(Base):
    """A fixed merchant's prepaid account closed: how its remaining balance left."""
    __tablename__ = "account_closures"
    __table_args__ = (CheckConstraint("paid_out_fen >= 0", name="paid_out_nonnegative"),
                      CheckConstraint("paid_by IN ('cash', 'transfer', 'none')", name="paid_by_known"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("ledger_events.id"))
    paid_out_fen: Mapped[int] = mapped_column(BigInteger)
    paid_by: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    shift_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("shifts.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    operator_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)

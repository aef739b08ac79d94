"""Ledger tables: accounts (four counters), immutable transfers, business events, shifts.

CHECK constraints repeat the flag rules so that even a bug in the code (or a hand-written
UPDATE) cannot leave a prepaid account or a drawer past its limit."""
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer,
                        String, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer, "sqlite")


class Account(Base):
    __tablename__ = "ledger_accounts"
    __table_args__ = (
        CheckConstraint("debits_pending >= 0 AND debits_posted >= 0 AND credits_pending >= 0 "
                        "AND credits_posted >= 0", name="counters_nonnegative"),
        CheckConstraint("overdraft_limit_fen >= 0", name="overdraft_nonnegative"),
        CheckConstraint("NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)",
                        name="one_direction_flag"),
        CheckConstraint("NOT debits_must_not_exceed_credits OR "
                        "debits_pending + debits_posted <= credits_posted + overdraft_limit_fen",
                        name="debits_within_credits"),
        CheckConstraint("NOT credits_must_not_exceed_debits OR "
                        "credits_pending + credits_posted <= debits_posted",
                        name="credits_within_debits"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(96), unique=True)  # e.g. "clearing:wechat"
    ledger: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(128))
    debits_must_not_exceed_credits: Mapped[bool] = mapped_column(Boolean, default=False)
    credits_must_not_exceed_debits: Mapped[bool] = mapped_column(Boolean, default=False)
    overdraft_limit_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    debits_pending: Mapped[int] = mapped_column(BigInteger, default=0)
    debits_posted: Mapped[int] = mapped_column(BigInteger, default=0)
    credits_pending: Mapped[int] = mapped_column(BigInteger, default=0)
    credits_posted: Mapped[int] = mapped_column(BigInteger, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Event(Base):
    """A business event: its client-generated id makes a resubmission harmless."""
    __tablename__ = "ledger_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    content_hash: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    operator_name: Mapped[str] = mapped_column(String(32))
    counter: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Transfer(Base):
    """Immutable (DB triggers refuse UPDATE and DELETE)."""
    __tablename__ = "ledger_transfers"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount_positive"),
        CheckConstraint("debit_account_id <> credit_account_id", name="two_accounts"),
        CheckConstraint("(kind IN ('post', 'void')) = (pending_id IS NOT NULL)", name="pending_ref"),
        UniqueConstraint("event_id", "event_index", name="uq_ledger_transfers_event_id"),
        # A pending transfer is resolved (posted or voided) at most once.
        UniqueConstraint("pending_id", name="uq_ledger_transfers_pending_id"),
        Index("ix_ledger_transfers_debit_time", "debit_account_id", "created_at", "id"),
        Index("ix_ledger_transfers_credit_time", "credit_account_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("ledger_events.id"))
    event_index: Mapped[int] = mapped_column(Integer)
    ledger: Mapped[int] = mapped_column(Integer)
    debit_account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    credit_account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))
    pending_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_transfers.id"), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Not indexed: nothing looks transfers up by ticket (tickets know their events), and every
    # transfer would pay for the index (migration 0009 dropped it).
    ticket_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), nullable=True, index=True)
    operator_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counter: Mapped[str | None] = mapped_column(String(64), nullable=True)
    memo: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Shift(Base):
    """One user at one counter, from opening (with a counted float) to closing."""
    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("opening_float_fen >= 0", name="float_nonnegative"),
        Index("uq_shifts_one_open_per_user_counter", "user_id", "counter", unique=True,
              sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    counter: Mapped[str] = mapped_column(String(64))
    opening_float_fen: Mapped[int] = mapped_column(BigInteger)
    drawer_account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

"""The print queue: one row per document to print, written in the same transaction as the
money event it belongs to, so a committed event always has its voucher waiting and a
rolled-back one never prints."""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")

JOB_STATES = ("queued", "sent", "done", "failed", "skipped")


class PrintJob(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'sent', 'done', 'failed', 'skipped')", name="state_known"),
        CheckConstraint("attempts >= 0", name="attempts_nonnegative"),
        CheckConstraint("(reprint_of IS NULL) = (reprint_no = 0)", name="reprint_numbered"),
        Index("ix_print_jobs_counter_state", "counter", "state", "next_attempt_at"),
        Index("uq_print_jobs_reprint_no", "reprint_of", "reprint_no", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    job_key: Mapped[str] = mapped_column(String(80), unique=True)  # idempotency: one job per event
    counter: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))            # entry_voucher, refund_voucher, ...
    document: Mapped[str] = mapped_column(Text)              # JSON: what the layout needs
    doc_number: Mapped[str | None] = mapped_column(String(40), index=True)  # voucher / receipt number
    open_drawer: Mapped[bool] = mapped_column(Boolean)       # a cash payment: kick the drawer
    reprint_of: Mapped[int | None] = mapped_column(BigId, ForeignKey("print_jobs.id"), index=True)
    reprint_no: Mapped[int] = mapped_column(Integer)
    printer: Mapped[str | None] = mapped_column(String(40))  # None: the counter's receipt printer
    state: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str | None] = mapped_column(String(40))  # the worker sending it (or that last did)
    printed_maybe: Mapped[bool] = mapped_column(Boolean)      # an attempt failed after bytes went out
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

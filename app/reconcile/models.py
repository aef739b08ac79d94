"""Channel reconciliation: imported statements and their lines, the matches found between a
line and one of our payments, and the resolutions of differences. All append-only: a match or
a resolution is never changed, a wrong import is answered by a resolution note."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")
CHANNELS_SQL = "('bank_card', 'wechat', 'alipay', 'bank_transfer')"


class ReconStatement(Base):
    """One imported channel statement file; its sha256 recognises the same file imported again."""
    __tablename__ = "recon_statements"
    __table_args__ = (CheckConstraint(f"channel IN {CHANNELS_SQL}", name="channel_known"),
                      CheckConstraint("period_start < period_end", name="period_ordered"),
                      Index("ix_recon_statements_channel_period", "channel", "period_start"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    preset: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    period_start: Mapped[datetime] = mapped_column(DateTime)   # naive UTC, local midnight of the first day
    period_end: Mapped[datetime] = mapped_column(DateTime)     # exclusive
    line_count: Mapped[int] = mapped_column(Integer)
    skipped_count: Mapped[int] = mapped_column(Integer)
    skipped_errors: Mapped[str] = mapped_column(Text)          # one error per line, of the rows left out
    amount_fen: Mapped[int] = mapped_column(BigInteger)        # payments minus refunds
    fee_fen: Mapped[int] = mapped_column(BigInteger)
    imported_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReconLine(Base):
    """A payment or refund on a channel statement. A channel reports a payment once, and each
    refund of it once (a payment may be refunded in parts): (channel, kind, reference,
    refund_no) is unique across statements. A refund's reference is the refunded payment's
    transaction number, by which it is matched to our reversal; its refund_no is its own
    number on the statement ("" for a payment, or a refund on a statement without one)."""
    __tablename__ = "recon_lines"
    __table_args__ = (CheckConstraint("kind IN ('payment', 'refund')", name="kind_known"),
                      CheckConstraint("amount_fen > 0", name="amount_positive"),
                      UniqueConstraint("channel", "kind", "reference", "refund_no",
                                       name="uq_recon_lines_channel_kind_reference_refund_no"),
                      Index("ix_recon_lines_statement", "statement_id", "row_no"),
                      Index("ix_recon_lines_channel_time", "channel", "occurred_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    statement_id: Mapped[int] = mapped_column(BigId, ForeignKey("recon_statements.id"))
    row_no: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(8))
    reference: Mapped[str] = mapped_column(String(64))
    refund_no: Mapped[str] = mapped_column(String(64))
    order_no: Mapped[str | None] = mapped_column(String(64))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    fee_fen: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)


class ReconMatch(Base):
    """A line found to be one of our recharges (payment) or reversals (refund)."""
    __tablename__ = "recon_matches"
    __table_args__ = (CheckConstraint("(recharge_id IS NULL) <> (reversal_id IS NULL)", name="one_side"),
                      CheckConstraint("method IN ('reference', 'order_no', 'amount_time')", name="method_known"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    line_id: Mapped[int] = mapped_column(BigId, ForeignKey("recon_lines.id"), unique=True)
    recharge_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("recharges.id"), unique=True)
    reversal_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("recharge_reversals.id"), unique=True)
    method: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReconResolution(Base):
    """A difference settled by a person, with a note: at most one per item."""
    __tablename__ = "recon_resolutions"
    __table_args__ = (CheckConstraint("item_kind IN ('line', 'recharge', 'reversal')", name="item_kind_known"),
                      UniqueConstraint("item_kind", "item_id", name="uq_recon_resolutions_item"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200))
    resolved_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)

"""Payment split tables: beneficiaries, versioned rules with their lines, and the split log.

Rule versions, their lines and the log are append-only (database triggers): a rule change is
a new version with its effective time, a refund or a void adds negative log rows. The log
says for every ticket which rule version shared its fee, to whom, how much, in which ledger
event and (for an external beneficiary) by which transfer."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

BigId = BigInteger().with_variant(Integer, "sqlite")


class Beneficiary(Base):
    """Who gets a share. `market`: the market's own income (its share stays in the category's
    fee income account); `external`: a cooperative, a tax payable ... with a payable account."""
    __tablename__ = "split_beneficiaries"
    __table_args__ = (
        CheckConstraint("kind IN ('market', 'external')", name="kind_known"),
        # An external beneficiary gets its payable account in the transaction that adds it
        # (the account's key needs the beneficiary's id, so it comes right after the insert).
        CheckConstraint("kind = 'external' OR account_id IS NULL", name="market_has_no_account"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("ledger_accounts.id"), unique=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RuleVersion(Base):
    """One version of the split rule of a scope, in force from effective_at until the next
    version of the same scope. A commodity's rule wins over its category's. No remainder
    beneficiary: the scope's rule is cleared from then on (a commodity falls back to its
    category's rule). Scopes are a category or a commodity; the charge items of bills can be
    another scope later."""
    __tablename__ = "split_rule_versions"
    __table_args__ = (
        CheckConstraint("(commodity_id IS NULL) <> (category_id IS NULL)", name="one_scope"),
        CheckConstraint("version > 0", name="version_positive"),
        UniqueConstraint("scope_key", "version", name="uq_split_rule_versions_scope_version"),
        Index("ix_split_rule_versions_scope_effective", "scope_key", "effective_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scope_key: Mapped[str] = mapped_column(String(32))       # "category:3" or "commodity:12"
    category_id: Mapped[int | None] = mapped_column(ForeignKey("commodity_categories.id"))
    commodity_id: Mapped[int | None] = mapped_column(ForeignKey("commodities.id"))
    version: Mapped[int] = mapped_column(Integer)             # 1, 2, 3 ... per scope
    remainder_beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("split_beneficiaries.id"))
    effective_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(String(200))


class RuleLine(Base):
    """A share of a version: basis points of the fee (1/100 of a percent) or a fixed amount."""
    __tablename__ = "split_rule_lines"
    __table_args__ = (
        CheckConstraint("(basis_points IS NULL) <> (fixed_fen IS NULL)", name="percent_or_fixed"),
        CheckConstraint("basis_points IS NULL OR (basis_points >= 0 AND basis_points <= 10000)",
                        name="basis_points_range"),
        CheckConstraint("fixed_fen IS NULL OR fixed_fen >= 0", name="fixed_nonnegative"),
        CheckConstraint("line_no > 0", name="line_no_positive"),
        UniqueConstraint("version_id", "line_no", name="uq_split_rule_lines_version_line"),
        UniqueConstraint("version_id", "beneficiary_id", name="uq_split_rule_lines_version_beneficiary"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version_id: Mapped[int] = mapped_column(BigId, ForeignKey("split_rule_versions.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("split_beneficiaries.id"))
    basis_points: Mapped[int | None] = mapped_column(Integer)
    fixed_fen: Mapped[int | None] = mapped_column(BigInteger)


class SplitLogEntry(Base):
    """One beneficiary's share of one ticket's charge (kind 'charge', ≥ 0), or what a refund or
    a void took back of it (≤ 0). Per ticket the log adds up to fee − refund (or 0 if voided)."""
    __tablename__ = "split_log"
    __table_args__ = (
        CheckConstraint("kind IN ('charge', 'refund', 'void')", name="kind_known"),
        CheckConstraint("(kind = 'charge' AND amount_fen >= 0) OR (kind <> 'charge' AND amount_fen <= 0)",
                        name="sign_by_kind"),
        UniqueConstraint("event_id", "beneficiary_id", name="uq_split_log_event_beneficiary"),
        Index("ix_split_log_ticket", "ticket_id", "id"),
        Index("ix_split_log_beneficiary_time", "beneficiary_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("weigh_tickets.id"))
    voucher_no: Mapped[str] = mapped_column(String(20))      # the entry voucher
    kind: Mapped[str] = mapped_column(String(8))
    event_id: Mapped[str] = mapped_column(String(40), ForeignKey("ledger_events.id"))
    version_id: Mapped[int] = mapped_column(BigId, ForeignKey("split_rule_versions.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("split_beneficiaries.id"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    transfer_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("ledger_transfers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


"""Reading the split log: a ticket's shares, and the report per beneficiary and period.

The report is computed from the split log (one row per beneficiary and event). For an
external beneficiary it also shows its payable account's balance from the ledger and the
log's all-time total: the two agree, because every log row of an external share is written
in the transaction of the transfer that moved it (they will differ by what finance paid out
once payouts of payables exist)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Override
from app.db.database import Database
from app.errors import ValidationError
from app.ledger import queries
from app.money import format_fen
from app.reports.cells import neutralise_row
from app.splits.beneficiaries import BENEFICIARIES_MAX, require_read
from app.splits.models import Beneficiary, RuleVersion, SplitLogEntry
from app.weighing.fields import utc_naive

TICKET_LOG_ROWS_MAX = 200


@dataclass(frozen=True)
class TicketSplit:
    kind: str                   # 'charge', 'refund' or 'void'
    beneficiary: str
    beneficiary_kind: str
    version_id: int
    version: int
    amount_fen: int             # ≥ 0 for the charge, ≤ 0 for what a refund or void took back
    event_id: str
    transfer_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class BeneficiaryTotals:
    beneficiary_id: int
    name: str
    kind: str
    charged_fen: int            # shares of charges in the period
    returned_fen: int           # taken back by refunds and voids in the period (≥ 0)
    tickets: int                # charges shared in the period
    payable_balance_fen: int | None   # external: the payable account's balance now (ledger)
    logged_total_fen: int | None      # external: the log's total of all time

    @property
    def net_fen(self) -> int:
        return self.charged_fen - self.returned_fen


@dataclass(frozen=True)
class SplitReport:
    start: datetime             # naive UTC, inclusive
    end: datetime               # naive UTC, exclusive
    rows: tuple[BeneficiaryTotals, ...]


def ticket_splits(db: Database, actor: Actor, ticket_id: int, override: Override | None = None) -> list[TicketSplit]:
    require_read(actor, override)

    def work(session: Session) -> list[TicketSplit]:
        rows = session.execute(
            select(SplitLogEntry, Beneficiary.name, Beneficiary.kind, RuleVersion.version)
            .join(Beneficiary, Beneficiary.id == SplitLogEntry.beneficiary_id)
            .join(RuleVersion, RuleVersion.id == SplitLogEntry.version_id)
            .where(SplitLogEntry.ticket_id == ticket_id).order_by(SplitLogEntry.id).limit(TICKET_LOG_ROWS_MAX)).all()
        return [TicketSplit(e.kind, name, kind, e.version_id, version, e.amount_fen, e.event_id, e.transfer_id,
                            e.created_at) for e, name, kind, version in rows]

    return db.transact(work, readonly=True)


def beneficiary_report(db: Database, actor: Actor, start: datetime, end: datetime,
                       override: Override | None = None) -> SplitReport:
    require_read(actor, override)
    start, end = utc_naive(start, "from"), utc_naive(end, "to")
    if end <= start:
        raise ValidationError("period: the end must come after the start")
    log = SplitLogEntry

    def work(session: Session) -> SplitReport:
        period = {r[0]: r[1:] for r in session.execute(
            select(log.beneficiary_id,
                   func.sum(case((log.kind == "charge", log.amount_fen), else_=0)),
                   func.sum(case((log.kind != "charge", -log.amount_fen), else_=0)),
                   func.sum(case((log.kind == "charge", 1), else_=0)))
            .where(log.created_at >= start, log.created_at < end).group_by(log.beneficiary_id))}
        totals = dict(session.execute(select(log.beneficiary_id, func.sum(log.amount_fen))
                                      .group_by(log.beneficiary_id)).all())
        rows = []
        for b in session.scalars(select(Beneficiary).order_by(Beneficiary.id).limit(BENEFICIARIES_MAX)):
            charged, returned, tickets = period.get(b.id, (0, 0, 0))
            external = b.account_id is not None
            rows.append(BeneficiaryTotals(
                b.id, b.name, b.kind, int(charged or 0), int(returned or 0), int(tickets or 0),
                queries.balance(session, b.account_id).posted_fen if external else None,
                int(totals.get(b.id) or 0) if external else None))
        return SplitReport(start, end, tuple(rows))

    return db.transact(work, readonly=True)


def report_xlsx(report: SplitReport, *, title: str) -> bytes:
    """The report as a workbook: one row per beneficiary, amounts in yuan as numbers."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "splits"
    sheet.append(neutralise_row([title]))
    sheet.append(neutralise_row(["from", report.start.isoformat(sep=" "), "to", report.end.isoformat(sep=" "),
                                 "(UTC)"]))
    sheet.append(["beneficiary", "kind", "tickets", "shares (yuan)", "returned (yuan)", "net (yuan)",
                  "payable balance (yuan)"])

    def yuan(fen):
        return None if fen is None else Decimal(format_fen(fen))

    for r in report.rows:
        sheet.append(neutralise_row([r.name, r.kind, r.tickets, yuan(r.charged_fen), yuan(r.returned_fen),
                                     yuan(r.net_fen), yuan(r.payable_balance_fen)]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Reading tickets: one entry with what happened to it since, and a shift's list and totals
for the desk (indexed by shift: opening the desk does not read the millions of old tickets)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.weighing.models import Ticket, TicketRefund, TicketVoid

LIST_LIMIT_MAX = 500


@dataclass(frozen=True)
class EntryInfo:
    ticket_id: int
    voucher_no: str
    shift_id: int
    plate: str
    merchant_id: int | None
    merchant_name: str
    merchant_kind: str
    commodity_name: str
    category_id: int
    gross_g: int
    tare_g: int
    tare_source: str
    unit_price_fen: int
    rounding_fen: int
    fee_fen: int
    paid_account_fen: int
    paid_cash_fen: int
    manual_weight: bool
    refundable_by_weight: bool
    created_at: datetime
    status: str                     # open | refunded | void
    refund_fen: int = 0
    refund_voucher_no: str | None = None
    exit_weight_g: int | None = None
    closed_at: datetime | None = None   # when it was refunded or voided
    void_reason: str | None = None

    @property
    def net_g(self) -> int:
        return self.gross_g - self.tare_g


def entry_info(session: Session, ticket: Ticket) -> EntryInfo:
    refund = session.scalar(select(TicketRefund).where(TicketRefund.ticket_id == ticket.id))
    void = session.scalar(select(TicketVoid).where(TicketVoid.ticket_id == ticket.id))
    status = "void" if void else "refunded" if refund else "open"
    return EntryInfo(ticket.id, ticket.voucher_no, ticket.shift_id, ticket.plate, ticket.merchant_id,
                     ticket.merchant_name, ticket.merchant_kind, ticket.commodity_name, ticket.category_id,
                     ticket.gross_g, ticket.tare_g, ticket.tare_source, ticket.unit_price_fen, ticket.rounding_fen,
                     ticket.fee_fen, ticket.paid_account_fen, ticket.paid_cash_fen, ticket.manual_weight,
                     ticket.refundable_by_weight, ticket.created_at, status,
                     refund.refund_fen if refund else 0, refund.voucher_no if refund else None,
                     refund.exit_weight_g if refund else None,
                     (void or refund).created_at if (void or refund) else None, void.reason if void else None)


def ticket_by_number(session: Session, voucher_no: str) -> Ticket:
    ticket = session.scalar(select(Ticket).where(Ticket.voucher_no == voucher_no.strip().upper()))
    if ticket is None:
        raise NotFound(f"voucher {voucher_no.strip().upper()} does not exist")
    return ticket


def get_entry(db, ticket_id: int) -> EntryInfo:
    def work(session: Session) -> EntryInfo:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        return entry_info(session, ticket)
    return db.transact(work, readonly=True)


@dataclass(frozen=True)
class ShiftRow:
    ticket_id: int
    voucher_no: str
    created_at: datetime
    plate: str
    merchant_name: str
    commodity_name: str
    net_g: int
    fee_fen: int
    paid_cash_fen: int
    paid_account_fen: int
    status: str
    refund_fen: int
    manual_weight: bool


@dataclass(frozen=True)
class ShiftTotals:
    vehicles: int          # entries not voided
    fees_fen: int
    refunds_fen: int       # refunds paid by this shift (to whichever ticket)
    cash_in_fen: int
    cash_out_fen: int      # cash refunds
    account_fen: int
    voided: int

    @property
    def income_fen(self) -> int:
        return self.fees_fen - self.refunds_fen


def shift_tickets(db, shift_id: int, *, search: str = "", limit: int = 200) -> list[ShiftRow]:
    """The shift's entries, newest first; `search` filters by plate or voucher fragment."""
    limit = max(1, min(limit, LIST_LIMIT_MAX))

    def work(session: Session) -> list[ShiftRow]:
        query = (select(Ticket, TicketRefund.refund_fen, TicketVoid.id)
                 .outerjoin(TicketRefund, TicketRefund.ticket_id == Ticket.id)
                 .outerjoin(TicketVoid, TicketVoid.ticket_id == Ticket.id)
                 .where(Ticket.shift_id == shift_id).order_by(Ticket.id.desc()).limit(limit))
        text = (search or "").strip().upper()
        if text:
            like = f"%{text}%"
            query = query.where(Ticket.plate.like(like) | Ticket.voucher_no.like(like))
        rows = []
        for ticket, refund_fen, void_id in session.execute(query):
            status = "void" if void_id else "refunded" if refund_fen else "open"
            rows.append(ShiftRow(ticket.id, ticket.voucher_no, ticket.created_at, ticket.plate, ticket.merchant_name,
                                 ticket.commodity_name, ticket.gross_g - ticket.tare_g, ticket.fee_fen,
                                 ticket.paid_cash_fen, ticket.paid_account_fen, status, refund_fen or 0,
                                 ticket.manual_weight))
        return rows
    return db.transact(work, readonly=True)


def shift_totals(db, shift_id: int) -> ShiftTotals:
    def work(session: Session) -> ShiftTotals:
        voided = select(TicketVoid.ticket_id)
        live = select(func.count(), func.coalesce(func.sum(Ticket.fee_fen), 0),
                      func.coalesce(func.sum(Ticket.paid_cash_fen), 0),
                      func.coalesce(func.sum(Ticket.paid_account_fen), 0)) \
            .where(Ticket.shift_id == shift_id, Ticket.id.not_in(voided))
        count, fees, cash, account = session.execute(live).one()
        n_void = session.scalar(select(func.count()).select_from(TicketVoid).join(Ticket, Ticket.id == TicketVoid.ticket_id)
                                .where(Ticket.shift_id == shift_id))
        refunds, cash_out = session.execute(
            select(func.coalesce(func.sum(TicketRefund.refund_fen), 0),
                   func.coalesce(func.sum(TicketRefund.refund_fen).filter(TicketRefund.paid_to == "cash"), 0))
            .where(TicketRefund.shift_id == shift_id)).one()
        # PostgreSQL sums BIGINT into NUMERIC: whole fen again (exact, no float in between)
        return ShiftTotals(*(int(v) for v in (count, fees, refunds, cash, cash_out, account, n_void)))
    return db.transact(work, readonly=True)

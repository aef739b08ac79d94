"""Exit: the driver shows the entry voucher, the truck is weighed again, and the fee for
what it takes back out is refunded — once per voucher, never more than was charged.

    refund = (exit weight − entry tare) t × the entry's unit price, rounded once by the
             entry's rule; nothing when the exit weight is not above the entry tare.
A truck at or above its entry gross (nothing unloaded: a full refund) needs a supervisor.
Fixed merchants get it back on their account, temporary customers in cash from the drawer."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.errors import Conflict, PermissionDenied, UserError, ValidationError
from app.ledger import accounts, queries
from app.ledger.codes import TransferCode
from app.ledger.errors import ExceedsDebits, IdempotencyConflict
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.printing import queue
from app.printing.documents import RefundVoucher, tonnes
from app.printing.signing import ForgedVoucher, signer_for
from app.splits import apply as splits
from app.weighing.capture import ScaleCapture
from app.weighing.desk_shift import require_open_shift
from app.weighing.models import CommodityCategory, Merchant, Ticket, TicketRefund
from app.printing.numbers import next_voucher_no
from app.weighing.pricing import refund_fen as refund_formula
from app.weighing.tickets import EntryInfo, entry_info, ticket_by_number

SUPERVISOR_PERMISSION = "ticket.void"   # whoever may void a ticket may approve a full refund


class SupervisorRequired(PermissionDenied):
    """The exit weight is at or above the entry gross: a supervisor must approve."""

    def __init__(self, user: str):
        UserError.__init__(self, "the exit weight is at or above the entry gross weight (nothing unloaded): "
                                 "a supervisor must approve this refund")
        self.permission = SUPERVISOR_PERMISSION
        self.user = user


@dataclass(frozen=True)
class RefundQuote:
    entry: EntryInfo
    exit_weight_g: int
    refund_fen: int
    needs_supervisor: bool


@dataclass(frozen=True)
class RefundResult:
    refund_id: int
    voucher_no: str
    entry_voucher_no: str
    refund_fen: int
    paid_to: str
    balance_after_fen: int | None
    print_job_id: int
    replayed: bool


def find_entry(db, actor: Actor, code: str) -> EntryInfo:
    """A scanned QR payload (its signature verified) or a typed voucher number."""
    require(actor, "ticket.refund")
    text = (code or "").strip()
    if not text:
        raise ValidationError("voucher: scan the QR code or type the voucher number")
    signed = None
    if text.upper().startswith("MD1-"):
        signed = signer_for(db).verify(text)
        if signed.kind != "entry_voucher":
            raise ForgedVoucher("voucher code: this is not an entry voucher")

    def work(session: Session) -> EntryInfo:
        ticket = ticket_by_number(session, signed.number if signed else text)
        if signed is not None and signed.amount_fen != ticket.fee_fen:
            raise ForgedVoucher("voucher code: the amount does not match the voucher — forged or altered")
        return entry_info(session, ticket)
    return db.transact(work, readonly=True)


def _check(entry: EntryInfo, exit_weight_g: int) -> int:
    if entry.status == "void":
        raise Conflict(f"voucher {entry.voucher_no} was voided: no refund")
    if entry.status == "refunded":
        raise Conflict(f"voucher {entry.voucher_no} was already refunded ({format_fen(entry.refund_fen)} yuan, "
                       f"{to_local(entry.closed_at):%Y-%m-%d %H:%M})")
    refund = refund_formula(exit_weight_g, entry.tare_g, entry.unit_price_fen, entry.fee_fen, entry.rounding_fen)
    if refund == 0:
        raise ValidationError(f"exit weight {tonnes(exit_weight_g)} is not above the entry tare "
                              f"{tonnes(entry.tare_g)}: nothing to refund")
    return refund


def quote_refund(db, actor: Actor, ticket_id: int, exit_weight_g: int) -> RefundQuote:
    require(actor, "ticket.refund")

    def work(session: Session) -> RefundQuote:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise ValidationError(f"ticket {ticket_id} does not exist")
        entry = entry_info(session, ticket)
        refund = _check(entry, exit_weight_g)
        return RefundQuote(entry, exit_weight_g, refund, exit_weight_g >= entry.gross_g)
    return db.transact(work, readonly=True)


_LOCK_TICKET = Sql("SELECT id FROM weigh_tickets WHERE id = :id", pg_suffix=" FOR UPDATE")


def refund_exit(db, actor: Actor, ticket_id: int, *, event_id: str, capture: ScaleCapture,
                refund_fen_shown: int, override: Override | None = None,
                supervisor: Override | None = None) -> RefundResult:
    """`override` authorises a manual exit weight (ticket.manual_weight); `supervisor` a
    refund of a truck at or above its entry gross (ticket.void)."""
    require(actor, "ticket.refund")
    capture.validate("exit weight")
    gross_g = db.transact(lambda session: _gross_g(session, ticket_id), readonly=True)  # never changes
    full_grant = None
    if capture.weight_g >= gross_g:
        if not actor.can(SUPERVISOR_PERMISSION) and supervisor is None:
            raise SupervisorRequired(actor.username)
        full_grant = require(actor, SUPERVISOR_PERMISSION, supervisor)
    manual_grant = require(actor, "ticket.manual_weight", override) if capture.manual else None
    approvers = [g.supervisor_name for g in (full_grant, manual_grant) if g is not None and g.supervisor_name]
    supervisor_name = ", ".join(dict.fromkeys(approvers)) or None

    def work(session: Session) -> RefundResult:
        # Lock first: a twin of this request, a void or another counter's refund waits here,
        # then sees what the first one did.
        if _LOCK_TICKET.run(session, dict(id=ticket_id)).first() is None:
            raise ValidationError(f"ticket {ticket_id} does not exist")
        replay = _replay(session, event_id, ticket_id, capture.weight_g)
        if replay is not None:
            return replay
        ticket = session.get(Ticket, ticket_id)
        entry = entry_info(session, ticket)
        refund = _check(entry, capture.weight_g)
        if refund != refund_fen_shown:
            raise Conflict(f"the refund is {format_fen(refund)} yuan, not {format_fen(refund_fen_shown)}: "
                           "check and confirm again")
        shift = require_open_shift(session, actor)
        now = db_now(session)
        voucher_no = next_voucher_no(session, "R", now)
        category = session.get(CommodityCategory, ticket.category_id)
        income = accounts.fee_income(session, category.id, category.name)
        merchant = session.get(Merchant, ticket.merchant_id) if ticket.merchant_id else None
        # A closed account cannot take money back: the refund is paid in cash instead.
        to_account = (ticket.merchant_kind == "fixed" and merchant is not None and merchant.account_id is not None
                      and merchant.status != "closed")
        credit = merchant.account_id if to_account else shift.drawer_account_id
        # The split of the charge gives back its part of the refund, in the refund's event.
        split = splits.plan_refund(session, ticket_id=ticket.id, refund_fen=refund)
        transfers = (NewTransfer(income.id, credit, refund, TransferCode.REFUND, ticket_ref=ticket.voucher_no,
                                 shift_id=shift.id, memo=f"refund {voucher_no}"),)
        if split is not None:
            transfers += split.transfers(income.id, ticket_ref=ticket.voucher_no, shift_id=shift.id)
        try:
            posted = post_event(session, EventRequest(event_id, "weigh.refund", transfers),
                                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        except ExceedsDebits as exc:
            raise Conflict(f"the drawer holds only {format_fen(exc.available_fen)} yuan in cash: "
                           "not enough for this refund") from None
        now = posted.transfers[0].created_at  # read after the account locks: statements stay in order
        row = TicketRefund(ticket_id=ticket.id, voucher_no=voucher_no, event_id=event_id, shift_id=shift.id,
                           counter=actor.counter, operator_id=actor.user_id, operator_name=actor.username,
                           exit_weight_g=capture.weight_g, refund_fen=refund,
                           paid_to="account" if to_account else "cash", manual_weight=capture.manual,
                           authorised_by=supervisor_name, scale_frames=capture.frames_json(), created_at=now)
        session.add(row)
        session.flush()
        if split is not None:
            splits.record(session, split, ticket_id=ticket.id, voucher_no=ticket.voucher_no, event_id=event_id,
                          posted=posted)
        balance_after = queries.balance(session, merchant.account_id).posted_fen if to_account else None
        document = queue.signed(RefundVoucher(
            number=voucher_no, counter=actor.counter, cashier=actor.display_name or actor.username,
            issued_at=to_local(now).strftime("%Y-%m-%d %H:%M:%S"), entry_number=ticket.voucher_no,
            plate=ticket.plate, merchant=ticket.merchant_name, commodity=ticket.commodity_name,
            entry_gross_g=ticket.gross_g, entry_tare_g=ticket.tare_g, exit_weight_g=capture.weight_g,
            unit_price_fen=ticket.unit_price_fen, fee_fen=ticket.fee_fen, refund_fen=refund,
            paid_to=row.paid_to, balance_after_fen=balance_after), signer_for(db))
        job_id = queue.enqueue(session, job_key=f"voucher:{voucher_no}", counter=actor.counter, document=document,
                               created_by=actor.username, open_drawer=not to_account, now=now)
        audit.append(session, action="weigh.refund", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=supervisor_name, counter=actor.counter, target=ticket.voucher_no, now=now,
                     details={"refund_voucher": voucher_no, "exit_weight_g": capture.weight_g,
                              "refund_fen": refund, "paid_to": row.paid_to, "manual_weight": capture.manual})
        return RefundResult(row.id, voucher_no, ticket.voucher_no, refund, row.paid_to, balance_after, job_id, False)

    try:
        return db.transact(work)
    except IdempotencyConflict:  # a twin committed meanwhile (see entry.charge_entry)
        replay = db.transact(lambda session: _replay(session, event_id, ticket_id, capture.weight_g), readonly=True)
        if replay is None:
            raise
        return replay


def _gross_g(session: Session, ticket_id: int) -> int:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise ValidationError(f"ticket {ticket_id} does not exist")
    return ticket.gross_g


def _replay(session: Session, event_id: str, ticket_id: int, exit_weight_g: int) -> RefundResult | None:
    row = session.scalar(select(TicketRefund).where(TicketRefund.event_id == event_id))
    if row is None:
        return None
    if row.ticket_id != ticket_id or row.exit_weight_g != exit_weight_g:
        raise IdempotencyConflict(event_id)
    ticket = session.get(Ticket, row.ticket_id)
    balance = None
    if row.paid_to == "account":
        balance = queries.balance(session, session.get(Merchant, ticket.merchant_id).account_id).posted_fen
    return RefundResult(row.id, row.voucher_no, ticket.voucher_no, row.refund_fen, row.paid_to, balance,
                        queue.find_by_key(session, f"voucher:{row.voucher_no}"), True)


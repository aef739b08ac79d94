"""Void an entry: a mistake found in the same shift, before the vehicle left. The ticket
stays (append-only); a void row and transfers reversing the charge record the correction,
with the reason and who allowed it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.db.rawsql import Sql
from app.errors import Conflict, ValidationError
from app.ledger.codes import TransferCode
from app.ledger.errors import ExceedsDebits, IdempotencyConflict
from app.ledger.models import Transfer
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.splits import apply as splits
from app.weighing.desk_shift import require_open_shift
from app.weighing.models import Ticket, TicketVoid
from app.weighing.tickets import entry_info

REASON_MAX_CHARS = 200
_LOCK_TICKET = Sql("SELECT id FROM weigh_tickets WHERE id = :id", pg_suffix=" FOR UPDATE")


@dataclass(frozen=True)
class VoidResult:
    void_id: int
    voucher_no: str
    returned_cash_fen: int      # give this back to the driver
    returned_account_fen: int   # back on the merchant's account
    replayed: bool


def void_entry(db, actor: Actor, ticket_id: int, *, reason: str, event_id: str,
               override: Override | None = None) -> VoidResult:
    grant = require(actor, "ticket.void", override)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason: say why the entry is voided")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"reason: at most {REASON_MAX_CHARS} characters")

    def work(session: Session) -> VoidResult:
        if _LOCK_TICKET.run(session, dict(id=ticket_id)).first() is None:  # twins and refunds wait here
            raise ValidationError(f"ticket {ticket_id} does not exist")
        existing = session.scalar(select(TicketVoid).where(TicketVoid.event_id == event_id))
        if existing is not None:
            if existing.ticket_id != ticket_id:
                raise IdempotencyConflict(event_id)
            ticket = session.get(Ticket, ticket_id)
            return VoidResult(existing.id, ticket.voucher_no, ticket.paid_cash_fen, ticket.paid_account_fen, True)
        ticket = session.get(Ticket, ticket_id)
        entry = entry_info(session, ticket)
        if entry.status == "void":
            raise Conflict(f"voucher {ticket.voucher_no} is already voided")
        if entry.status == "refunded":
            raise Conflict(f"voucher {ticket.voucher_no} was refunded at exit: the vehicle has left, it cannot "
                           "be voided (correct it with finance)")
        shift = require_open_shift(session, actor)
        if ticket.shift_id != shift.id:
            raise ValidationError(f"voucher {ticket.voucher_no} belongs to another shift: only an entry of your "
                                  "own open shift can be voided")
        originals = session.scalars(select(Transfer).where(Transfer.event_id == ticket.event_id)
                                    .order_by(Transfer.event_index)).all()
        # The charge's event holds the fee transfers and the transfers of its split: the fee
        # transfers add up to the fee; the void reverses all of them.
        assert originals and sum(t.amount_fen for t in originals if t.code == TransferCode.FEE) == ticket.fee_fen, \
            "a ticket is its transfers"
        now = db_now(session)
        reversal = tuple(NewTransfer(t.credit_account_id, t.debit_account_id, t.amount_fen, TransferCode.CORRECTION,
                                     ticket_ref=ticket.voucher_no, shift_id=shift.id, memo=f"void: {reason}"[:200])
                         for t in originals)
        try:
            posted = post_event(session, EventRequest(event_id, "weigh.void", reversal), operator_id=actor.user_id,
                                operator_name=actor.username, counter=actor.counter)
        except ExceedsDebits as exc:
            raise Conflict(f"the drawer holds only {format_fen(exc.available_fen)} yuan: the cash of this "
                           "entry is no longer there") from None
        now = posted.transfers[0].created_at
        row = TicketVoid(ticket_id=ticket.id, event_id=event_id, operator_id=actor.user_id,
                         operator_name=actor.username, authorised_by=grant.supervisor_name, reason=reason,
                         created_at=now)
        session.add(row)
        session.flush()
        splits.record_void(session, ticket_id=ticket.id, voucher_no=ticket.voucher_no, event_id=event_id,
                           posted=posted)
        audit.append(session, action="weigh.void", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=ticket.voucher_no,
                     now=now, details={"reason": reason, "fee_fen": ticket.fee_fen})
        return VoidResult(row.id, ticket.voucher_no, ticket.paid_cash_fen, ticket.paid_account_fen, False)

    return db.transact(work)

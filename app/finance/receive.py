"""Finance receives a handover: counts the cash again (or accepts the cashier's count), and
one event moves the drawer's money to the safe or the bank and the difference to over/short.
A difference above the market's tolerance needs handover.accept_difference and a note.
Received once (unique row, handover locked); later corrections are adjustments."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.errors import Conflict, NotFound, ValidationError
from app.finance.denominations import CashCount
from app.finance.models import Handover, HandoverAdjustment, HandoverReceipt
from app.finance.policy import policy_in
from app.ledger import accounts
from app.ledger.codes import TransferCode
from app.ledger.errors import IdempotencyConflict
from app.ledger.models import Account, Shift
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen

NOTE_MAX_CHARS = 200
ADJUSTMENT_MAX_FEN = 1_000_000_00
DESTINATIONS = ("safe", "bank")

_LOCK_HANDOVER = Sql("SELECT id FROM handovers WHERE id = :id", pg_suffix=" FOR UPDATE")
_DRAWER_HOLDS = Sql("SELECT debits_posted - credits_posted FROM ledger_accounts WHERE id = :id")


@dataclass(frozen=True)
class ReceiptResult:
    receipt_id: int
    handover_no: str
    expected_cash_fen: int
    counted_cash_fen: int
    difference_fen: int
    replayed: bool


def receive_handover(db, actor: Actor, handover_id: int, *, event_id: str, count: CashCount | None = None,
                     destination: str = "safe", note: str = "", override: Override | None = None,
                     difference_override: Override | None = None) -> ReceiptResult:
    """`count` None: finance accepts the cashier's count as it is."""
    grant = require(actor, "handover.receive", override)
    note = (note or "").strip()
    if destination not in DESTINATIONS:
        raise ValidationError(f"destination '{destination}': safe or bank")
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError(f"note: at most {NOTE_MAX_CHARS} characters")

    def work(session: Session) -> ReceiptResult:
        if _LOCK_HANDOVER.run(session, dict(id=handover_id)).first() is None:
            raise NotFound(f"handover {handover_id} does not exist")
        handover = session.get(Handover, handover_id)
        counted = count if count is not None else CashCount.from_json(handover.denominations)
        # After the lock: a twin of this request that waited for it answers with the first result.
        existing = session.scalar(select(HandoverReceipt).where(HandoverReceipt.event_id == event_id))
        if existing is not None:
            if (existing.handover_id, existing.denominations, existing.destination, existing.note) != \
                    (handover_id, counted.to_json(), destination, note):
                raise IdempotencyConflict(event_id)
            return _result(session, existing, replayed=True)
        done = session.scalar(select(HandoverReceipt).where(HandoverReceipt.handover_id == handover_id))
        if done is not None:
            at = to_local(done.created_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(f"handover {handover.handover_no} was already received by {done.received_by_name} "
                           f"at {at}")
        difference = counted.total_fen - handover.expected_cash_fen
        accepted_by = None
        if abs(difference) > policy_in(session).tolerance_fen:
            accepted_by = require(actor, "handover.accept_difference", difference_override).supervisor_name
            if not note:
                raise ValidationError(f"note: a difference of {format_fen(difference)} yuan needs a note saying why")
        shift = session.get(Shift, handover.shift_id)
        drawer_id = shift.drawer_account_id
        held = _DRAWER_HOLDS.run(session, dict(id=drawer_id)).scalar()
        assert held == handover.expected_cash_fen, "nothing posts to a drawer after its shift closed"
        to = accounts.safe(session) if destination == "safe" else accounts.bank(session)
        over_short = accounts.over_short(session)
        memo = f"handover {handover.handover_no}"
        transfers = []
        if difference > 0:   # more cash than expected: the excess comes into the drawer first
            transfers.append(NewTransfer(drawer_id, over_short.id, difference, TransferCode.OVER_SHORT,
                                         shift_id=shift.id, ticket_ref=handover.handover_no, memo=memo))
        if counted.total_fen:
            transfers.append(NewTransfer(to.id, drawer_id, counted.total_fen, TransferCode.HANDOVER,
                                         shift_id=shift.id, ticket_ref=handover.handover_no, memo=memo))
        if difference < 0:
            transfers.append(NewTransfer(over_short.id, drawer_id, -difference, TransferCode.OVER_SHORT,
                                         shift_id=shift.id, ticket_ref=handover.handover_no, memo=memo))
        now = db_now(session)
        if transfers:
            posted = post_event(session, EventRequest(event_id, "handover.receive", tuple(transfers)),
                                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
            now = posted.transfers[0].created_at
        assert _DRAWER_HOLDS.run(session, dict(id=drawer_id)).scalar() == 0, "a received drawer is empty"
        accounts.close(session, session.get(Account, drawer_id))
        supervisor = ", ".join(dict.fromkeys(n for n in (grant.supervisor_name, accepted_by) if n)) or None
        receipt = HandoverReceipt(
            handover_id=handover_id, event_id=event_id, received_by_id=actor.user_id, received_by_name=actor.username,
            authorised_by=supervisor, expected_cash_fen=handover.expected_cash_fen,
            counted_cash_fen=counted.total_fen, difference_fen=difference, denominations=counted.to_json(),
            destination=destination, note=note, created_at=now)
        session.add(receipt)
        session.flush()
        audit.append(session, action="handover.receive", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=supervisor, counter=actor.counter, target=handover.handover_no, now=now,
                     details={"expected_cash_fen": handover.expected_cash_fen, "counted_cash_fen": counted.total_fen,
                              "difference_fen": difference, "destination": destination, "note": note})
        return _result(session, receipt, replayed=False)

    return db.transact(work)


def adjust_handover(db, actor: Actor, handover_id: int, amount_fen: int, *, reason: str, event_id: str,
                    override: Override | None = None) -> int:
    """Correct a received handover: cash found later (amount > 0) comes from over/short into
    where the handover went; cash found missing (amount < 0) goes back. Returns the row id."""
    grant = require(actor, "handover.accept_difference", override)
    reason = (reason or "").strip()
    if type(amount_fen) is not int or amount_fen == 0 or abs(amount_fen) > ADJUSTMENT_MAX_FEN:
        raise ValidationError(f"amount: not zero, at most {format_fen(ADJUSTMENT_MAX_FEN)} yuan either way")
    if not reason or len(reason) > NOTE_MAX_CHARS:
        raise ValidationError(f"reason: say why (at most {NOTE_MAX_CHARS} characters)")

    def work(session: Session) -> int:
        replay = _adjustment_replay(session, event_id, handover_id, amount_fen)
        if replay is not None:
            return replay
        handover = session.get(Handover, handover_id)
        if handover is None:
            raise NotFound(f"handover {handover_id} does not exist")
        receipt = session.scalar(select(HandoverReceipt).where(HandoverReceipt.handover_id == handover_id))
        if receipt is None:
            raise Conflict(f"handover {handover.handover_no} is not received yet: count it when you receive it")
        place = accounts.safe(session) if receipt.destination == "safe" else accounts.bank(session)
        over_short = accounts.over_short(session)
        debit, credit = (place.id, over_short.id) if amount_fen > 0 else (over_short.id, place.id)
        posted = post_event(session, EventRequest(event_id, "handover.adjust", (NewTransfer(
            debit, credit, abs(amount_fen), TransferCode.CORRECTION, shift_id=handover.shift_id,
            ticket_ref=handover.handover_no, memo=reason[:200]),)),
            operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        if posted.replayed:  # a twin committed while this one waited on the accounts
            return _adjustment_replay(session, event_id, handover_id, amount_fen)
        now = posted.transfers[0].created_at
        row = HandoverAdjustment(handover_id=handover_id, event_id=event_id, amount_fen=amount_fen, reason=reason,
                                 operator_id=actor.user_id, operator_name=actor.username,
                                 authorised_by=grant.supervisor_name, created_at=now)
        session.add(row)
        session.flush()
        audit.append(session, action="handover.adjust", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=handover.handover_no,
                     now=now, details={"amount_fen": amount_fen, "reason": reason})
        return row.id

    return db.transact(work)


def _adjustment_replay(session: Session, event_id: str, handover_id: int, amount_fen: int) -> int | None:
    existing = session.scalar(select(HandoverAdjustment).where(HandoverAdjustment.event_id == event_id))
    if existing is None:
        return None
    if (existing.handover_id, existing.amount_fen) != (handover_id, amount_fen):
        raise IdempotencyConflict(event_id)
    return existing.id


def _result(session: Session, receipt: HandoverReceipt, *, replayed: bool) -> ReceiptResult:
    number = session.scalar(select(Handover.handover_no).where(Handover.id == receipt.handover_id))
    return ReceiptResult(receipt.id, number, receipt.expected_cash_fen, receipt.counted_cash_fen,
                         receipt.difference_fen, replayed)

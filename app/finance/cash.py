"""Cash leaving a drawer during a shift: a drop to the safe (too much cash at the counter) or a
pay-out (a purchase, an advance). Each with a reason and a slip; both count in the shift's
expected cash."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.errors import Conflict, ValidationError
from app.finance import slips
from app.finance.models import CashMovement
from app.ledger import accounts
from app.ledger.codes import TransferCode
from app.ledger.errors import ExceedsDebits, IdempotencyConflict
from app.ledger.posting import post_event
from app.ledger.requests import EventRequest, NewTransfer
from app.money import format_fen
from app.printing import queue
from app.printing.numbers import next_voucher_no
from app.weighing.desk_shift import require_open_shift

MOVEMENTS = {"drop": ("cash.drop", TransferCode.CASH_DROP), "payout": ("cash.payout", TransferCode.PAYOUT)}
REASON_MAX_CHARS = 200
PAYEE_MAX_CHARS = 64
MOVEMENT_MAX_FEN = 1_000_000_00


@dataclass(frozen=True)
class CashMovementResult:
    movement_id: int
    slip_no: str
    kind: str
    amount_fen: int
    print_job_id: int
    replayed: bool


def move_cash(db, actor: Actor, kind: str, amount_fen: int, *, reason: str, event_id: str, payee: str = "",
              override: Override | None = None) -> CashMovementResult:
    """A drop (cash.drop) or a pay-out (cash.payout) from the actor's open shift's drawer."""
    if kind not in MOVEMENTS:
        raise ValidationError(f"kind '{kind}': drop or payout")
    permission, code = MOVEMENTS[kind]
    grant = require(actor, permission, override)
    reason, payee = (reason or "").strip(), (payee or "").strip()
    if type(amount_fen) is not int or not 0 < amount_fen <= MOVEMENT_MAX_FEN:
        raise ValidationError(f"amount: between 0.01 and {format_fen(MOVEMENT_MAX_FEN)} yuan")
    if not reason:
        raise ValidationError("reason: say why the cash leaves the drawer")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"reason: at most {REASON_MAX_CHARS} characters")
    if kind == "payout" and not payee:
        raise ValidationError("payee: say who receives the cash")
    if len(payee) > PAYEE_MAX_CHARS:
        raise ValidationError(f"payee: at most {PAYEE_MAX_CHARS} characters")

    def work(session: Session) -> CashMovementResult:
        replay = _replay(session, event_id, (kind, amount_fen, reason, payee))
        if replay is not None:
            return replay
        shift = require_open_shift(session, actor)
        to = accounts.safe(session) if kind == "drop" else accounts.cash_payouts(session)
        number = next_voucher_no(session, "D", db_now(session))
        try:
            posted = post_event(session, EventRequest(event_id, f"cash.{kind}", (NewTransfer(
                to.id, shift.drawer_account_id, amount_fen, code, shift_id=shift.id, ticket_ref=number,
                memo=reason[:200]),)), operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        except ExceedsDebits as exc:
            raise Conflict(f"the drawer holds only {format_fen(exc.available_fen)} yuan") from None
        now = posted.transfers[0].created_at
        job_id = slips.queue_cash_slip(session, actor, now, number=number, movement=kind, amount_fen=amount_fen,
                                       payee=payee, reason=reason, authorised_by=grant.supervisor_name)
        row = CashMovement(slip_no=number, event_id=event_id, shift_id=shift.id, kind=kind, amount_fen=amount_fen,
                           payee=payee, reason=reason, operator_id=actor.user_id, operator_name=actor.username,
                           authorised_by=grant.supervisor_name, created_at=now)
        session.add(row)
        session.flush()
        audit.append(session, action=f"cash.{kind}", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=number, now=now,
                     details={"amount_fen": amount_fen, "payee": payee, "reason": reason, "print_job": job_id})
        return CashMovementResult(row.id, number, kind, amount_fen, job_id, False)

    try:
        return db.transact(work)
    except IdempotencyConflict:
        # A twin (double click, retry) committed while this one waited; its slip number
        # differed, so the ledger saw other content. The same movement: answer with it.
        replay = db.transact(lambda session: _replay(session, event_id, (kind, amount_fen, reason, payee)),
                             readonly=True)
        if replay is None:
            raise
        return replay


def _replay(session: Session, event_id: str, content: tuple) -> CashMovementResult | None:
    """The movement this event id wrote, if any; the same id with other content is refused."""
    row = session.scalar(select(CashMovement).where(CashMovement.event_id == event_id))
    if row is None:
        return None
    if (row.kind, row.amount_fen, row.reason, row.payee) != content:
        raise IdempotencyConflict(event_id)
    return CashMovementResult(row.id, row.slip_no, row.kind, row.amount_fen,
                              queue.find_by_key(session, f"cash:{row.slip_no}"), True)


"""Closing a shift: a blind count of the drawer and the non-cash totals, checked against what
the ledger says, written once as a handover, and the handover slip printed.

Closing freezes the shift at once: the shift row is locked (PostgreSQL FOR UPDATE; SQLite's
BEGIN IMMEDIATE holds the write lock), so a posting in flight finishes first and every later
one finds no open shift (desks lock the row FOR SHARE and re-check closed_at). Two closes of
the same shift race on that lock: exactly one writes the handover; the other learns who did."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.errors import Conflict, NotFound, ValidationError
from app.finance import slips
from app.finance.denominations import COUNT_MAX_FEN, CashCount
from app.finance.figures import NON_CASH, shift_figures
from app.finance.models import Handover, HandoverMethod
from app.ledger.errors import IdempotencyConflict
from app.ledger.models import Shift
from app.money import format_fen
from app.printing.numbers import next_voucher_no

NOTE_MAX_CHARS = 200

_LOCK_SHIFT = Sql("SELECT id FROM shifts WHERE id = :id", pg_suffix=" FOR UPDATE")
_FREEZE = Sql("UPDATE shifts SET closed_at = :now WHERE id = :id AND closed_at IS NULL")
_USER = Sql("SELECT username, display_name FROM users WHERE id = :id")


@dataclass(frozen=True)
class MethodLine:
    method: str
    expected_fen: int
    counted_fen: int

    @property
    def difference_fen(self) -> int:
        return self.counted_fen - self.expected_fen


@dataclass(frozen=True)
class HandoverResult:
    handover_id: int
    handover_no: str
    shift_id: int
    lines: tuple[MethodLine, ...]      # cash first, then each non-cash method
    print_job_id: int | None
    replayed: bool

    @property
    def cash(self) -> MethodLine:
        return self.lines[0]


def close_shift(db, actor: Actor, shift_id: int, *, count: CashCount, declared_fen: dict[str, int],
                event_id: str, note: str = "", override: Override | None = None) -> HandoverResult:
    """Close a shift (your own: shift.open; someone else's: shift.close_other, audited)."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError(f"note: at most {NOTE_MAX_CHARS} characters")
    declared = _declared(declared_fen)

    def work(session: Session) -> HandoverResult:
        if _LOCK_SHIFT.run(session, dict(id=shift_id)).first() is None:
            raise NotFound(f"shift {shift_id} does not exist")
        shift = session.get(Shift, shift_id)
        absent = shift.user_id != actor.user_id
        grant = require(actor, "shift.close_other" if absent else "shift.open", override)
        # After the lock: a twin of this request (double click, retry) that waited for it
        # finds the first one's handover here and answers with it.
        replay = _replay(session, event_id, shift_id, count, declared, note)
        if replay is not None:
            return replay
        if shift.closed_at is not None:
            raise _already_closed(session, shift_id)
        figures = shift_figures(session, shift_id, shift.drawer_account_id, shift.opening_float_fen)
        now = db_now(session)
        _FREEZE.run(session, dict(id=shift_id, now=now))
        owner_name = _display_name(session, shift.user_id)
        number = next_voucher_no(session, "H", now)
        lines = (MethodLine("cash", figures.expected_cash_fen, count.total_fen),
                 *(MethodLine(m.method, m.expected_fen, declared.get(m.method, 0)) for m in figures.methods))
        handover = Handover(
            handover_no=number, event_id=event_id, shift_id=shift_id, user_id=shift.user_id, user_name=owner_name,
            counter=shift.counter, closed_by_id=actor.user_id, closed_by_name=actor.username,
            authorised_by=grant.supervisor_name, opened_at=shift.opened_at, closed_at=now,
            opening_float_fen=shift.opening_float_fen, cash_in_fen=figures.cash_in_fen,
            cash_out_fen=figures.cash_out_fen, cash_dropped_fen=figures.cash_dropped_fen,
            expected_cash_fen=figures.expected_cash_fen, counted_cash_fen=count.total_fen,
            denominations=count.to_json(), first_voucher=figures.first_voucher, last_voucher=figures.last_voucher,
            vouchers_count=figures.vouchers_count, note=note)
        # The slip is queued first: a handover row is never updated afterwards.
        handover.print_job_id = slips.queue_handover_slip(
            db, session, handover, lines, count, actor, now) if actor.counter else None
        session.add(handover)
        session.flush()
        for m in figures.methods:
            session.add(HandoverMethod(handover_id=handover.id, method=m.method, expected_fen=m.expected_fen,
                                       declared_fen=declared.get(m.method, 0), payments_count=m.payments_count))
        session.flush()
        audit.append(session, action="shift.close", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=str(shift_id), now=now,
                     details={"handover": number, "absent_owner": owner_name if absent else None,
                              "expected_cash_fen": figures.expected_cash_fen, "counted_cash_fen": count.total_fen,
                              "declared_fen": declared})
        return HandoverResult(handover.id, number, shift_id, lines, handover.print_job_id, False)

    return db.transact(work)


def _declared(declared_fen: dict[str, int]) -> dict[str, int]:
    for method, amount_fen in declared_fen.items():
        if method not in NON_CASH:
            raise ValidationError(f"method '{method}': not a non-cash payment method ({', '.join(NON_CASH)})")
        if type(amount_fen) is not int or not 0 <= amount_fen <= COUNT_MAX_FEN:
            raise ValidationError(f"{method}: the declared total must be between 0 and "
                                  f"{format_fen(COUNT_MAX_FEN)} yuan")
    return {m: v for m, v in declared_fen.items() if v}


def _replay(session: Session, event_id: str, shift_id: int, count: CashCount, declared: dict[str, int],
            note: str) -> HandoverResult | None:
    """The handover this event id wrote, if any; the same id with other content is refused."""
    handover = session.scalar(select(Handover).where(Handover.event_id == event_id))
    if handover is None:
        return None
    result = _result(session, handover, replayed=True)
    same = (handover.shift_id == shift_id and handover.denominations == count.to_json() and handover.note == note
            and {line.method: line.counted_fen for line in result.lines[1:] if line.counted_fen} == declared)
    if not same:
        raise IdempotencyConflict(event_id)
    return result


def _already_closed(session: Session, shift_id: int) -> Conflict:
    handover = session.scalar(select(Handover).where(Handover.shift_id == shift_id))
    if handover is None:  # closed before handovers existed (an old database)
        return Conflict(f"shift {shift_id} is already closed")
    at = to_local(handover.closed_at).strftime("%H:%M:%S")
    return Conflict(f"shift {shift_id} was already closed by {handover.closed_by_name} at {at} "
                    f"(handover {handover.handover_no})")


def _result(session: Session, handover: Handover, *, replayed: bool) -> HandoverResult:
    methods = session.scalars(select(HandoverMethod).where(HandoverMethod.handover_id == handover.id)
                              .order_by(HandoverMethod.id)).all()
    lines = (MethodLine("cash", handover.expected_cash_fen, handover.counted_cash_fen),
             *(MethodLine(m.method, m.expected_fen, m.declared_fen) for m in methods))
    return HandoverResult(handover.id, handover.handover_no, handover.shift_id, lines, handover.print_job_id,
                          replayed)


def _display_name(session: Session, user_id: int) -> str:
    username, display_name = _USER.run(session, dict(id=user_id)).first()
    return display_name or username


"""Ledger units of work: submit an event (with its audit entry), open a shift, expire
reservations. Business services (desks) call post_event inside their own transaction
instead, so their own rows commit together with the money."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.db.rawsql import Sql
from app.db.database import Database
from app.errors import Conflict, ValidationError
from app.ledger import accounts, health, posting
from app.ledger.codes import TransferCode
from app.ledger.errors import IdempotencyConflict, LedgerError, PendingAlreadyResolved
from app.ledger.ids import new_event_id
from app.ledger.models import Account, Shift, Transfer
from app.ledger.posting import find_existing, post_event
from app.ledger.requests import EventRequest, EventResult, NewTransfer, VoidPending
from app.ledger.verify import verify
from app.money import AMOUNT_MAX_FEN, format_fen

log = logging.getLogger(__name__)
EXPIRE_BATCH_MAX = 500
OPENING_FLOAT_MAX_FEN = 10_000_00  # 10 000 yuan: more in a drawer is a typing mistake
_DAY_CLOSED = Sql("SELECT 1 FROM day_closes WHERE business_day = :day")


def submit(db: Database, request: EventRequest, operator: Actor, *,
           grant_supervisor: str | None = None) -> EventResult:
    """Post one event in its own transaction, with an audit entry (skipped on replay)."""
    def work(tx) -> EventResult:
        return post_event(tx, request, operator_id=operator.user_id, operator_name=operator.username,
                          counter=operator.counter, audit_action=f"ledger.{request.kind}",
                          supervisor_name=grant_supervisor)

    # Posted server-side, an event is a single statement: its own transaction, one round trip.
    return db.transact(work, raw=True, one_statement=posting.SERVER_SIDE_ON_POSTGRESQL)


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    user_id: int
    counter: str
    opening_float_fen: int
    drawer_account_id: int
    opened_at: datetime
    closed_at: datetime | None


def _shift_info(s: Shift) -> ShiftInfo:
    return ShiftInfo(s.id, s.user_id, s.counter, s.opening_float_fen, s.drawer_account_id, s.opened_at,
                     s.closed_at)


def open_shift(db: Database, actor: Actor, opening_float_fen: int, *, event_id: str | None = None,
               override: Override | None = None) -> ShiftInfo:
    """Open the actor's shift at the actor's counter with a counted float (taken from the
    safe into a new drawer account). One open shift per user and counter."""
    grant = require(actor, "shift.open", override)
    if not actor.counter:
        raise ValidationError("counter: this workstation has no counter name; set it in Settings")
    if type(opening_float_fen) is not int or not 0 <= opening_float_fen <= OPENING_FLOAT_MAX_FEN:
        raise ValidationError(f"opening float: between 0 and {format_fen(OPENING_FLOAT_MAX_FEN)} yuan")
    assert actor.user_id is not None, "a shift belongs to a user"
    event_id = event_id or new_event_id()

    def work(session: Session) -> ShiftInfo:
        health.require_healthy()
        today = to_local(db_now(session)).date().isoformat()
        if _DAY_CLOSED.run(session, dict(day=today)).first() is not None:
            raise Conflict(f"finance has closed the books of {today} (day close): a new shift starts tomorrow")
        drawer_key = f"drawer:{event_id}"

        def _replayed(shift: Shift) -> ShiftInfo:
            if shift.opening_float_fen != opening_float_fen or shift.user_id != actor.user_id:
                raise IdempotencyConflict(event_id)
            return _shift_info(shift)

        existing = _shift_by_drawer(session, drawer_key)
        if existing is not None:  # the same request again (double click, retry)
            return _replayed(existing)
        conflict = Conflict(f"{actor.username} already has an open shift at {actor.counter}")
        if _open_shift(session, actor) is not None:
            existing = _shift_by_drawer(session, drawer_key)  # a twin may have committed a moment ago
            if existing is not None:
                return _replayed(existing)
            raise conflict
        # A concurrent twin of this request waits here on the drawer's key until it commits (so
        # the unique index below only ever catches a different request).
        drawer = accounts.ensure_account(session, accounts.AccountSpec(
            drawer_key, accounts.AccountCode.CASH_DRAWER,
            f"Cash drawer: {actor.username} @ {actor.counter}", credits_must_not_exceed_debits=True))
        existing = _shift_by_drawer(session, drawer_key)
        if existing is not None:
            return _replayed(existing)
        shift = Shift(user_id=actor.user_id, counter=actor.counter, opening_float_fen=opening_float_fen,
                      drawer_account_id=drawer.id, opened_at=db_now(session))
        session.add(shift)
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # the partial unique index: another shift opened meanwhile
            raise conflict from None
        if opening_float_fen:
            post_event(session, EventRequest(event_id, "shift.open", (NewTransfer(
                drawer.id, accounts.safe(session).id, opening_float_fen, TransferCode.FLOAT,
                shift_id=shift.id, memo="opening float"),)),
                operator_id=actor.user_id, operator_name=actor.username, counter=actor.counter)
        audit.append(session, action="shift.open", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=str(shift.id),
                     details={"opening_float_fen": opening_float_fen})
        return _shift_info(shift)

    return db.transact(work)


def _shift_by_drawer(session: Session, drawer_key: str) -> Shift | None:
    return session.scalar(select(Shift).join(Account, Account.id == Shift.drawer_account_id)
                          .where(Account.key == drawer_key))


def _open_shift(session: Session, actor: Actor) -> Shift | None:
    return session.scalar(select(Shift).where(Shift.user_id == actor.user_id, Shift.counter == actor.counter,
                                              Shift.closed_at.is_(None)))


def current_shift(db: Database, actor: Actor) -> ShiftInfo | None:
    def work(session: Session) -> ShiftInfo | None:
        shift = _open_shift(session, actor)
        return _shift_info(shift) if shift else None

    return db.transact(work, readonly=True)


def expire_pending(db: Database) -> int:
    """Void reservations past their expiry (run at start and periodically). The void's event
    id derives from the reservation, so two counters sweeping at once void it once."""
    def due(session: Session) -> list[int]:
        resolution = aliased(Transfer)
        return session.scalars(
            select(Transfer.id).outerjoin(resolution, resolution.pending_id == Transfer.id)
            .where(Transfer.kind == "pending", Transfer.expires_at.is_not(None),
                   Transfer.expires_at < db_now(session), resolution.id.is_(None))
            .order_by(Transfer.id).limit(EXPIRE_BATCH_MAX)).all()

    expired = 0
    for pending_id in db.transact(due, readonly=True):
        request = EventRequest(f"expire:{pending_id}", "pending.expire",
                               (VoidPending(pending_id, code=TransferCode.EXPIRED),))

        def work(session: Session, request=request) -> bool:
            if find_existing(session, request) is not None:
                return False
            try:
                with session.begin_nested():
                    post_event(session, request, operator_id=None, operator_name="system", counter=None)
            except PendingAlreadyResolved:  # its owner posted or voided it meanwhile
                return False
            return True

        try:
            expired += db.transact(work)
        except LedgerError as exc:  # one stuck reservation must not stop the others (or the start)
            log.error("reservation %s could not be expired: %s", pending_id, exc)
    return expired


def verify_ledger(db: Database):
    return db.transact(verify, readonly=True)


def startup_check(db: Database) -> list[str]:
    """Quick O(accounts) check; on failure money operations stay refused in this process."""
    problems = db.transact(health.quick_check, readonly=True)
    health.record(problems)
    return problems


assert OPENING_FLOAT_MAX_FEN < AMOUNT_MAX_FEN

"""日结 — closing a business day: every shift that worked during the (local) day is closed and
received, `ledger verify` is clean, and the day report is written; then the day is recorded
as closed, once, with its totals."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.errors import Conflict
from app.finance.models import DayClose, Handover, HandoverReceipt
from app.ledger.models import Shift
from app.ledger.service import verify_ledger
from app.reports.books.build import day_report, local_midnight_utc
from app.reports.books.pdf_report import write_pdf

LISTED_MAX = 10  # names of unfinished shifts in a refusal


@dataclass(frozen=True)
class DayStatus:
    day: date
    open_shifts: tuple[str, ...]          # "user @ counter" still working
    waiting_handovers: tuple[str, ...]    # handover numbers not received yet
    received: int
    closed_at: datetime | None            # the day is already closed

    @property
    def ready(self) -> bool:
        return not self.open_shifts and not self.waiting_handovers and self.closed_at is None


@dataclass(frozen=True)
class DayCloseResult:
    day: date
    handovers: int
    expected_cash_fen: int
    counted_cash_fen: int
    difference_fen: int
    report_path: Path


def day_status(db, actor: Actor, day: date) -> DayStatus:
    require(actor, "handover.receive")
    return db.transact(lambda session: _status(session, day), readonly=True)


def close_day(db, actor: Actor, day: date, *, report_dir: Path, override: Override | None = None) -> DayCloseResult:
    grant = require(actor, "handover.receive", override)
    today = db.transact(lambda session: to_local(db_now(session)).date(), readonly=True)
    if day > today:
        raise Conflict(f"{day.isoformat()} has not begun: only a day that has started can be closed")
    status = day_status(db, actor, day)
    _refuse_unless_ready(status)
    report = verify_ledger(db)
    if report.violations:
        raise Conflict(f"the ledger check found {report.violations} problem(s): run `marketdesk ledger verify` "
                       "and have them corrected before closing the day")
    path = write_pdf(day_report(db, actor, day), Path(report_dir) / f"day-{day.isoformat()}.pdf")

    def work(session: Session) -> DayCloseResult:
        _refuse_unless_ready(_status(session, day))
        start, end = _bounds(day)
        now = db_now(session)
        receipts = session.execute(select(HandoverReceipt).join(Handover, Handover.id == HandoverReceipt.handover_id)
                                   .where(*_worked_during(start, end))).scalars().all()
        result = DayCloseResult(day, len(receipts), sum(r.expected_cash_fen for r in receipts),
                                sum(r.counted_cash_fen for r in receipts), sum(r.difference_fen for r in receipts),
                                path)
        summary = {"handovers": result.handovers, "expected_cash_fen": result.expected_cash_fen,
                   "counted_cash_fen": result.counted_cash_fen, "difference_fen": result.difference_fen,
                   "ledger_transfers": report.transfers}
        session.add(DayClose(business_day=day.isoformat(), closed_by_id=actor.user_id, closed_by_name=actor.username,
                             handovers_count=result.handovers, summary=json.dumps(summary), report_path=str(path),
                             with_differences=any(r.difference_fen for r in receipts), created_at=now))
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:
            raise Conflict(f"{day.isoformat()} was closed a moment ago by someone else") from None
        audit.append(session, action="day.close", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=day.isoformat(), now=now,
                     details=summary)
        return result

    return db.transact(work)


def _bounds(day: date) -> tuple[datetime, datetime]:
    return local_midnight_utc(day), local_midnight_utc(day + timedelta(days=1))


def _worked_during(start: datetime, end: datetime) -> tuple:
    """Handovers of shifts that overlapped the day (a shift over midnight belongs to both days)."""
    return Handover.opened_at < end, Handover.closed_at >= start


def _status(session: Session, day: date) -> DayStatus:
    from app.auth.models import User
    start, end = _bounds(day)
    closed = session.scalar(select(DayClose.created_at).where(DayClose.business_day == day.isoformat()))
    working = session.execute(select(User.username, Shift.counter).join(User, User.id == Shift.user_id)
                              .where(Shift.closed_at.is_(None), Shift.opened_at < end)
                              .order_by(Shift.opened_at).limit(LISTED_MAX)).all()
    handovers = session.execute(select(Handover.handover_no, HandoverReceipt.id)
                                .outerjoin(HandoverReceipt, HandoverReceipt.handover_id == Handover.id)
                                .where(*_worked_during(start, end))).all()
    waiting = tuple(no for no, receipt in handovers if receipt is None)
    return DayStatus(day, tuple(f"{u} @ {c}" for u, c in working), waiting[:LISTED_MAX],
                     len(handovers) - len(waiting), closed)


def _refuse_unless_ready(status: DayStatus) -> None:
    if status.closed_at is not None:
        raise Conflict(f"{status.day.isoformat()} is already closed")
    if status.open_shifts:
        raise Conflict("shifts still open: " + ", ".join(status.open_shifts) + " — close them first")
    if status.waiting_handovers:
        raise Conflict("handovers not received yet: " + ", ".join(status.waiting_handovers))

"""What the finance desk reads: handovers waiting (from every counter), one handover in full,
the shifts still open, and what a closing cashier may see before submitting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.actor import Actor
from app.errors import NotFound, PermissionDenied
from app.finance.denominations import CashCount
from app.finance.figures import ShiftFigures, shift_figures
from app.finance.models import Handover, HandoverAdjustment, HandoverMethod, HandoverReceipt
from app.finance.policy import policy_in
from app.ledger.models import Shift

LIST_MAX = 500


@dataclass(frozen=True)
class HandoverRow:
    id: int
    handover_no: str
    counter: str
    user_name: str
    closed_by_name: str
    opened_at: datetime
    closed_at: datetime
    expected_cash_fen: int
    counted_cash_fen: int            # the cashier's count
    non_cash_expected_fen: int
    non_cash_declared_fen: int
    received_at: datetime | None
    received_by: str | None
    finance_counted_fen: int | None
    difference_fen: int | None       # finance's count − expected, once received

    @property
    def waiting(self) -> bool:
        return self.received_at is None


@dataclass(frozen=True)
class HandoverDetail:
    row: HandoverRow
    shift_id: int
    cash_in_fen: int
    cash_out_fen: int
    cash_dropped_fen: int
    opening_float_fen: int
    count: CashCount
    methods: tuple[tuple[str, int, int, int], ...]   # method, expected, declared, payments
    first_voucher: str | None
    last_voucher: str | None
    vouchers_count: int
    note: str
    receipt_note: str
    destination: str | None
    adjustments: tuple[tuple[datetime, int, str, str], ...]   # at, amount, reason, by


@dataclass(frozen=True)
class OpenShiftRow:
    shift_id: int
    user_id: int
    user_name: str
    counter: str
    opened_at: datetime


def _may_read(actor: Actor) -> None:
    if not (actor.can("handover.receive") or actor.can("report.view")):
        raise PermissionDenied("handover.receive", actor.username)


def list_handovers(db, actor: Actor, *, waiting_only: bool = True, limit: int = LIST_MAX) -> list[HandoverRow]:
    """Newest first; waiting ones are every handover not received yet, from every counter."""
    _may_read(actor)
    assert 0 < limit <= LIST_MAX

    def work(session: Session) -> list[HandoverRow]:
        query = select(Handover, HandoverReceipt).outerjoin(
            HandoverReceipt, HandoverReceipt.handover_id == Handover.id)
        if waiting_only:
            query = query.where(HandoverReceipt.id.is_(None))
        pairs = session.execute(query.order_by(Handover.closed_at.desc(), Handover.id.desc()).limit(limit)).all()
        non_cash = _non_cash_totals(session, [h.id for h, _ in pairs])
        return [_row(h, r, non_cash.get(h.id, (0, 0))) for h, r in pairs]

    return db.transact(work, readonly=True)


def handover_detail(db, actor: Actor, handover_id: int) -> HandoverDetail:
    _may_read(actor)

    def work(session: Session) -> HandoverDetail:
        h = session.get(Handover, handover_id)
        if h is None:
            raise NotFound(f"handover {handover_id} does not exist")
        receipt = session.scalar(select(HandoverReceipt).where(HandoverReceipt.handover_id == h.id))
        methods = session.scalars(select(HandoverMethod).where(HandoverMethod.handover_id == h.id)
                                  .order_by(HandoverMethod.id)).all()
        adjustments = session.scalars(select(HandoverAdjustment).where(HandoverAdjustment.handover_id == h.id)
                                      .order_by(HandoverAdjustment.id)).all()
        non_cash = (sum(m.expected_fen for m in methods), sum(m.declared_fen for m in methods))
        return HandoverDetail(
            _row(h, receipt, non_cash), h.shift_id, h.cash_in_fen, h.cash_out_fen, h.cash_dropped_fen,
            h.opening_float_fen, CashCount.from_json(h.denominations),
            tuple((m.method, m.expected_fen, m.declared_fen, m.payments_count) for m in methods),
            h.first_voucher, h.last_voucher, h.vouchers_count, h.note, receipt.note if receipt else "",
            receipt.destination if receipt else None,
            tuple((a.created_at, a.amount_fen, a.reason, a.operator_name) for a in adjustments))

    return db.transact(work, readonly=True)


def find_handover(db, actor: Actor, number: str) -> int:
    """The id of handover H…; NotFound names the number."""
    _may_read(actor)
    found = db.transact(lambda s: s.scalar(select(Handover.id).where(Handover.handover_no == number.strip().upper())),
                        readonly=True)
    if found is None:
        raise NotFound(f"handover {number} does not exist")
    return found


def open_shifts(db, actor: Actor) -> list[OpenShiftRow]:
    """Every shift still open, at every counter (who has not handed over yet)."""
    _may_read(actor)

    def work(session: Session) -> list[OpenShiftRow]:
        from app.auth.models import User
        rows = session.execute(select(Shift, User).join(User, User.id == Shift.user_id)
                               .where(Shift.closed_at.is_(None)).order_by(Shift.opened_at).limit(LIST_MAX)).all()
        return [OpenShiftRow(s.id, s.user_id, u.display_name or u.username, s.counter, s.opened_at) for s, u in rows]

    return db.transact(work, readonly=True)


def close_preview(db, actor: Actor, shift_id: int) -> ShiftFigures | None:
    """The expected figures before submitting a close: None when the count is blind for this
    user (the market's policy, unless the user may receive handovers anyway)."""
    def work(session: Session) -> ShiftFigures | None:
        shift = session.get(Shift, shift_id)
        if shift is None:
            raise NotFound(f"shift {shift_id} does not exist")
        if shift.user_id != actor.user_id and not actor.can("shift.close_other"):
            raise PermissionDenied("shift.close_other", actor.username)
        if policy_in(session).blind_count and not actor.can("handover.receive"):
            return None
        return shift_figures(session, shift.id, shift.drawer_account_id, shift.opening_float_fen)

    return db.transact(work, readonly=True)


def _non_cash_totals(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    totals: dict[int, tuple[int, int]] = {}
    if not ids:
        return totals
    for m in session.scalars(select(HandoverMethod).where(HandoverMethod.handover_id.in_(ids))):
        expected, declared = totals.get(m.handover_id, (0, 0))
        totals[m.handover_id] = (expected + m.expected_fen, declared + m.declared_fen)
    return totals


def _row(h: Handover, r: HandoverReceipt | None, non_cash: tuple[int, int]) -> HandoverRow:
    return HandoverRow(h.id, h.handover_no, h.counter, h.user_name, h.closed_by_name, h.opened_at, h.closed_at,
                       h.expected_cash_fen, h.counted_cash_fen, non_cash[0], non_cash[1],
                       r.created_at if r else None, r.received_by_name if r else None,
                       r.counted_cash_fen if r else None, r.difference_fen if r else None)

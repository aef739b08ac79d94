"""The paper of the finance desk: the handover slip when a shift closes, the slip of a cash
drop or pay-out. Queued inside the caller's transaction; printed after COMMIT."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.auth.actor import Actor
from app.db.clock import to_local
from app.finance.denominations import CashCount
from app.finance.models import Handover
from app.printing import queue
from app.printing.documents import CashSlip, HandoverLine, HandoverSlip
from app.printing.signing import signer_for

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def queue_handover_slip(db, session: Session, handover: Handover, lines, count: CashCount, actor: Actor,
                        now: datetime) -> int:
    """`lines` are close.MethodLine (cash first): expected and counted per method."""
    document = queue.signed(HandoverSlip(
        number=handover.handover_no, counter=handover.counter, cashier=handover.user_name,
        issued_at=to_local(now).strftime(TIME_FORMAT), opened_at=to_local(handover.opened_at).strftime(TIME_FORMAT),
        closed_at=to_local(now).strftime(TIME_FORMAT),
        lines=tuple(HandoverLine(line.method, line.expected_fen, line.counted_fen) for line in lines
                    if line.method == "cash" or line.expected_fen or line.counted_fen),
        denominations=count.pieces, first_voucher=handover.first_voucher or "",
        last_voucher=handover.last_voucher or "", vouchers_count=handover.vouchers_count, notes=handover.note),
        signer_for(db))
    return queue.enqueue(session, job_key=f"handover:{handover.handover_no}", counter=actor.counter,
                         document=document, created_by=actor.username, now=now)


def queue_cash_slip(session: Session, actor: Actor, now: datetime, *, number: str, movement: str, amount_fen: int,
                    payee: str, reason: str, authorised_by: str | None) -> int:
    document = CashSlip(number=number, counter=actor.counter, cashier=actor.display_name or actor.username,
                        issued_at=to_local(now).strftime(TIME_FORMAT), movement=movement, amount_fen=amount_fen,
                        payee=payee, reason=reason, authorised_by=authorised_by or "")
    return queue.enqueue(session, job_key=f"cash:{number}", counter=actor.counter, document=document,
                         created_by=actor.username, open_drawer=True, now=now)

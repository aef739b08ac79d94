"""The quick O(accounts) check run at start. If it fails, money operations are refused
until an administrator has looked (restart after `marketdesk ledger verify` is clean)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.ledger.errors import LedgerUnhealthy
from app.ledger.models import Account

_problems: list[str] = []


def quick_check(session: Session) -> list[str]:
    problems = []
    rows = session.execute(select(
        Account.ledger, func.sum(Account.debits_posted), func.sum(Account.credits_posted),
        func.sum(Account.debits_pending), func.sum(Account.credits_pending)).group_by(Account.ledger))
    for ledger, dpost, cpost, dpend, cpend in rows:
        if dpost != cpost:
            problems.append(f"ledger {ledger}: posted debits {dpost} != posted credits {cpost}")
        if dpend != cpend:
            problems.append(f"ledger {ledger}: pending debits {dpend} != pending credits {cpend}")
    over = session.scalars(select(Account.key).where(
        (Account.debits_must_not_exceed_credits
         & (Account.debits_pending + Account.debits_posted > Account.credits_posted + Account.overdraft_limit_fen))
        | (Account.credits_must_not_exceed_debits
           & (Account.credits_pending + Account.credits_posted > Account.debits_posted))).limit(10)).all()
    problems.extend(f"account {key} is past its limit" for key in over)
    return problems


def record(problems: list[str]) -> None:
    _problems[:] = problems


def require_healthy() -> None:
    if _problems:
        raise LedgerUnhealthy(list(_problems))

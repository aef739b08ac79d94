"""`marketdesk ledger verify`: every invariant of the ledger, recomputed from the transfers.
Grouped queries, so the cost grows linearly with the number of transfers."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.ledger.health import quick_check
from app.ledger.models import Account, Event, Transfer

PROBLEMS_MAX = 200


@dataclass
class LedgerReport:
    accounts: int = 0
    transfers: int = 0
    checks: dict[str, int] = field(default_factory=dict)  # check name -> violations
    problems: list[str] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return sum(self.checks.values())

    def add(self, check: str, problems: list[str]) -> None:
        self.checks[check] = self.checks.get(check, 0) + len(problems)
        room = PROBLEMS_MAX - len(self.problems)
        self.problems.extend(problems[:max(room, 0)])

    def as_dict(self) -> dict:
        return {"ok": self.violations == 0, "violations": self.violations, "accounts": self.accounts,
                "transfers": self.transfers, "checks": self.checks, "problems": self.problems}


def verify(session: Session) -> LedgerReport:
    report = LedgerReport()
    report.accounts = session.scalar(select(func.count(Account.id)))
    report.transfers = session.scalar(select(func.count(Transfer.id)))
    report.add("balanced_and_within_limits", quick_check(session))
    report.add("counters_match_transfers", _counters(session))
    report.add("client_ids_once", _client_ids(session))
    report.add("pending_resolved_once", _resolutions(session))
    report.add("events_complete", _events_complete(session))
    report.add("resolutions_match_reservations", _resolutions_match(session))
    report.add("closed_accounts_empty", _closed_empty(session))
    return report


def _counters(session: Session) -> list[str]:
    recomputed: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # dpend dpost cpend cpost
    posted = select(Transfer.debit_account_id, Transfer.credit_account_id, func.sum(Transfer.amount_fen)) \
        .where(Transfer.kind.in_(("posted", "post"))) \
        .group_by(Transfer.debit_account_id, Transfer.credit_account_id)
    for debit, credit, total in session.execute(posted):
        recomputed[debit][1] += total
        recomputed[credit][3] += total
    resolution = aliased(Transfer)
    open_pending = select(Transfer.debit_account_id, Transfer.credit_account_id, func.sum(Transfer.amount_fen)) \
        .outerjoin(resolution, resolution.pending_id == Transfer.id) \
        .where(Transfer.kind == "pending", resolution.id.is_(None)) \
        .group_by(Transfer.debit_account_id, Transfer.credit_account_id)
    for debit, credit, total in session.execute(open_pending):
        recomputed[debit][0] += total
        recomputed[credit][2] += total
    problems = []
    stored = select(Account.id, Account.key, Account.debits_pending, Account.debits_posted,
                    Account.credits_pending, Account.credits_posted)
    for account_id, key, *counters in session.execute(stored):
        expected = recomputed.get(account_id, [0, 0, 0, 0])
        if list(counters) != expected:
            problems.append(f"account {key}: stored counters {counters} != recomputed {expected} "
                            f"(debits pending/posted, credits pending/posted)")
    return problems


def _client_ids(session: Session) -> list[str]:
    dupes = session.execute(select(Transfer.event_id, Transfer.event_index, func.count())
                            .group_by(Transfer.event_id, Transfer.event_index).having(func.count() > 1))
    return [f"event {e} transfer {i} posted {n} times" for e, i, n in dupes]


def _resolutions(session: Session) -> list[str]:
    dupes = session.execute(select(Transfer.pending_id, func.count()).where(Transfer.pending_id.is_not(None))
                            .group_by(Transfer.pending_id).having(func.count() > 1))
    return [f"pending transfer {p} resolved {n} times" for p, n in dupes]


def _events_complete(session: Session) -> list[str]:
    """Every event has transfers numbered 0..n-1 (an event row alone would replay as success)."""
    rows = session.execute(
        select(Event.id, func.count(Transfer.id), func.min(Transfer.event_index), func.max(Transfer.event_index))
        .outerjoin(Transfer, Transfer.event_id == Event.id).group_by(Event.id)
        .having(or_(func.count(Transfer.id) == 0, func.min(Transfer.event_index) != 0,
                    func.max(Transfer.event_index) != func.count(Transfer.id) - 1)))
    return [f"event {e} has {n} transfers numbered {lo}..{hi}" for e, n, lo, hi in rows]


def _resolutions_match(session: Session) -> list[str]:
    """A post or void uses its reservation's accounts and ledger; a post takes at most the
    reserved amount, a void releases exactly it."""
    pending = aliased(Transfer)
    rows = session.execute(
        select(Transfer.id, Transfer.kind, pending.id).join(pending, pending.id == Transfer.pending_id)
        .where(or_(Transfer.debit_account_id != pending.debit_account_id,
                   Transfer.credit_account_id != pending.credit_account_id,
                   Transfer.ledger != pending.ledger,
                   and_(Transfer.kind == "post", Transfer.amount_fen > pending.amount_fen),
                   and_(Transfer.kind == "void", Transfer.amount_fen != pending.amount_fen))))
    return [f"{kind} transfer {t} does not match reservation {p}" for t, kind, p in rows]


def _closed_empty(session: Session) -> list[str]:
    keys = session.scalars(select(Account.key).where(
        Account.closed, or_(Account.debits_posted != Account.credits_posted, Account.debits_pending != 0,
                            Account.credits_pending != 0)))
    return [f"closed account {k} still holds money or reservations" for k in keys]

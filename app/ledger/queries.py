"""Balances and statements. Read-only; callers wrap them in services with permissions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select, tuple_, union_all
from sqlalchemy.orm import Session

from app.ledger.accounts import get
from app.ledger.codes import DEBIT_NORMAL, AccountCode
from app.ledger.models import Account, Transfer

STATEMENT_PAGE_MAX = 500
_MOVES = ("posted", "post")  # kinds that change posted balances


@dataclass(frozen=True)
class Balance:
    account_id: int
    key: str
    name: str
    code: str
    posted_fen: int      # on the account's normal side
    reserved_fen: int    # pending amounts going out
    available_fen: int   # posted - reserved (+ overdraft limit)
    overdraft_limit_fen: int
    closed: bool


def _debit_normal(account: Account) -> bool:
    return AccountCode(account.code) in DEBIT_NORMAL


def balance_of(account: Account) -> Balance:
    if _debit_normal(account):
        posted = account.debits_posted - account.credits_posted
        reserved = account.credits_pending
        available = posted - reserved
    else:
        posted = account.credits_posted - account.debits_posted
        reserved = account.debits_pending
        available = posted - reserved + account.overdraft_limit_fen
    return Balance(account.id, account.key, account.name, account.code, posted, reserved, available,
                   account.overdraft_limit_fen, account.closed)


def balance(session: Session, account_id: int) -> Balance:
    return balance_of(get(session, account_id))


@dataclass(frozen=True)
class StatementLine:
    transfer_id: int
    created_at: datetime
    code: str
    amount_fen: int           # signed, as the account sees it: + raises its balance
    counterparty_id: int
    ticket_ref: str | None
    memo: str | None
    balance_after_fen: int


@dataclass(frozen=True)
class Statement:
    account: Balance
    start: datetime
    end: datetime
    opening_fen: int
    closing_fen: int
    lines: tuple[StatementLine, ...]
    next_cursor: tuple[datetime, int] | None  # pass back for the next page


def _movements(account_id: int, sign_debit: int):
    """Posted movements of one account as (created_at, id, signed amount, ...) rows."""
    d = select(Transfer.created_at, Transfer.id, (Transfer.amount_fen * sign_debit).label("amount"),
               Transfer.code, Transfer.credit_account_id.label("other"), Transfer.ticket_ref, Transfer.memo
               ).where(Transfer.debit_account_id == account_id, Transfer.kind.in_(_MOVES))
    c = select(Transfer.created_at, Transfer.id, (Transfer.amount_fen * -sign_debit).label("amount"),
               Transfer.code, Transfer.debit_account_id.label("other"), Transfer.ticket_ref, Transfer.memo
               ).where(Transfer.credit_account_id == account_id, Transfer.kind.in_(_MOVES))
    return d, c


def _net(session: Session, account_id: int, sign_debit: int, *conditions) -> int:
    total = 0
    for part in _movements(account_id, sign_debit):
        sub = part.where(*conditions).subquery()
        total += session.scalar(select(func.coalesce(func.sum(sub.c.amount), 0)))
    return int(total)


def statement(session: Session, account_id: int, start: datetime, end: datetime, *,
              page_size: int = 100, cursor: tuple[datetime, int] | None = None) -> Statement:
    """Movements in [start, end) in time order, paged by a (time, id) keyset cursor so page
    1000 costs what page 1 costs. Opening and closing balances cover the whole period."""
    assert 0 < page_size <= STATEMENT_PAGE_MAX
    assert start <= end
    account = get(session, account_id)
    sign = 1 if _debit_normal(account) else -1
    opening = _net(session, account_id, sign, Transfer.created_at < start)
    closing = opening + _net(session, account_id, sign, Transfer.created_at >= start, Transfer.created_at < end)
    d, c = _movements(account_id, sign)
    in_period = [Transfer.created_at >= start, Transfer.created_at < end]
    after = []
    running = opening
    if cursor is not None:
        after = [tuple_(Transfer.created_at, Transfer.id) > tuple_(literal(cursor[0]), literal(cursor[1]))]
        running += _net(session, account_id, sign, Transfer.created_at >= start,
                        tuple_(Transfer.created_at, Transfer.id) <= tuple_(literal(cursor[0]), literal(cursor[1])))
    both = union_all(d.where(*in_period, *after), c.where(*in_period, *after)).subquery()
    rows = session.execute(select(both).order_by(both.c.created_at, both.c.id).limit(page_size + 1)).all()
    lines = []
    for row in rows[:page_size]:
        running += row.amount
        lines.append(StatementLine(row.id, row.created_at, row.code, int(row.amount), row.other,
                                   row.ticket_ref, row.memo, running))
    next_cursor = (rows[page_size - 1].created_at, rows[page_size - 1].id) if len(rows) > page_size else None
    return Statement(balance_of(account), start, end, opening, closing, tuple(lines), next_cursor)


def statement_all(session: Session, account_id: int, start: datetime, end: datetime, *,
                  lines_max: int, batch: int = 5_000) -> Statement:
    """Every movement of the period in one read (for a printed statement): the opening is
    summed once and the running balance carried along, instead of paging through
    `statement`, which sums everything before each page again. Refuses (ValueError) more
    than lines_max movements."""
    assert start <= end and 0 < batch and 0 < lines_max
    account = get(session, account_id)
    sign = 1 if _debit_normal(account) else -1
    running = opening = _net(session, account_id, sign, Transfer.created_at < start)
    d, c = _movements(account_id, sign)
    lines: list[StatementLine] = []
    after: list = []
    while True:
        in_period = [Transfer.created_at >= start, Transfer.created_at < end, *after]
        both = union_all(d.where(*in_period), c.where(*in_period)).subquery()
        rows = session.execute(select(both).order_by(both.c.created_at, both.c.id).limit(batch)).all()
        for row in rows:
            running += row.amount
            lines.append(StatementLine(row.id, row.created_at, row.code, int(row.amount), row.other,
                                       row.ticket_ref, row.memo, running))
        if len(lines) > lines_max:
            raise ValueError(f"more than {lines_max} movements")
        if len(rows) < batch:
            break
        last = rows[-1]
        after = [tuple_(Transfer.created_at, Transfer.id) > tuple_(literal(last.created_at), literal(last.id))]
    return Statement(balance_of(account), start, end, opening, running, tuple(lines), None)

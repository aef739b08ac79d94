"""The report's SQL: every figure is a GROUP BY in the database, read over [start, end) of the
stored (naive UTC) times. Tickets, refunds and voids are each read once, grouped by
(commodity, category, counter, cashier); the sections are rolled up from those few groups.

Indexes used: weigh_tickets / weigh_refunds / weigh_voids (created_at) (migration 0006),
ledger_transfers (debit|credit account, created_at)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.db.rawsql import Sql, as_datetime
from app.errors import ValidationError

GROUPS_MAX = 200_000        # (commodity, category, counter, cashier) groups of one period
VOIDS_MAX = 20_000
BALANCE_ROWS_MAX = 50_000


@dataclass(frozen=True)
class Group:
    commodity_id: int
    category_id: int
    counter: str
    operator_id: int
    paid_to: str = ""          # refunds only
    count: int = 0
    weight_g: int = 0
    fee_fen: int = 0
    cash_fen: int = 0          # tickets and voids: the fee's cash part; refunds: the amount
    account_fen: int = 0


_TICKETS = Sql(
    "SELECT commodity_id, category_id, counter, operator_id, COUNT(*), SUM(gross_g - tare_g), SUM(fee_fen), "
    "SUM(paid_cash_fen), SUM(paid_account_fen) FROM weigh_tickets WHERE created_at >= :start AND created_at < :end "
    "GROUP BY commodity_id, category_id, counter, operator_id LIMIT :limit")
_VOIDS = Sql(
    "SELECT t.commodity_id, t.category_id, t.counter, t.operator_id, COUNT(*), SUM(t.gross_g - t.tare_g), "
    "SUM(t.fee_fen), SUM(t.paid_cash_fen), SUM(t.paid_account_fen) FROM weigh_voids v "
    "JOIN weigh_tickets t ON t.id = v.ticket_id WHERE v.created_at >= :start AND v.created_at < :end "
    "GROUP BY t.commodity_id, t.category_id, t.counter, t.operator_id LIMIT :limit")
_REFUNDS = Sql(
    "SELECT t.commodity_id, t.category_id, r.counter, r.operator_id, r.paid_to, COUNT(*), SUM(r.refund_fen) "
    "FROM weigh_refunds r JOIN weigh_tickets t ON t.id = r.ticket_id "
    "WHERE r.created_at >= :start AND r.created_at < :end "
    "GROUP BY t.commodity_id, t.category_id, r.counter, r.operator_id, r.paid_to LIMIT :limit")
_VOID_LIST = Sql(
    "SELECT t.voucher_no, v.created_at, t.operator_id, t.commodity_name, t.fee_fen, v.reason, v.authorised_by "
    "FROM weigh_voids v JOIN weigh_tickets t ON t.id = v.ticket_id "
    "WHERE v.created_at >= :start AND v.created_at < :end ORDER BY v.created_at, v.id LIMIT :limit")
_RECHARGES = Sql(
    "SELECT method, COUNT(*), SUM(amount_fen) FROM recharges WHERE created_at >= :start AND created_at < :end "
    "GROUP BY method")
_REVERSALS = Sql(
    "SELECT r.method, COUNT(*), SUM(r.amount_fen) FROM recharge_reversals v JOIN recharges r ON r.id = v.recharge_id "
    "WHERE v.created_at >= :start AND v.created_at < :end GROUP BY r.method")
_BALANCES = Sql(
    "SELECT m.code, m.name, a.credits_posted - a.debits_posted FROM ledger_accounts a "
    "JOIN merchants m ON m.account_id = a.id WHERE a.code = 'merchant_prepaid' "
    "AND a.credits_posted <> a.debits_posted ORDER BY m.code LIMIT :limit")
_ACCOUNTS = Sql(
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN credits_posted > debits_posted THEN credits_posted - debits_posted "
    "ELSE 0 END), 0), COALESCE(SUM(CASE WHEN credits_posted < debits_posted THEN credits_posted - debits_posted "
    "ELSE 0 END), 0) FROM ledger_accounts WHERE code = 'merchant_prepaid'")
_OVER_SHORT = Sql(
    "SELECT s.user_id, COUNT(*), "
    "SUM(CASE WHEN t.credit_account_id = a.id THEN t.amount_fen ELSE 0 END), "
    "SUM(CASE WHEN t.debit_account_id = a.id THEN t.amount_fen ELSE 0 END) "
    "FROM ledger_accounts a JOIN ledger_transfers t ON (t.credit_account_id = a.id OR t.debit_account_id = a.id) "
    "LEFT JOIN shifts s ON s.id = t.shift_id "
    "WHERE a.key = 'over_short' AND t.code IN ('OVER_SHORT', 'CORRECTION') AND t.kind IN ('posted', 'post') "
    "AND t.created_at >= :start AND t.created_at < :end GROUP BY s.user_id")
_NAMES = {
    "commodity": Sql("SELECT id, name FROM commodities"),
    "category": Sql("SELECT id, name FROM commodity_categories"),
    "user": Sql("SELECT id, CASE WHEN display_name <> '' THEN display_name ELSE username END FROM users"),
}


def _period(start: datetime, end: datetime, limit: int) -> dict:
    return {"start": start, "end": end, "limit": limit + 1}


def _bounded(rows: list[tuple], limit: int, what: str) -> list[tuple]:
    if len(rows) > limit:
        raise ValidationError(f"period: more than {limit} {what}: choose a shorter period")
    return rows


def ticket_groups(session: Session, start: datetime, end: datetime) -> list[Group]:
    rows = _bounded(_TICKETS.run(session, _period(start, end, GROUPS_MAX)).all(), GROUPS_MAX, "groups of tickets")
    return [Group(r[0], r[1], r[2], r[3], "", int(r[4]), int(r[5]), int(r[6]), int(r[7]), int(r[8])) for r in rows]


def void_groups(session: Session, start: datetime, end: datetime) -> list[Group]:
    rows = _bounded(_VOIDS.run(session, _period(start, end, GROUPS_MAX)).all(), GROUPS_MAX, "groups of voids")
    return [Group(r[0], r[1], r[2], r[3], "", int(r[4]), int(r[5]), int(r[6]), int(r[7]), int(r[8])) for r in rows]


def refund_groups(session: Session, start: datetime, end: datetime) -> list[Group]:
    rows = _bounded(_REFUNDS.run(session, _period(start, end, GROUPS_MAX)).all(), GROUPS_MAX, "groups of refunds")
    return [Group(r[0], r[1], r[2], r[3], r[4], int(r[5]), 0, int(r[6]),
                  int(r[6]) if r[4] == "cash" else 0, int(r[6]) if r[4] == "account" else 0) for r in rows]


def void_list(session: Session, start: datetime, end: datetime) -> list[tuple]:
    rows = _bounded(_VOID_LIST.run(session, _period(start, end, VOIDS_MAX)).all(), VOIDS_MAX, "voids")
    return [(r[0], as_datetime(r[1]), r[2], r[3], int(r[4]), r[5], r[6] or "") for r in rows]


def recharges(session: Session, start: datetime, end: datetime) -> tuple[dict, dict]:
    """{method: (count, amount)} of recharges and of reversals in the period."""
    params = {"start": start, "end": end}
    made = {r[0]: (int(r[1]), int(r[2])) for r in _RECHARGES.run(session, params).all()}
    reversed_ = {r[0]: (int(r[1]), int(r[2])) for r in _REVERSALS.run(session, params).all()}
    return made, reversed_


def balances(session: Session) -> tuple[int, int, int, list[tuple[str, str, int]]]:
    """(accounts, sum of credit balances, sum of overdrawn balances, non-zero rows) as of now."""
    count, credit, overdrawn = _ACCOUNTS.run(session).one()
    rows = _bounded(_BALANCES.run(session, {"limit": BALANCE_ROWS_MAX + 1}).all(), BALANCE_ROWS_MAX,
                    "accounts with a balance")
    return int(count), int(credit), int(overdrawn), [(r[0], r[1], int(r[2])) for r in rows]


def over_short(session: Session, start: datetime, end: datetime) -> list[tuple[int | None, int, int, int]]:
    """(user id of the shift, entries, over, short) per cashier."""
    return [(r[0], int(r[1]), int(r[2]), int(r[3]))
            for r in _OVER_SHORT.run(session, {"start": start, "end": end}).all()]


def names(session: Session, kind: str) -> dict[int, str]:
    return {r[0]: r[1] for r in _NAMES[kind].run(session).all()}

"""What a shift should hand over, read from the ledger alone (never from a previous close):
expected cash = opening float + cash taken − cash refunded or paid out − cash dropped to the
safe, and per non-cash method what went through that channel's clearing account."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db.rawsql import Sql
from app.ledger.codes import PaymentMethod, TransferCode

NON_CASH = tuple(m.value for m in PaymentMethod if m is not PaymentMethod.CASH)

# Per transfer code and direction: what went into (debit) and out of (credit) the drawer.
_DRAWER = Sql("SELECT code, CASE WHEN debit_account_id = :drawer THEN 1 ELSE 0 END AS into_drawer, "
              "COALESCE(SUM(amount_fen), 0), COUNT(*) FROM ledger_transfers "
              "WHERE (debit_account_id = :drawer OR credit_account_id = :drawer) AND kind = 'posted' "
              "GROUP BY code, CASE WHEN debit_account_id = :drawer THEN 1 ELSE 0 END")
_DRAWER_HOLDS = Sql("SELECT debits_posted - credits_posted FROM ledger_accounts WHERE id = :drawer")
_DRAWER_NOT_POSTED = Sql("SELECT COUNT(*) FROM ledger_transfers WHERE (debit_account_id = :drawer "
                         "OR credit_account_id = :drawer) AND kind <> 'posted'")
# Non-cash money of the shift: transfers of the shift into or out of a clearing account.
_CHANNELS = Sql(
    "SELECT a.key, SUM(CASE WHEN t.debit_account_id = a.id THEN t.amount_fen ELSE -t.amount_fen END), "
    "SUM(CASE WHEN t.debit_account_id = a.id THEN 1 ELSE 0 END) "
    "FROM ledger_transfers t JOIN ledger_accounts a ON a.id IN (t.debit_account_id, t.credit_account_id) "
    "WHERE t.shift_id = :shift AND a.code = 'channel_clearing' GROUP BY a.key")
_SHIFT_DOCUMENTS = (
    " SELECT voucher_no AS no, created_at AS at FROM weigh_tickets WHERE shift_id = :shift"
    " UNION ALL SELECT voucher_no, created_at FROM weigh_refunds WHERE shift_id = :shift"
    " UNION ALL SELECT receipt_no, created_at FROM recharges WHERE shift_id = :shift"
    " UNION ALL SELECT receipt_no, created_at FROM recharge_reversals WHERE shift_id = :shift"
    " UNION ALL SELECT receipt_no, created_at FROM account_closures WHERE shift_id = :shift"
    " UNION ALL SELECT slip_no, created_at FROM cash_movements WHERE shift_id = :shift")
_FIRST = Sql(f"SELECT no FROM ({_SHIFT_DOCUMENTS}) v ORDER BY at, no LIMIT 1")
_LAST = Sql(f"SELECT no FROM ({_SHIFT_DOCUMENTS}) v ORDER BY at DESC, no DESC LIMIT 1")
_COUNT = Sql(f"SELECT COUNT(*) FROM ({_SHIFT_DOCUMENTS}) v")


@dataclass(frozen=True)
class MethodFigures:
    method: str
    expected_fen: int
    payments_count: int


@dataclass(frozen=True)
class ShiftFigures:
    shift_id: int
    opening_float_fen: int
    cash_in_fen: int          # fees and recharges taken in cash
    cash_out_fen: int         # refunds, voids, reversals, closures and pay-outs paid in cash
    cash_dropped_fen: int     # taken to the safe during the shift
    methods: tuple[MethodFigures, ...]
    first_voucher: str | None
    last_voucher: str | None
    vouchers_count: int

    @property
    def expected_cash_fen(self) -> int:
        return self.opening_float_fen + self.cash_in_fen - self.cash_out_fen - self.cash_dropped_fen

    def method(self, name: str) -> MethodFigures:
        return next(m for m in self.methods if m.method == name)


def shift_figures(session: Session, shift_id: int, drawer_account_id: int, opening_float_fen: int) -> ShiftFigures:
    """Call with the shift locked (closing) or for a preview; the drawer holds exactly the
    expected cash, which is asserted against the account's own counters."""
    assert _DRAWER_NOT_POSTED.run(session, dict(drawer=drawer_account_id)).scalar() == 0, \
        "a drawer never holds reservations"
    float_fen = cash_in = cash_out = dropped = 0
    for code, into_drawer, amount_fen, _count in _DRAWER.run(session, dict(drawer=drawer_account_id)).all():
        amount_fen = int(amount_fen)
        if code == TransferCode.FLOAT:
            assert into_drawer, "the float only ever goes into the drawer"
            float_fen += amount_fen
        elif code == TransferCode.CASH_DROP:
            assert not into_drawer, "a drop only ever leaves the drawer"
            dropped += amount_fen
        elif into_drawer:
            cash_in += amount_fen
        else:
            cash_out += amount_fen
    assert float_fen == opening_float_fen, "the opening float is the one FLOAT transfer of the drawer"
    by_key = {key: (int(amount or 0), int(count or 0))
              for key, amount, count in _CHANNELS.run(session, dict(shift=shift_id)).all()}
    methods = tuple(MethodFigures(m, *by_key.get(f"clearing:{m}", (0, 0))) for m in NON_CASH)
    params = dict(shift=shift_id)
    first, last = _FIRST.run(session, params).scalar(), _LAST.run(session, params).scalar()
    count = int(_COUNT.run(session, params).scalar() or 0)
    figures = ShiftFigures(shift_id, opening_float_fen, cash_in, cash_out, dropped, methods, first, last, count)
    held = _DRAWER_HOLDS.run(session, dict(drawer=drawer_account_id)).scalar()
    assert figures.expected_cash_fen == held, "the drawer's counters agree with its transfers"
    return figures

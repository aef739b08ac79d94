"""Statements: opening + movements = closing for any history and any period, the same lines
whatever the page size, and a PDF that says it in Chinese with the font embedded."""
import io
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pypdf import PdfReader
from sqlalchemy import text

from app.errors import PermissionDenied
from app.ledger import accounts
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit
from app.recharge.statements import statement_page, statement_pdf
from app.weighing import merchants

FAR_PAST = datetime(2000, 1, 1)
FAR_FUTURE = datetime(2100, 1, 1)


def _history(market, amounts):
    """A fresh account with these movements: + recharges (bank transfer), - fees (income)."""
    m = merchants.create_merchant(market.db, market.admin, kind="fixed", name=f"户{new_event_id()[-6:]}",
                                  overdraft_limit_fen=10_000_000)

    def ids(session):
        return (accounts.clearing(session, PaymentMethod.BANK_TRANSFER).id,
                accounts.fee_income(session, 1, "蔬菜").id)
    source, income = market.db.transact(ids)
    for amount in amounts:
        item = NewTransfer(source, m.account_id, amount, TransferCode.RECHARGE) if amount > 0 else \
            NewTransfer(m.account_id, income, -amount, TransferCode.FEE)
        submit(market.db, EventRequest(new_event_id(), "test", (item,)), market.admin)
    with market.db.session() as s:
        times = [r[0] for r in s.execute(text(
            "SELECT created_at FROM ledger_transfers WHERE debit_account_id = :a OR credit_account_id = :a "
            "ORDER BY created_at, id"), {"a": m.account_id})]
    return m, times


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(min_value=-50_000, max_value=100_000).filter(bool), min_size=1, max_size=12),
       cut=st.integers(min_value=0, max_value=12), page_size=st.integers(min_value=1, max_value=5))
def test_opening_plus_movements_is_closing(market, clerk, amounts, cut, page_size):
    m, times = _history(market, amounts)
    from app.db.rawsql import as_datetime
    split = as_datetime(times[min(cut, len(times) - 1)])
    for start, end in ((FAR_PAST, split), (split, FAR_FUTURE), (FAR_PAST, FAR_FUTURE)):
        whole = statement_page(market.db, clerk, m.id, start, end, page_size=500)
        assert whole.opening_fen + sum(l.amount_fen for l in whole.lines) == whole.closing_fen
        lines, cursor = [], None
        while True:
            page = statement_page(market.db, clerk, m.id, start, end, page_size=page_size, cursor=cursor)
            lines.extend(page.lines)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert lines == list(whole.lines)
    full = statement_page(market.db, clerk, m.id, FAR_PAST, FAR_FUTURE, page_size=500)
    assert full.opening_fen == 0 and full.closing_fen == sum(amounts)


def test_filter_keeps_balances_whole(market, clerk):
    m, _ = _history(market, [100_00, -30_00, 50_00])
    page = statement_page(market.db, clerk, m.id, FAR_PAST, FAR_FUTURE, codes=frozenset({"FEE"}))
    assert [l.amount_fen for l in page.lines] == [-30_00] and page.closing_fen == 120_00


def test_statement_pdf(market, clerk):
    m, _ = _history(market, [100_00, -30_00, 50_00])
    pdf = statement_pdf(market.db, clerk, m.id, FAR_PAST, FAR_FUTURE, printed_at=datetime(2026, 11, 30, 18, 0),
                        market_name="寿光农产品物流园")
    reader = PdfReader(io.BytesIO(pdf))
    body = "".join(p.extract_text() for p in reader.pages)
    for needed in ("账户对账单", m.code, "120.00", "30.00", "充值", "交易管理费"):
        assert needed in body, needed


def test_statement_needs_permission(market):
    with pytest.raises(PermissionDenied):
        statement_page(market.db, market.cashier, market.fixed, FAR_PAST, FAR_FUTURE)


def test_period_must_be_forward(market, clerk):
    from app.errors import ValidationError
    with pytest.raises(ValidationError, match="start must come before"):
        statement_page(market.db, clerk, market.fixed, FAR_FUTURE, FAR_PAST)


def test_filtered_pages_are_full_and_chain(market, clerk):
    m, _ = _history(market, [100_00, -1_00, -2_00, 100_00, -3_00, -4_00, 100_00, -5_00])
    fees, cursor = [], None
    while True:
        page = statement_page(market.db, clerk, m.id, FAR_PAST, FAR_FUTURE, page_size=2, cursor=cursor,
                              codes=frozenset({"FEE"}))
        assert len(page.lines) == 2 or page.next_cursor is None
        fees.extend(l.amount_fen for l in page.lines)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert fees == [-1_00, -2_00, -3_00, -4_00, -5_00]

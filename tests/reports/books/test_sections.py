"""Every section of the day report against the hand-computed day of conftest.py, to the fen."""
from datetime import date

import pytest

from app.errors import PermissionDenied, ValidationError
from app.reports.books import build_period_report, day_report, month_report
from app.reports.books.model import IncomeRow, RechargeRow
from app.db.clock import to_local


def today(b) -> date:
    from app.db.clock import db_now
    return to_local(b.m.db.transact(db_now, readonly=True)).date()


@pytest.fixture
def report(books):
    return day_report(books.m.db, books.finance, today(books))


def rows(section) -> dict[str, IncomeRow]:
    return {r.label: r for r in section.rows}


def test_income_by_commodity_and_category(report):
    assert rows(report.by_commodity) == {
        "大白菜": IncomeRow("大白菜", 2, 1, 20_480_000, 75720, 0, 45000),
        "土豆": IncomeRow("土豆", 2, 0, 50_000_000, 60000, 12000, 0)}
    assert rows(report.by_category) == {"蔬菜": IncomeRow("蔬菜", 4, 1, 70_480_000, 135720, 12000, 45000)}
    assert report.total == IncomeRow("合计", 4, 1, 70_480_000, 135720, 12000, 45000)
    assert report.total.net_fen == 78720
    assert [r.label for r in report.by_commodity.rows] == ["土豆", "大白菜"]   # largest net first


def test_income_by_counter_and_cashier(report):
    assert rows(report.by_counter) == {
        "1号收费台": IncomeRow("1号收费台", 3, 1, 50_480_000, 111720, 12000, 45000),
        "2号收费台": IncomeRow("2号收费台", 1, 0, 20_000_000, 24000, 0, 0)}
    assert {k: v.net_fen for k, v in rows(report.by_cashier).items()} == {"张晓梅": 54720, "王强": 24000}


def test_income_by_method(report):
    assert rows(report.by_method) == {"现金": IncomeRow("现金", 0, 0, 0, 85720, 12000, 25720),
                                      "预付账户": IncomeRow("预付账户", 0, 0, 0, 50000, 0, 19280)}
    assert report.by_method.total.net_fen == report.total.net_fen


def test_refunds_and_voids(report, books):
    assert [(r.cashier, r.paid_to, r.count, r.amount_fen) for r in report.refunds] == [("张晓梅", "cash", 1, 12000)]
    [void] = report.voids
    assert (void.voucher_no, void.cashier, void.commodity, void.fee_fen, void.reason, void.authorised_by) == \
        (books.vouchers[2], "张晓梅", "大白菜", 45000, "=称错车", "mgr")


def test_recharges_by_method_are_not_income(report):
    got = {r.method: r for r in report.recharges}
    assert got["wechat"] == RechargeRow("wechat", 1, 1000_00, 0, 0)
    assert got["cash"] == RechargeRow("cash", 1, 200_00, 1, 200_00) and got["cash"].net_fen == 0
    assert got["alipay"] == RechargeRow("alipay")


def test_balances_as_of_now(report, books):
    b = report.balances
    # 500.00 - 307.20 - 192.80 + 192.80 (void) + 1000.00 + 200.00 - 200.00
    assert (b.accounts, b.credit_fen, b.overdrawn_fen, b.total_fen) == (1, 119280, 0, 119280)
    assert [(r.name, r.balance_fen) for r in b.rows] == [("寿光蔬菜批发部", 119280)]
    assert books.m.balance() == 119280
    assert b.as_of == report.generated_at


def test_over_short_per_cashier(report):
    assert [(r.cashier, r.entries, r.over_fen, r.short_fen, r.net_fen) for r in report.over_short] == \
        [("张晓梅", 1, 0, 500, -500), ("王强", 1, 200, 0, 200)]


def test_report_header(report):
    assert report.market_name and report.generated_by == "赵财务"
    assert report.is_one_day and report.period_text() == f"{report.first_day:%Y-%m-%d}"


def test_other_days_and_the_month(books):
    day = today(books)
    empty = build_period_report(books.m.db, books.finance, day.replace(year=day.year - 1),
                                day.replace(year=day.year - 1))
    assert empty.total == IncomeRow("合计") and not empty.voids and not empty.over_short
    assert empty.balances.total_fen == 119280       # balances are as of now, whatever the period
    month = month_report(books.m.db, books.finance, day.year, day.month)
    assert month.total.net_fen == 78720 and not month.is_one_day


def test_permission_refused_without_report_view(books):
    with pytest.raises(PermissionDenied):
        day_report(books.m.db, books.m.cashier, today(books))


def test_bad_periods_are_refused(books):
    db, fin = books.m.db, books.finance
    with pytest.raises(ValidationError, match="before the first"):
        build_period_report(db, fin, date(2026, 5, 2), date(2026, 5, 1))
    with pytest.raises(ValidationError, match="at most 366 days"):
        build_period_report(db, fin, date(2024, 1, 1), date(2025, 12, 31))
    with pytest.raises(ValidationError, match="not a month"):
        month_report(db, fin, 2026, 13)

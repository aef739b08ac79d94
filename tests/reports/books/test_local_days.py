"""A report day is a LOCAL day: a ticket at 23:59 belongs to that day, one at 00:01 to the next,
though both are stored in UTC on the same UTC day."""
import time
from datetime import date, datetime

import pytest

from app.db.rawsql import Sql
from app.reports.books import day_report
from app.reports.books.build import local_midnight_utc
from app.weighing.entry import EntryDraft
from tests.desk.test_entry import charge

COLUMNS = ("shift_id, counter, operator_id, operator_name, vehicle_id, plate, merchant_id, merchant_name, "
           "merchant_kind, commodity_id, commodity_name, category_id, price_id, unit_price_fen, rounding_fen, gross_g, "
           "tare_g, tare_source, fee_fen, paid_account_fen, paid_cash_fen, manual_weight, authorised_by, "
           "refundable_by_weight, scale_frames")


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def copy_ticket(db, ticket_id: int, voucher_no: str, created_at: datetime) -> None:
    """A copy of a charged ticket at another (UTC) time: tickets are append-only, so inserted."""
    with db.session() as s:   # Sql writes times as the app stores them (SQLite: text with microseconds)
        Sql("INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, created_at) "
            "VALUES (:id, 'weigh.entry', 'x', NULL, 'test', NULL, :t)").run(s, {"id": f"copy-{voucher_no}",
                                                                              "t": created_at})
        Sql(f"INSERT INTO weigh_tickets (voucher_no, event_id, created_at, {COLUMNS}) "
            f"SELECT :v, :e, :t, {COLUMNS} FROM weigh_tickets WHERE id = :id").run(
            s, {"v": voucher_no, "e": f"copy-{voucher_no}", "t": created_at, "id": ticket_id})


def test_local_midnight(shanghai):
    assert local_midnight_utc(date(2026, 3, 11)) == datetime(2026, 3, 10, 16, 0)


def test_ticket_at_2359_and_0001_fall_on_their_local_days(market, shanghai):
    t = charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))  # 360.00
    copy_ticket(market.db, t.ticket_id, "X0000000001", datetime(2026, 3, 10, 15, 59))   # 23:59 on 10 March
    copy_ticket(market.db, t.ticket_id, "X0000000002", datetime(2026, 3, 10, 16, 1))    # 00:01 on 11 March
    copy_ticket(market.db, t.ticket_id, "X0000000003", datetime(2026, 3, 9, 16, 0))     # 00:00 on 10 March
    tenth = day_report(market.db, market.admin, date(2026, 3, 10))
    eleventh = day_report(market.db, market.admin, date(2026, 3, 11))
    assert (tenth.total.tickets, tenth.total.fees_fen) == (2, 72000)
    assert (eleventh.total.tickets, eleventh.total.fees_fen) == (1, 36000)
    assert tenth.start_utc == datetime(2026, 3, 9, 16, 0) and tenth.end_utc == datetime(2026, 3, 10, 16, 0)

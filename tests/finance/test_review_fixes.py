"""Found in review: the day close and shifts over midnight, future days, work after the day
close, replays with other content, twins of one request racing, over/short adjustments in the
report, long transaction numbers stored as numbers."""
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.errors import Conflict
from app.finance.cash import move_cash
from app.finance.close import close_shift
from app.finance.day import close_day, day_status
from app.finance.receive import adjust_handover, receive_handover
from app.ledger.errors import IdempotencyConflict
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, open_shift
from app.reconcile.formats import BANK
from app.reconcile.parse import parse_rows
from app.reports.books.build import day_report, local_midnight_utc
from tests.concurrency import run_together
from tests.desk.test_entry import rows
from tests.finance.conftest import cash, close


def _close_and_receive_everything(m, fin):
    for actor in (m.cashier, m.manager):
        h = close(m, actor, 1000_00)
        receive_handover(m.db, fin, h.handover_id, event_id=new_event_id())


def test_a_future_day_cannot_be_closed(market, finance, tmp_path):
    _close_and_receive_everything(market, finance)
    with pytest.raises(Conflict, match="has not begun"):
        close_day(market.db, finance, date.today() + timedelta(days=2), report_dir=tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_no_new_shift_after_the_day_close(market, finance, tmp_path):
    _close_and_receive_everything(market, finance)
    close_day(market.db, finance, date.today(), report_dir=tmp_path)
    with pytest.raises(Conflict, match="day close"):
        open_shift(market.db, market.cashier, 100_00)


def test_a_shift_over_midnight_keeps_the_day_before_open(market, finance, tmp_path):
    yesterday = date.today() - timedelta(days=1)
    with market.db.session() as s:
        s.execute(text("UPDATE shifts SET opened_at = :t WHERE user_id = :u"),
                  dict(t=local_midnight_utc(yesterday) + timedelta(hours=22), u=market.cashier.user_id))
    h = close(market, market.cashier, 1000_00)
    close(market, market.manager, 1000_00)
    assert h.handover_no in day_status(market.db, finance, yesterday).waiting_handovers
    with pytest.raises(Conflict, match="not received"):
        close_day(market.db, finance, yesterday, report_dir=tmp_path)


def test_a_replayed_close_or_receipt_with_other_content_is_refused(market, finance):
    event_id = new_event_id()
    shift = current_shift(market.db, market.cashier).id
    h = close(market, market.cashier, 1000_00, event_id=event_id)
    with pytest.raises(IdempotencyConflict):
        close_shift(market.db, market.cashier, shift, count=cash(500_00), declared_fen={"wechat": 99_00},
                    event_id=event_id)
    receipt = new_event_id()
    receive_handover(market.db, finance, h.handover_id, event_id=receipt)
    with pytest.raises(IdempotencyConflict):
        receive_handover(market.db, finance, h.handover_id, event_id=receipt, count=cash(900_00), destination="bank",
                         note="other")
    assert receive_handover(market.db, finance, h.handover_id, event_id=receipt).replayed


def test_twins_of_one_close_and_one_drop_both_get_the_first_result(market):
    shift = current_shift(market.db, market.cashier)
    close_id, drop_id, outcomes = new_event_id(), new_event_id(), []

    def drop():
        try:
            outcomes.append(move_cash(market.db, market.manager, "drop", 100_00, reason="full", event_id=drop_id))
        except Exception as exc:  # noqa: BLE001 — any failure is the finding
            outcomes.append(exc)

    def shut():
        try:
            outcomes.append(close_shift(market.db, market.cashier, shift.id, count=cash(1000_00), declared_fen={},
                                        event_id=close_id))
        except Exception as exc:  # noqa: BLE001
            outcomes.append(exc)

    run_together(drop, drop, shut, shut)
    assert sorted(type(o).__name__ for o in outcomes) == ["CashMovementResult"] * 2 + ["HandoverResult"] * 2
    assert rows(market.db, "SELECT COUNT(*) FROM cash_movements")[0][0] == 1
    assert rows(market.db, "SELECT COUNT(*) FROM handovers")[0][0] == 1


def test_the_over_short_report_counts_adjustments(market, finance):
    h = close(market, market.cashier, 980_00)
    receive_handover(market.db, finance, h.handover_id, event_id=new_event_id(), note="short 20")
    adjust_handover(market.db, finance, h.handover_id, 20_00, reason="found in the tray", event_id=new_event_id())
    (row,) = [r for r in day_report(market.db, market.manager, date.today()).over_short if r.cashier == "张晓梅"]
    assert row.short_fen - row.over_fen == 0


def test_a_long_transaction_number_stored_as_a_number_is_refused():
    parsed = parse_rows("bank.xlsx", iter([(1, ["date", "reference", "amount", "fee"]),
                                           (2, ["2026-11-23 10:00:00", float("6222021234567890123"), "100.00",
                                                "0.60"])]), BANK)
    assert not parsed.lines and "text" in parsed.errors[0].problem

"""Closing a shift: expected cash from the ledger against hand-computed shifts, the handover
written once, the shift frozen, the slip printed, permissions."""
import json

import pytest
from sqlalchemy import text

from app.errors import Conflict, PermissionDenied, ValidationError
from app.finance.cash import move_cash
from app.finance.close import close_shift
from app.finance.denominations import CashCount, parse_pieces
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, verify_ledger
from app.printing import queue
from app.printing.documents import from_json
from app.recharge.service import recharge, reverse_recharge
from app.weighing.entry import EntryDraft
from tests.desk.test_entry import charge, rows
from tests.desk.test_exit_and_void import refund
from tests.finance.conftest import cash, close


def busy_shift(m):
    """Float 1000.00; a temporary customer pays 360.00 cash; a fixed merchant pays 150.00 in
    cash by choice and 118.80 from the account; the temporary truck is refunded 120.00 in cash
    at exit; 300.00 are dropped to the safe. Expected: 1000 + 360 + 150 − 120 − 300 = 1090.00."""
    temporary = charge(m, EntryDraft("苏A88888", m.potato, 30_000_000, weigh_tare_at_exit=True))
    charge(m, EntryDraft("鲁G22222", m.cabbage, 13_200_000, all_cash=True))
    charge(m, EntryDraft("鲁G12345", m.cabbage, 20_000_000))
    refund(m, temporary.ticket_id, 10_000_000)
    move_cash(m.db, m.cashier, "drop", 300_00, reason="drawer too full", event_id=new_event_id())
    return temporary


def test_expected_cash_of_a_hand_computed_shift(market):
    busy_shift(market)
    result = close(market, market.cashier, 1090_00)
    assert (result.cash.expected_fen, result.cash.counted_fen, result.cash.difference_fen) == (1090_00, 1090_00, 0)
    (h,) = rows(market.db, "SELECT opening_float_fen, cash_in_fen, cash_out_fen, cash_dropped_fen, "
                           "expected_cash_fen, vouchers_count, first_voucher, last_voucher FROM handovers")
    assert h[:6] == (1000_00, 510_00, 120_00, 300_00, 1090_00, 5)   # 3 entries, 1 refund, 1 drop slip
    assert h[6].startswith("E") and h[7].startswith("D")
    assert verify_ledger(market.db).violations == 0


def test_recharge_clerk_shift_with_channels_and_a_reversal(market, clerk):
    """Float 200.00; cash 300.00 and 50.00 in; WeChat 80.00 and Alipay 20.00."""
    def top(amount, method, ref=None):
        return recharge(market.db, clerk, market.fixed, amount_fen=amount, method=method, reference=ref,
                        event_id=new_event_id())
    first = top(300_00, "cash")
    top(80_00, "wechat", "4200001234202611230000000001")
    top(20_00, "alipay", "2026112322001400000000000001")
    top(50_00, "cash")
    assert first.amount_fen == 300_00
    result = close(market, clerk, 550_00, declared={"wechat": 80_00, "alipay": 19_00})
    lines = {line.method: line for line in result.lines}
    assert lines["cash"].expected_fen == 200_00 + 300_00 + 50_00
    assert (lines["wechat"].expected_fen, lines["wechat"].counted_fen) == (80_00, 80_00)
    assert lines["alipay"].difference_fen == -1_00
    assert lines["bank_card"].expected_fen == 0


def test_a_reversed_cash_recharge_leaves_the_drawer(market):
    """The manager's shift: float 1000.00, a 50.00 cash recharge, reversed: cash in 50, out 50."""
    done = recharge(market.db, market.manager, market.fixed, amount_fen=50_00, method="cash", reference=None,
                    event_id=new_event_id())
    reverse_recharge(market.db, market.manager, done.recharge_id, reason="wrong account", event_id=new_event_id())
    result = close(market, market.manager, 1000_00)
    (h,) = rows(market.db, "SELECT cash_in_fen, cash_out_fen, expected_cash_fen FROM handovers")
    assert h == (50_00, 50_00, 1000_00) and result.cash.difference_fen == 0


def test_a_closed_shift_takes_no_more_money(market):
    close(market, market.cashier, 1000_00)
    with pytest.raises(ValidationError, match="no open shift"):
        charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))
    with pytest.raises(ValidationError, match="no open shift"):
        move_cash(market.db, market.cashier, "drop", 1_00, reason="x", event_id=new_event_id())
    assert current_shift(market.db, market.cashier) is None


def test_the_same_close_twice_is_one_handover(market):
    shift = current_shift(market.db, market.cashier)
    event_id = new_event_id()
    first = close_shift(market.db, market.cashier, shift.id, count=cash(1000_00), declared_fen={}, event_id=event_id)
    again = close_shift(market.db, market.cashier, shift.id, count=cash(1000_00), declared_fen={}, event_id=event_id)
    assert again.replayed and again.handover_no == first.handover_no
    assert rows(market.db, "SELECT COUNT(*) FROM handovers")[0][0] == 1


def test_a_second_close_learns_who_closed(market):
    shift = current_shift(market.db, market.cashier)
    close(market, market.cashier, 1000_00)
    with pytest.raises(Conflict, match="already closed by cash1"):
        close_shift(market.db, market.manager, shift.id, count=cash(1000_00), declared_fen={},
                    event_id=new_event_id())


def test_closing_someone_elses_shift_needs_close_other(market, clerk):
    with pytest.raises(PermissionDenied, match="shift.close_other"):
        close(market, market.cashier, 200_00, owner=clerk)
    result = close(market, market.manager, 200_00, owner=clerk)
    (closed_by, user_name) = rows(market.db, "SELECT closed_by_name, user_name FROM handovers")[0]
    assert (closed_by, user_name) == ("mgr", "李会计") and result.cash.expected_fen == 200_00
    (details,) = rows(market.db, "SELECT details FROM audit_log WHERE action = 'shift.close'")[0]
    assert json.loads(details)["absent_owner"] == "李会计"


def test_the_handover_slip_prints_with_expected_and_counted(market):
    busy_shift(market)
    result = close(market, market.cashier, 1089_50, note="少五角")
    job = market.db.transact(lambda tx: queue.get(tx, result.print_job_id), raw=True)
    slip = from_json(job.kind, job.document)
    assert slip.number == result.handover_no and slip.cash_counted_fen() == 1089_50
    assert slip.lines[0].expected_fen == 1090_00 and slip.notes == "少五角"
    assert slip.denominations[0] == (100_00, 10)


def test_handover_rows_cannot_be_changed(market):
    close(market, market.cashier, 1000_00)
    with pytest.raises(Exception, match="append-only|not allowed|refuse"):
        with market.db.session() as s:
            s.execute(text("UPDATE handovers SET counted_cash_fen = 0"))
    with pytest.raises(Exception, match="append-only|not allowed|refuse"):
        with market.db.session() as s:
            s.execute(text("DELETE FROM handovers"))


def test_bad_counts_are_refused_with_their_field():
    with pytest.raises(ValidationError, match="denomination 2.00"):
        CashCount.of({200: 1})
    with pytest.raises(ValidationError, match="number of pieces"):
        CashCount.of({100_00: -1})
    with pytest.raises(ValidationError, match="denomination=pieces"):
        parse_pieces("100:3")
    assert CashCount.of(parse_pieces("100=3, 0.5=2,0.1=1")).total_fen == 301_10


def test_bad_declared_totals_are_refused(market):
    shift = current_shift(market.db, market.cashier)
    with pytest.raises(ValidationError, match="method 'cash'"):
        close_shift(market.db, market.cashier, shift.id, count=cash(0), declared_fen={"cash": 1},
                    event_id=new_event_id())
    with pytest.raises(ValidationError, match="wechat"):
        close_shift(market.db, market.cashier, shift.id, count=cash(0), declared_fen={"wechat": -1},
                    event_id=new_event_id())
    assert current_shift(market.db, market.cashier) is not None  # nothing half-written

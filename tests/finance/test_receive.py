"""Finance receives handovers: the drawer emptied into the safe or bank, differences to
over/short with the right permission, once; adjustments; races; the day close."""
from datetime import date

import pytest

from app.errors import Conflict, PermissionDenied, ValidationError
from app.finance.cash import move_cash
from app.finance.close import close_shift
from app.finance.day import close_day, day_status
from app.finance.handovers import close_preview, handover_detail, list_handovers, open_shifts
from app.finance.policy import FinancePolicy, set_policy
from app.finance.receive import adjust_handover, receive_handover
from app.ledger import accounts, queries
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, verify_ledger
from app.weighing.entry import EntryDraft
from tests.concurrency import run_together
from tests.desk.test_entry import charge, rows
from tests.finance.conftest import cash, close


def balance(m, key):
    return m.db.transact(lambda s: queries.balance(s, accounts.get_by_key(s, key).id), readonly=True).posted_fen


def receive(m, actor, handover_id, counted_fen=None, **kw):
    return receive_handover(m.db, actor, handover_id, event_id=new_event_id(),
                            count=None if counted_fen is None else cash(counted_fen), **kw)


def test_receiving_moves_the_drawer_to_the_safe(market, finance):
    charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))   # 360.00 cash
    safe_before = balance(market, "safe")
    handover = close(market, market.cashier, 1360_00)
    (waiting,) = list_handovers(market.db, finance)
    assert waiting.handover_no == handover.handover_no and waiting.waiting
    result = receive(market, finance, handover.handover_id)
    assert (result.counted_cash_fen, result.difference_fen) == (1360_00, 0)
    assert balance(market, "safe") == safe_before + 1360_00
    assert list_handovers(market.db, finance) == []
    assert verify_ledger(market.db).violations == 0


def test_a_short_drawer_goes_to_over_short_with_a_note(market, finance):
    handover = close(market, market.cashier, 990_00)         # 10.00 short by the cashier's count
    with pytest.raises(ValidationError, match="needs a note"):
        receive(market, finance, handover.handover_id)
    result = receive(market, finance, handover.handover_id, 995_00, note="found 5.00 under the tray")
    assert result.difference_fen == -5_00
    assert balance(market, "over_short") == 5_00               # debit-normal: money missing
    detail = handover_detail(market.db, finance, handover.handover_id)
    assert detail.row.finance_counted_fen == 995_00 and detail.receipt_note.startswith("found")


def test_over_tolerance_needs_accept_difference(market, finance):
    set_policy(market.db, market.admin, FinancePolicy(blind_count=True, tolerance_fen=2_00))
    handover = close(market, market.cashier, 1001_00)        # 1.00 over: within tolerance, no note needed
    receive(market, market.manager, handover.handover_id)
    assert balance(market, "over_short") == -1_00
    from app.auth import service as auth
    auth.create_user(market.db, market.admin, "fin2", "", "fin2-pass", "finance")
    clerk_role = auth.login(market.db, "fin2", "fin2-pass", counter="财务室")
    limited = clerk_role.__class__(**{**clerk_role.__dict__,
                                      "permissions": clerk_role.permissions - {"handover.accept_difference"}})
    other = close(market, market.manager, 1010_00, note="")
    with pytest.raises(PermissionDenied, match="handover.accept_difference"):
        receive(market, limited, other.handover_id, note="over by ten")
    assert rows(market.db, "SELECT COUNT(*) FROM handover_receipts")[0][0] == 1   # nothing half-written


def test_received_once_even_when_two_clerks_race(market, finance):
    handover = close(market, market.cashier, 1000_00)
    outcomes = []

    def take(actor):
        try:
            outcomes.append(receive(market, actor, handover.handover_id))
        except Conflict as exc:
            outcomes.append(exc)

    run_together(lambda: take(finance), lambda: take(market.manager))
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "ReceiptResult"]
    assert rows(market.db, "SELECT COUNT(*) FROM handover_receipts")[0][0] == 1
    assert verify_ledger(market.db).violations == 0


def test_two_counters_closing_one_shift_at_once(market):
    """The cashier and a manager close the same shift at the same moment: exactly one wins."""
    shift = current_shift(market.db, market.cashier)
    outcomes = []

    def take(actor):
        try:
            outcomes.append(close_shift(market.db, actor, shift.id, count=cash(1000_00), declared_fen={},
                                        event_id=new_event_id()))
        except Conflict as exc:
            outcomes.append(exc)

    run_together(lambda: take(market.cashier), lambda: take(market.manager))
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "HandoverResult"]
    assert rows(market.db, "SELECT COUNT(*) FROM handovers")[0][0] == 1


def test_a_charge_racing_the_close_is_either_in_the_handover_or_refused(market):
    shift = current_shift(market.db, market.cashier)
    outcomes = []

    def charging():
        try:
            outcomes.append(charge(market, EntryDraft("苏A88888", market.potato, 30_000_000,
                                                      weigh_tare_at_exit=True)))
        except ValidationError as exc:
            outcomes.append(exc)

    def closing():
        outcomes.append(close_shift(market.db, market.manager, shift.id, count=cash(1000_00), declared_fen={},
                                    event_id=new_event_id()))

    run_together(charging, closing)
    (expected,) = rows(market.db, "SELECT expected_cash_fen FROM handovers")[0]
    charged = any(type(o).__name__ == "EntryResult" for o in outcomes)
    assert expected == (1360_00 if charged else 1000_00)
    assert verify_ledger(market.db).violations == 0


def test_adjustments_correct_a_received_handover(market, finance):
    handover = close(market, market.cashier, 1000_00)
    with pytest.raises(Conflict, match="not received yet"):
        adjust_handover(market.db, finance, handover.handover_id, 10_00, reason="late", event_id=new_event_id())
    receive(market, finance, handover.handover_id)
    safe = balance(market, "safe")
    adjust_handover(market.db, finance, handover.handover_id, -20_00, reason="counterfeit note",
                    event_id=new_event_id())
    assert balance(market, "safe") == safe - 20_00 and balance(market, "over_short") == 20_00
    with pytest.raises(ValidationError, match="reason"):
        adjust_handover(market.db, finance, handover.handover_id, 1_00, reason=" ", event_id=new_event_id())
    with pytest.raises(PermissionDenied):
        adjust_handover(market.db, market.cashier, handover.handover_id, 1_00, reason="x", event_id=new_event_id())
    detail = handover_detail(market.db, finance, handover.handover_id)
    assert [a[1] for a in detail.adjustments] == [-20_00]


def test_payouts_need_their_permission_and_a_payee(market):
    with pytest.raises(PermissionDenied, match="cash.payout"):
        move_cash(market.db, market.cashier, "payout", 10_00, reason="ink", payee="shop", event_id=new_event_id())
    with pytest.raises(ValidationError, match="payee"):
        move_cash(market.db, market.manager, "payout", 10_00, reason="ink", event_id=new_event_id())
    with pytest.raises(Conflict, match="holds only"):
        move_cash(market.db, market.manager, "payout", 2000_00, reason="ink", payee="shop", event_id=new_event_id())
    move_cash(market.db, market.manager, "payout", 10_00, reason="printer paper", payee="文具店",
              event_id=new_event_id())
    assert close(market, market.manager, 990_00).cash.expected_fen == 990_00


def test_blind_count_hides_the_expected_figures(market, finance):
    shift = current_shift(market.db, market.cashier)
    assert close_preview(market.db, market.cashier, shift.id) is None
    assert close_preview(market.db, finance, shift.id).expected_cash_fen == 1000_00
    set_policy(market.db, market.admin, FinancePolicy(blind_count=False))
    assert close_preview(market.db, market.cashier, shift.id).expected_cash_fen == 1000_00
    assert {s.user_name for s in open_shifts(market.db, finance)} == {"张晓梅", "mgr"}


def test_day_close_needs_every_shift_received(market, finance, tmp_path):
    today = date.today()
    with pytest.raises(Conflict, match="shifts still open"):
        close_day(market.db, finance, today, report_dir=tmp_path)
    first = close(market, market.cashier, 1000_00)
    second = close(market, market.manager, 1000_00)
    receive(market, finance, first.handover_id)
    assert day_status(market.db, finance, today).waiting_handovers == (second.handover_no,)
    with pytest.raises(Conflict, match="not received yet"):
        close_day(market.db, finance, today, report_dir=tmp_path)
    receive(market, finance, second.handover_id)
    result = close_day(market.db, finance, today, report_dir=tmp_path)
    assert result.handovers == 2 and result.report_path.exists()
    with pytest.raises(Conflict, match="already closed"):
        close_day(market.db, finance, today, report_dir=tmp_path)

"""The Exit tab end to end: the entry voucher's QR code scanned from what the printer printed,
the empty truck weighed, the refund confirmed, the refund voucher printed; and the refusals:
a forged code, a second refund, a voided voucher, an exit weight not above the tare, and a
truck as heavy as it came in (a supervisor approves)."""
from PySide6.QtCore import Qt

from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.weighing.void import void_entry
from tests.windows.desk_fixtures import (ENTER, WAIT_MS, charge_first_truck, desk, fake_printer, market,  # noqa: F401
                                         press, printed_qr, scan, supervisor_types, truck_scale)


def test_tare_weighed_at_exit_is_refunded_once(qtbot, desk):
    entry = charge_first_truck(qtbot, desk, plate="鲁G33333", kg=30000)   # tare weighed at exit
    assert (entry.fee_fen, desk.market.balance()) == (45000, 500_00 - 45000)
    code = printed_qr(qtbot, desk, 0)
    assert code.startswith("MD1-E-" + entry.voucher_no)
    desk.put(12000, qtbot)                   # unloaded: the empty truck
    exit_ = desk.exit
    scan(qtbot, desk, code)
    qtbot.waitUntil(lambda: exit_.entry is not None, timeout=WAIT_MS)
    assert exit_.voucher.text() == entry.voucher_no
    assert exit_.details["plate"].text() == "鲁G33333" and exit_.details["state"].text() == "on site"
    assert exit_.details["fee"].text().startswith("¥450.00")
    qtbot.waitUntil(lambda: exit_.quote is not None, timeout=WAIT_MS)
    assert exit_.quote.refund_fen == 18000   # 12 t × 15.00 back
    assert "¥180.00" == exit_.refund.amount.text() and "to the account" in exit_.refund.note.text()
    press(qtbot, exit_, ENTER)
    qtbot.waitUntil(lambda: "refunded ¥180.00" in exit_.banner.text(), timeout=WAIT_MS)
    assert "balance now ¥230.00" in exit_.banner.text() and desk.market.balance() == 230_00
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 2, timeout=WAIT_MS)
    refund_voucher = desk.texts()[1]
    assert "退费凭证" in refund_voucher and entry.voucher_no in refund_voucher and "￥180.00" in refund_voucher
    qtbot.waitUntil(lambda: "Refund voucher printed." in exit_.banner.text(), timeout=WAIT_MS)
    counters, tickets = desk.screen.counters, desk.screen.tickets
    qtbot.waitUntil(lambda: counters.values["refunds"].text() == "¥180.00", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tickets.rows and tickets.rows[0].status == "refunded", timeout=WAIT_MS)
    # The same voucher again: refused, nothing paid.
    scan(qtbot, desk, code)
    qtbot.waitUntil(lambda: "already refunded" in exit_.banner.text(), timeout=WAIT_MS)
    press(qtbot, exit_, ENTER)
    assert "No refund" in exit_.refund.note.text()
    qtbot.wait(100)
    assert desk.market.balance() == 230_00 and len(desk.printer.jobs) == 2
    assert verify_ledger(desk.market.db).violations == 0


def test_a_forged_voucher_is_refused(qtbot, desk):
    entry = charge_first_truck(qtbot, desk, plate="鲁G33333", kg=30000)
    code = printed_qr(qtbot, desk, 0)
    altered = code.replace(f"-{entry.fee_fen}-", "-4500-")   # the amount changed by hand
    desk.put(12000, qtbot)
    scan(qtbot, desk, altered)
    exit_ = desk.exit
    qtbot.waitUntil(lambda: "not genuine" in exit_.banner.text(), timeout=WAIT_MS)
    assert exit_.entry is None and exit_.banner.kind == "error"
    press(qtbot, exit_, ENTER)
    qtbot.wait(100)
    assert exit_.entry is None and desk.market.balance() == 500_00 - 45000


def test_a_voided_voucher_is_refused(qtbot, desk):
    entry = charge_first_truck(qtbot, desk, plate="鲁G33333", kg=30000)
    market = desk.market
    from app.auth.service import authorize_override
    void_entry(market.db, market.cashier, entry.ticket_id, reason="weighed twice", event_id=new_event_id(),
               override=authorize_override(market.db, "mgr", "mgr-pass", "ticket.void"))
    scan(qtbot, desk, printed_qr(qtbot, desk, 0))
    qtbot.waitUntil(lambda: "was voided" in desk.exit.banner.text(), timeout=WAIT_MS)
    assert "voided: weighed twice" in desk.exit.details["state"].text()


def test_exit_weight_not_above_the_tare_refunds_nothing(qtbot, desk):
    entry = charge_first_truck(qtbot, desk)           # licensed curb weight 12.08 t
    desk.put(11000, qtbot)
    scan(qtbot, desk, entry.voucher_no)              # the number typed instead of scanned
    exit_ = desk.exit
    qtbot.waitUntil(lambda: exit_.entry is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "not above the entry tare" in exit_.refund.note.text(), timeout=WAIT_MS)
    press(qtbot, exit_, ENTER)
    assert "not above the entry tare" in exit_.banner.text()
    qtbot.wait(100)
    assert desk.market.balance() == 500_00 - 30720


def test_a_truck_as_heavy_as_it_came_needs_a_supervisor(qtbot, desk):
    entry = charge_first_truck(qtbot, desk, plate="鲁G33333", kg=30000)
    scan(qtbot, desk, entry.voucher_no)              # still on the scale: nothing unloaded
    exit_ = desk.exit
    qtbot.waitUntil(lambda: exit_.quote is not None, timeout=WAIT_MS)
    assert exit_.quote.needs_supervisor and "supervisor must approve" in exit_.refund.note.text()
    press(qtbot, exit_, ENTER)
    qtbot.waitUntil(lambda: exit_.dialog is not None and exit_.dialog.objectName() == "override", timeout=WAIT_MS)
    supervisor_types(qtbot, exit_.dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: "refunded ¥450.00" in exit_.banner.text(), timeout=WAIT_MS)
    assert desk.market.balance() == 500_00
    from sqlalchemy import text
    with desk.market.db.session() as s:
        supervisor = s.execute(text("SELECT supervisor_name FROM audit_log WHERE action = 'weigh.refund'")).scalar()
    assert supervisor == "mgr"


def test_f2_and_f3_switch_between_entry_and_exit(qtbot, desk):
    from PySide6.QtWidgets import QApplication
    press(qtbot, desk.entry, Qt.Key.Key_F3)
    assert desk.screen.tabs.currentWidget() is desk.exit and QApplication.focusWidget() is desk.exit.voucher
    press(qtbot, desk.exit, Qt.Key.Key_F2)
    assert desk.screen.tabs.currentWidget() is desk.entry and QApplication.focusWidget() is desk.entry.form.plate

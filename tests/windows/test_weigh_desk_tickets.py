"""The shift's ticket list under the desk: it follows every charge, refund and void; Ctrl+F
searches; Ctrl+P reprints a voucher and Ctrl+Del voids an entry, each with a supervisor when
the cashier lacks the permission."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ledger.service import verify_ledger
from tests.windows.desk_fixtures import (ENTER, WAIT_MS, charge_first_truck, desk, fake_printer, market,  # noqa: F401
                                         press, supervisor_types, truck_scale, type_text)

CTRL = Qt.KeyboardModifier.ControlModifier


def test_void_with_a_supervisor_and_a_reason(qtbot, desk):
    result = charge_first_truck(qtbot, desk)
    tickets, counters = desk.screen.tickets, desk.screen.counters
    qtbot.waitUntil(lambda: len(tickets.rows) == 1, timeout=WAIT_MS)
    press(qtbot, desk.entry, Qt.Key.Key_Delete, CTRL)      # the newest ticket: the one just charged
    dialog = tickets.dialog
    assert dialog is not None and dialog.objectName() == "override"   # a cashier lacks ticket.void
    supervisor_types(qtbot, dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: tickets.dialog is not None and tickets.dialog.objectName() == "void_entry",
                    timeout=WAIT_MS)
    reason = tickets.dialog
    press(qtbot, reason, ENTER)                            # no reason: refused in the dialog
    assert reason.error_label.isVisible() and "Say why" in reason.error_label.text()
    type_text(qtbot, "品种选错", into=reason)
    press(qtbot, reason, ENTER)
    qtbot.waitUntil(lambda: tickets.rows and tickets.rows[0].status == "void", timeout=WAIT_MS)
    assert f"{result.voucher_no} voided" in tickets.message.text()
    assert desk.market.balance() == 500_00                 # the account has its money back
    qtbot.waitUntil(lambda: counters.values["vehicles"].text() == "0", timeout=WAIT_MS)
    assert counters.values["voided"].text() == "1" and counters.values["fees"].text() == "¥0.00"
    from sqlalchemy import text
    with desk.market.db.session() as s:
        row = s.execute(text("SELECT authorised_by, reason FROM weigh_voids")).one()
    assert tuple(row) == ("mgr", "品种选错")
    # A voided entry is not voided twice.
    press(qtbot, desk.entry, Qt.Key.Key_Delete, CTRL)
    assert "only an entry still on site" in tickets.message.text() and tickets.dialog is None
    assert verify_ledger(desk.market.db).violations == 0


def test_reprint_with_a_supervisor_says_duplicate(qtbot, desk):
    result = charge_first_truck(qtbot, desk)
    tickets = desk.screen.tickets
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Voucher printed." in desk.entry.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(tickets.rows) == 1, timeout=WAIT_MS)
    press(qtbot, desk.entry, Qt.Key.Key_P, CTRL)
    supervisor_types(qtbot, tickets.dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 2, timeout=WAIT_MS)
    duplicate = desk.texts()[1]
    assert result.voucher_no in duplicate and "重打" in duplicate and "￥307.20" in duplicate
    assert "DUPLICATE" in tickets.message.text()


def test_search_and_back(qtbot, desk):
    desk.market.top_up(1000_00, "test:topup")
    first = charge_first_truck(qtbot, desk)
    second = charge_first_truck(qtbot, desk, plate="鲁G22222", kg=12000)
    tickets = desk.screen.tickets
    qtbot.waitUntil(lambda: len(tickets.rows) == 2, timeout=WAIT_MS)
    assert [r.voucher_no for r in tickets.rows] == [second.voucher_no, first.voucher_no]   # newest first
    press(qtbot, desk.entry, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is tickets.search
    type_text(qtbot, "2222")
    qtbot.waitUntil(lambda: [r.voucher_no for r in tickets.rows] == [second.voucher_no], timeout=WAIT_MS)
    press(qtbot, tickets, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is desk.entry.form.plate

"""End to end: a shift of charges at the weigh desk, closed by the cashier in the close dialog
(the manager's by finance, as an absent cashier's), both received at the finance desk, and the
day closed there: the day report is written and the ledger is clean."""
from datetime import date

from PySide6.QtCore import Qt

from app.ledger.service import current_shift, verify_ledger
from app.weighing.entry import EntryDraft
from app.windows.finance_receive import ReceiveDialog
from app.windows.shift_close_dialog import DONE, ShiftCloseDialog
from tests.desk.test_entry import charge, rows
from tests.windows.conftest import settle, show_active
from tests.windows.finance.conftest import gui, key, typed
from tests.windows.finance.test_finance_desk import open_desk


def cashier_closes(qtbot, market) -> None:
    """The float 1000.00 and 360.00 of cash fees: 13 × 100, 1 × 50, 1 × 10."""
    dialog = ShiftCloseDialog(gui(market, market.cashier), current_shift(market.db, market.cashier).id,
                              "张晓梅 @ 1号收费台", own=True)
    show_active(qtbot, dialog)
    settle()
    for pieces in ("13", "1", "0", "1"):
        typed(qtbot, pieces)
        key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.state == DONE)
    assert dialog.result_table.item(0, 3).text() == "¥0.00"
    dialog.accept()


def test_a_day_from_charges_to_the_day_report(qtbot, market, finance):
    charge(market, EntryDraft("苏A88888", market.potato, 30_000_000, weigh_tare_at_exit=True))   # 360.00 cash
    charge(market, EntryDraft("鲁G12345", market.cabbage, 20_000_000))                           # from the account
    cashier_closes(qtbot, market)
    screen = open_desk(qtbot, market, finance)

    screen.tabs.setCurrentWidget(screen.day)
    qtbot.waitUntil(lambda: screen.day.status is not None)
    assert screen.day.status.open_shifts == ("mgr @ 1号收费台",) and not screen.day.close_button.isEnabled()

    screen.tabs.setCurrentWidget(screen.shifts)
    qtbot.waitUntil(lambda: len(screen.shifts.rows) == 1)
    screen.shifts.close_selected()
    absent = screen.shifts.dialog
    qtbot.waitUntil(lambda: absent.expected.text().startswith("Expected cash ¥1000.00"))
    absent.grid.pieces[100_00].setValue(10)
    absent.accept()
    absent.accept()
    qtbot.waitUntil(lambda: absent.state == DONE)
    absent.accept()

    screen.tabs.setCurrentWidget(screen.handovers_tab)
    qtbot.waitUntil(lambda: len(screen.handovers.rows) == 2)
    for left in (1, 0):
        screen.receive()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, ReceiveDialog))
        screen.dialog.accept()
        qtbot.waitUntil(lambda: screen.dialog is None and len(screen.handovers.rows) == left)

    screen.tabs.setCurrentWidget(screen.day)
    qtbot.waitUntil(lambda: screen.day.status is not None and screen.day.status.ready)
    assert screen.day.day.date().toPython() == date.today() and screen.day.close_button.isEnabled()
    with qtbot.waitSignal(screen.day.finished, timeout=60_000) as done:
        screen.day.close_button.click()
    result = done.args[0]
    assert not isinstance(result, Exception), result
    assert result.handovers == 2 and result.report_path.exists() and result.report_path.parent.name == "reports"
    assert result.report_path.read_bytes().startswith(b"%PDF")
    assert screen.day.open_button.isVisible() and str(result.report_path) in screen.day.message.text()
    qtbot.waitUntil(lambda: screen.day.status.closed_at is not None)
    assert "already closed" in screen.day.summary.text() and not screen.day.close_button.isEnabled()
    assert rows(market.db, "SELECT SUM(expected_cash_fen) FROM handover_receipts")[0][0] == 2360_00
    assert verify_ledger(market.db).violations == 0


def test_closing_a_day_with_open_shifts_is_refused_in_the_panel(qtbot, market, finance):
    screen = open_desk(qtbot, market, finance)
    screen.tabs.setCurrentWidget(screen.day)
    qtbot.waitUntil(lambda: screen.day.status is not None)
    with qtbot.waitSignal(screen.day.finished) as done:
        screen.day.close_day()        # the button is disabled; the service refuses as well
    assert "shifts still open" in str(done.args[0]) and "shifts still open" in screen.day.message.text()

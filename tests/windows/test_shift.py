"""Opening a shift from the main window; the status bar says whether one is open and whether
the ledger passed its start-up check."""
from dataclasses import replace

from PySide6.QtCore import Qt

from app.ledger import queries
from app.ledger.service import current_shift
from app.windows.main_window import MainWindow
from app.windows.open_shift import OpenShiftDialog
from tests.windows.conftest import CTRL_SHIFT, make_ctx, settle, show_active


def open_main(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    show_active(qtbot, window)
    settle()
    return window


def test_cashier_opens_a_shift_with_a_float(qtbot, db):
    ctx = make_ctx(db, "cashier")
    window = open_main(qtbot, ctx)
    assert window.status.shift_label.text() == "No open shift"
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(window.dialog, OpenShiftDialog))
    dialog = window.dialog
    dialog.opening_float.setText("500.50")
    dialog.accept()
    dialog.accept()  # a double Enter while the first call runs opens nothing more
    qtbot.waitUntil(lambda: window.status.shift_label.text().startswith("Shift "))
    shift = current_shift(db, ctx.actor)
    assert shift.opening_float_fen == 500_50
    assert db.transact(lambda s: queries.balance(s, shift.drawer_account_id).posted_fen) == 500_50
    assert not window.open_shift_action.isEnabled()


def test_bad_float_is_named_and_nothing_opens(qtbot, db):
    ctx = make_ctx(db, "cashier")
    window = open_main(qtbot, ctx)
    window.open_shift()
    dialog = window.dialog
    dialog.opening_float.setText("12.345")
    dialog.accept()
    assert dialog.error_label.isVisible() and "two decimals" in dialog.error_label.text()
    settle()
    assert current_shift(db, ctx.actor) is None


def test_no_shift_menu_without_permission(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "finance"))
    assert window.shift_menu is None


def test_failed_ledger_check_is_shown(qtbot, db):
    ctx = replace(make_ctx(db, "cashier"), ledger_problems=("ledger 156: posted debits 7 != posted credits 0",))
    window = open_main(qtbot, ctx)
    assert window.status.ledger_label.isVisible()
    assert "money operations are stopped" in window.status.ledger_label.text()
    assert "posted debits 7" in window.status.ledger_label.toolTip()

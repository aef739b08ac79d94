"""The shift close dialog (typed counts, blind policy, confirm step, result, errors) and the
cash drop / pay-out dialog, from the keyboard."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.finance.policy import FinancePolicy, set_policy
from app.ledger.service import current_shift
from app.windows.cash_move_dialog import CashMoveDialog
from app.windows.main_window import MainWindow
from app.windows.shift_close_dialog import CONFIRMING, DONE, EDITING, ShiftCloseDialog
from tests.desk.test_entry import rows
from tests.finance.conftest import close
from tests.windows.conftest import CTRL_SHIFT, settle, show_active
from tests.windows.finance.conftest import gui, key, typed

ENTER = Qt.Key.Key_Return


def open_close_dialog(qtbot, market, actor, owner=None) -> ShiftCloseDialog:
    ctx = gui(market, actor)
    shift = current_shift(market.db, owner or actor)
    dialog = ShiftCloseDialog(ctx, shift.id, "张晓梅 @ 1号收费台", own=owner is None)
    show_active(qtbot, dialog)
    settle()
    return dialog


def count_990(qtbot, dialog) -> None:
    """9 × 100, 1 × 50, 2 × 20: Tab from one row to the next."""
    assert QApplication.focusWidget() is dialog.grid.first_field
    for pieces in ("9", "1", "2"):
        typed(qtbot, pieces)
        key(qtbot, Qt.Key.Key_Tab)


def test_a_typed_blind_count_closes_the_shift_and_shows_the_difference(qtbot, market):
    dialog = open_close_dialog(qtbot, market, market.cashier)
    assert dialog.expected.text().startswith("Blind count") and "1000" not in dialog.expected.text()
    count_990(qtbot, dialog)
    assert dialog.grid.total_label.text() == "¥990.00"
    assert dialog.grid.subtotals[20_00].text() == "¥40.00"
    dialog.declared["wechat"].setText("12.50")
    shifts = []
    dialog._ctx.changes.shift_changed.connect(shifts.append)
    key(qtbot, ENTER)
    assert dialog.state == CONFIRMING and "cannot be undone" in dialog.message.text()
    assert rows(market.db, "SELECT COUNT(*) FROM handovers")[0][0] == 0
    key(qtbot, ENTER)
    key(qtbot, ENTER)    # a double Enter while closing does nothing more
    qtbot.waitUntil(lambda: dialog.state == DONE)
    assert rows(market.db, "SELECT COUNT(*) FROM handovers")[0][0] == 1
    assert dialog.result.handover_no in dialog.result_label.text() and "printing" in dialog.result_label.text()
    table = dialog.result_table
    cash = [table.item(0, c).text() for c in range(4)]
    assert cash == ["Cash", "¥1000.00", "¥990.00", "-¥10.00"]
    assert table.item(0, 3).foreground().color().name() == "#b00020"
    wechat = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "WeChat Pay")
    assert table.item(wechat, 3).text() == "+¥12.50"
    assert shifts == [None] and current_shift(market.db, market.cashier) is None


def test_esc_in_the_confirm_step_goes_back_to_the_count(qtbot, market):
    dialog = open_close_dialog(qtbot, market, market.cashier)
    count_990(qtbot, dialog)
    key(qtbot, ENTER)
    assert dialog.state == CONFIRMING
    key(qtbot, Qt.Key.Key_Escape)
    assert dialog.state == EDITING and dialog.isVisible() and dialog.grid.total_fen() == 990_00
    assert current_shift(market.db, market.cashier) is not None


def test_expected_figures_show_when_the_count_is_not_blind(qtbot, market):
    set_policy(market.db, market.admin, FinancePolicy(blind_count=False))
    dialog = open_close_dialog(qtbot, market, market.cashier)
    assert dialog.expected.text() == "Expected cash ¥1000.00"


def test_a_shift_closed_elsewhere_is_named_and_nothing_typed_is_lost(qtbot, market):
    dialog = open_close_dialog(qtbot, market, market.cashier)
    count_990(qtbot, dialog)
    close(market, market.manager, 1000_00, owner=market.cashier)   # the manager at another counter
    key(qtbot, ENTER)
    key(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.state == EDITING)
    assert "already closed by mgr" in dialog.message.text()
    assert dialog.grid.total_fen() == 990_00


def test_a_bad_declared_total_is_named_before_confirming(qtbot, market):
    dialog = open_close_dialog(qtbot, market, market.cashier)
    dialog.declared["alipay"].setText("1.234")
    key(qtbot, ENTER)
    assert dialog.state == EDITING and "Alipay" in dialog.message.text()


def test_closing_an_absent_cashiers_shift_asks_a_supervisor(qtbot, market, clerk):
    dialog = open_close_dialog(qtbot, market, market.cashier, owner=clerk)
    assert "Not allowed" in dialog.message.text()     # the preview already says so
    dialog.accept()
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.dialog is not None and dialog.state == EDITING)
    supervisor = dialog.dialog
    supervisor.username.setText("mgr")
    supervisor.password.setText("mgr-pass")
    supervisor.accept()
    qtbot.waitUntil(lambda: dialog.state == DONE)
    (closed_by, authorised_by) = rows(market.db, "SELECT closed_by_name, authorised_by FROM handovers")[0]
    assert (closed_by, authorised_by) == ("cash1", "mgr")
    assert current_shift(market.db, market.cashier) is not None   # not the cashier's own shift


def test_the_shift_menu_closes_and_drops(qtbot, market):
    window = MainWindow(gui(market, market.cashier))
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.shift_close.close_action.isEnabled())
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(window.dialog, ShiftCloseDialog))
    window.dialog.reject()
    window.shift_close.move_cash()
    assert isinstance(window.dialog, CashMoveDialog)
    window.dialog.reject()
    close(market, market.cashier, 1000_00)
    window.ctx.changes.shift_changed.emit(None)
    assert not window.shift_close.close_action.isEnabled()
    window.close()


def test_a_cash_drop_posts_and_a_payout_asks_a_supervisor(qtbot, market):
    ctx = gui(market, market.cashier)
    drop = CashMoveDialog(ctx)
    show_active(qtbot, drop)
    typed(qtbot, "300")
    drop.reason.setText("drawer too full")
    with qtbot.waitSignal(drop.succeeded):
        key(qtbot, ENTER)
    payout = CashMoveDialog(ctx)
    show_active(qtbot, payout)
    payout.kind.setCurrentIndex(1)
    payout.amount.setText("10")
    payout.reason.setText("printer paper")
    payout.accept()
    qtbot.waitUntil(lambda: payout.dialog is not None)
    assert "Not allowed" in payout.error_label.text()
    payout.dialog.username.setText("mgr")
    payout.dialog.password.setText("mgr-pass")
    payout.dialog.accept()
    qtbot.waitUntil(lambda: payout.error_label.isVisible() and "payee" in payout.error_label.text())
    payout.payee.setText("文具店")
    payout.accept()                                   # the spent authorisation is asked for again
    qtbot.waitUntil(lambda: payout.dialog is not None and payout.dialog.isVisible())
    payout.dialog.username.setText("mgr")
    payout.dialog.password.setText("mgr-pass")
    with qtbot.waitSignal(payout.succeeded):
        payout.dialog.accept()
    moves = rows(market.db, "SELECT kind, amount_fen, authorised_by FROM cash_movements ORDER BY id")
    assert [tuple(m) for m in moves] == [("drop", 300_00, None), ("payout", 10_00, "mgr")]
    result = close(market, market.cashier, 690_00)
    assert result.cash.expected_fen == 1000_00 - 300_00 - 10_00


def test_a_drop_larger_than_the_drawer_is_refused_in_the_dialog(qtbot, market):
    drop = CashMoveDialog(gui(market, market.cashier))
    show_active(qtbot, drop)
    drop.amount.setText("5000")
    drop.reason.setText("bank run")
    drop.accept()
    qtbot.waitUntil(drop.error_label.isVisible)
    assert "holds only 1000.00" in drop.error_label.text() and drop.isVisible()

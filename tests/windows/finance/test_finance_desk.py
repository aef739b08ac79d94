"""The finance desk: the waiting handovers from every counter, the detail, receiving (a note
for a difference, a supervisor for a clerk who may not accept one), adjusting, the open
shifts with a close for an absent cashier, the policy, the poll only while visible."""
from dataclasses import replace

from PySide6.QtCore import Qt

from app.finance.policy import current_policy
from app.windows.finance_adjust import AdjustDialog
from app.windows.finance_desk import FinanceDeskScreen
from app.windows.finance_receive import ReceiveDialog
from app.windows.shift_close_dialog import DONE, ShiftCloseDialog
from tests.desk.test_entry import rows
from tests.finance.conftest import close
from tests.windows.conftest import settle, show_active
from tests.windows.finance.conftest import gui, key


def open_desk(qtbot, market, actor) -> FinanceDeskScreen:
    screen = FinanceDeskScreen(gui(market, actor))
    screen.resize(1366, 700)
    show_active(qtbot, screen)
    settle()
    settle()
    return screen


def handover_numbers(screen) -> list[str]:
    return [r.handover_no for r in screen.handovers.rows]


def open_receive(qtbot, screen) -> ReceiveDialog:
    screen.handovers.table.setFocus()
    key(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ReceiveDialog))
    return screen.dialog


def test_the_desk_lists_the_waiting_handover_with_its_detail(qtbot, market, finance):
    first = close(market, market.cashier, 990_00, declared={"wechat": 5_00})
    screen = open_desk(qtbot, market, finance)
    assert handover_numbers(screen) == [first.handover_no]
    cells = [screen.handovers.table.item(0, c).text() for c in range(8)]
    assert cells[0] == first.handover_no and cells[1:3] == ["1号收费台", "张晓梅"]
    assert cells[4:8] == ["¥1000.00", "¥990.00", "¥0.00", "¥5.00"]
    qtbot.waitUntil(lambda: screen.detail.detail is not None)
    texts = {screen.detail.table.item(r, 0).text(): screen.detail.table.item(r, 1).text()
             for r in range(screen.detail.table.rowCount())}
    assert texts["Expected cash"] == "¥1000.00" and "¥100×9" in texts["Counted by cashier"]
    assert texts["Received"] == "not yet" and "declared ¥5.00" in texts["WeChat Pay"]
    assert screen.receive_button.isEnabled() and not screen.adjust_button.isEnabled()
    # Another counter closes meanwhile: the list shows it at its next refresh (the poll, or a shift change here).
    assert screen.handovers.timer.isActive()
    second = close(market, market.manager, 1000_00)
    screen._ctx.changes.shift_changed.emit(None)
    qtbot.waitUntil(lambda: len(screen.handovers.rows) == 2)
    assert set(handover_numbers(screen)) == {first.handover_no, second.handover_no}
    screen.hide()
    assert not screen.handovers.timer.isActive()


def test_a_difference_needs_a_note_and_receiving_removes_it_from_the_list(qtbot, market, finance):
    close(market, market.cashier, 990_00)
    screen = open_desk(qtbot, market, finance)
    dialog = open_receive(qtbot, screen)
    assert dialog.accept_count.isChecked() and dialog.difference.text().startswith("-¥10.00")
    assert "note is required" in dialog.difference.text()
    dialog.accept()
    assert "needs a note" in dialog.error_label.text() and dialog.isVisible()
    dialog.accept_count.setChecked(False)            # finance counts again: 5.00 more in the drawer
    dialog.grid.pieces[5_00].setValue(1)
    assert dialog.difference.text().startswith("-¥5.00")
    dialog.note.setText("found 5.00 under the tray")
    dialog.accept()
    qtbot.waitUntil(lambda: screen.dialog is None and handover_numbers(screen) == [])
    assert "received" in screen.message.text() and "-¥5.00" in screen.message.text()
    (counted, difference, destination) = rows(market.db, "SELECT counted_cash_fen, difference_fen, destination "
                                                         "FROM handover_receipts")[0]
    assert (counted, difference, destination) == (995_00, -5_00, "safe")


def test_enter_on_a_handover_accepts_the_count_to_the_bank(qtbot, market, finance):
    close(market, market.cashier, 1000_00)
    screen = open_desk(qtbot, market, finance)
    screen.handovers.table.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ReceiveDialog))
    dialog = screen.dialog
    assert dialog.difference.text() == "¥0.00"
    dialog.destination.setCurrentIndex(1)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: handover_numbers(screen) == [])
    assert rows(market.db, "SELECT destination, note FROM handover_receipts")[0] == ("bank", "")


def test_a_clerk_without_accept_difference_gets_a_supervisor(qtbot, market, finance):
    close(market, market.cashier, 1001_00)
    limited = replace(finance, permissions=finance.permissions - {"handover.accept_difference"})
    screen = open_desk(qtbot, market, limited)
    dialog = open_receive(qtbot, screen)
    assert "supervisor" in dialog.difference.text()
    dialog.note.setText("one yuan over")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.dialog is not None)
    dialog.dialog.username.setText("mgr")
    dialog.dialog.password.setText("mgr-pass")
    dialog.dialog.accept()
    qtbot.waitUntil(lambda: handover_numbers(screen) == [])
    assert rows(market.db, "SELECT authorised_by, difference_fen FROM handover_receipts")[0] == ("mgr", 1_00)


def test_within_the_tolerance_no_note_is_needed(qtbot, market, finance):
    from app.finance.policy import FinancePolicy, set_policy
    set_policy(market.db, market.admin, FinancePolicy(blind_count=True, tolerance_fen=2_00))
    close(market, market.cashier, 999_00)
    screen = open_desk(qtbot, market, finance)
    dialog = open_receive(qtbot, screen)
    assert dialog.difference.text() == "-¥1.00" and not dialog.needs_note()
    dialog.accept()
    qtbot.waitUntil(lambda: handover_numbers(screen) == [])


def test_adjusting_a_received_handover(qtbot, market, finance):
    from tests.finance.test_receive import receive
    handover = close(market, market.cashier, 1000_00)
    receive(market, finance, handover.handover_id)
    screen = open_desk(qtbot, market, finance)
    assert handover_numbers(screen) == []
    screen.handovers.show_received.setChecked(True)
    qtbot.waitUntil(lambda: handover_numbers(screen) == [handover.handover_no])
    assert screen.adjust_button.isEnabled() and not screen.receive_button.isEnabled()
    screen.adjust()
    dialog = screen.dialog
    assert isinstance(dialog, AdjustDialog)
    dialog.direction.setCurrentIndex(1)
    dialog.amount.setText("0")
    dialog.accept()
    assert "more than zero" in dialog.error_label.text()
    dialog.amount.setText("20")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible() and "reason" in dialog.error_label.text())
    dialog.reason.setText("counterfeit note")
    dialog.accept()
    qtbot.waitUntil(lambda: screen.dialog is None and screen.detail.detail is not None
                    and len(screen.detail.detail.adjustments) == 1)
    assert screen.detail.detail.adjustments[0][1] == -20_00


def test_closing_an_absent_cashiers_shift_from_the_desk(qtbot, market, finance, clerk):
    screen = open_desk(qtbot, market, finance)
    screen.tabs.setCurrentWidget(screen.shifts)
    qtbot.waitUntil(lambda: len(screen.shifts.rows) == 3)
    assert {r.user_name for r in screen.shifts.rows} == {"张晓梅", "mgr", "李会计"}
    row = next(i for i, r in enumerate(screen.shifts.rows) if r.user_name == "李会计")
    screen.shifts.table.selectRow(row)
    screen.shifts.close_selected()
    dialog = screen.shifts.dialog
    assert isinstance(dialog, ShiftCloseDialog)
    qtbot.waitUntil(lambda: dialog.expected.text().startswith("Expected cash"))   # finance sees the figures
    dialog.grid.pieces[100_00].setValue(2)
    dialog.accept()
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.state == DONE)
    qtbot.waitUntil(lambda: len(screen.shifts.rows) == 2)
    dialog.accept()
    screen.tabs.setCurrentWidget(screen.handovers_tab)
    qtbot.waitUntil(lambda: len(screen.handovers.rows) == 1)
    assert screen.handovers.rows[0].user_name == "李会计"
    (details,) = rows(market.db, "SELECT details FROM audit_log WHERE action = 'shift.close'")[0]
    assert "李会计" in details


def test_the_policy_tab_is_for_settings_managers(qtbot, market, finance):
    assert open_desk(qtbot, market, finance).policy is None
    screen = open_desk(qtbot, market, market.admin)
    screen.tabs.setCurrentWidget(screen.policy)
    qtbot.waitUntil(lambda: screen.policy.policy is not None)
    assert screen.policy.blind.isChecked() and screen.policy.tolerance.text() == "0.00"
    screen.policy.tolerance.setText("abc")
    screen.policy.save()
    assert "tolerance" in screen.policy.message.text()
    screen.policy.blind.setChecked(False)
    screen.policy.tolerance.setText("2.50")
    screen.policy.save()
    qtbot.waitUntil(lambda: screen.policy.message.text() == "Saved.")
    policy = current_policy(market.db)
    assert (policy.blind_count, policy.tolerance_fen) == (False, 2_50)


def test_a_refresh_asked_while_loading_is_not_lost(qtbot, market, finance):
    screen = open_desk(qtbot, market, finance)
    assert screen.handovers.rows == []
    screen.handovers.refresh()
    handover = close(market, market.cashier, 1000_00)   # while the first load may still run
    screen.handovers.refresh()
    qtbot.waitUntil(lambda: not screen.handovers._loading)
    settle()
    assert handover_numbers(screen) == [handover.handover_no]


def test_the_desk_follows_a_language_switch(qtbot, market, finance):
    from app.windows.application import install_language
    close(market, market.cashier, 1000_00)
    screen = open_desk(qtbot, market, finance)
    qtbot.waitUntil(lambda: screen.detail.detail is not None)
    install_language("zh_CN")
    install_language("en")
    assert screen.tabs.tabText(0) == "Handovers (F2)" and screen.receive_button.text() == "Receive… (F5)"
    assert screen.detail.table.item(0, 0).text() == "Handover"

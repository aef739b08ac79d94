"""The recharge desk beyond the top-up: reversing (permission or a supervisor's override, only
while the balance covers it), reprinting, the statement (paging, filter, PDF), the account
actions of merchant.manage, and a clerk without an open shift."""
from __future__ import annotations

import io
from datetime import date

from PySide6.QtCore import Qt
from pypdf import PdfReader

from app.auth import service as auth
from app.ledger import accounts
from app.ledger.codes import TransferCode
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit
from app.windows import recharge_statement
from tests.desk.conftest import COUNTER, market  # noqa: F401  (fixture, used by name)
from tests.recharge.conftest import clerk  # noqa: F401  (fixture, used by name)
from tests.windows.conftest import settle
from tests.windows.desk_fixtures import press, supervisor_types, type_text
from tests.windows.print_fixtures import WAIT_MS, fake_printer, network, save_printers  # noqa: F401
from tests.windows.test_recharge_desk import (ENTER, find, open_recharge_desk, rdesk,  # noqa: F401
                                              recharge_by_keyboard)

CTRL = Qt.KeyboardModifier.ControlModifier


def recharge_once(qtbot, desk, amount="100", method="cash"):
    desk.panel.last_result = None
    find(qtbot, desk)
    recharge_by_keyboard(qtbot, desk, amount, method)
    qtbot.waitUntil(lambda: desk.panel.last_result is not None, timeout=WAIT_MS)
    result = desk.panel.last_result
    qtbot.waitUntil(lambda: any(r.receipt_no == result.receipt_no for r in desk.screen.today.rows), timeout=WAIT_MS)
    return result


def back_to_amount(qtbot, screen) -> None:
    """A dialog has closed: the window manager gives the keyboard back to the desk."""
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.panel.form.amount.setFocus()


def spend(market, amount_fen):
    """A trade fee taken from the fixed merchant's account (at the weigh desk, in life)."""
    income = market.db.transact(lambda s: accounts.fee_income(s, 1, "蔬菜").id)
    submit(market.db, EventRequest(new_event_id(), "test.fee", (
        NewTransfer(market.account_id, income, amount_fen, TransferCode.FEE),)), market.admin)


def test_reversal_needs_a_supervisor_and_a_reason(qtbot, rdesk):
    desk, today = rdesk, rdesk.screen.today
    result = recharge_once(qtbot, desk, "100")
    assert desk.market.balance() == 600_00
    assert "supervisor" in today.reverse_button.text()          # the clerk lacks account.recharge_reverse
    press(qtbot, desk.screen, Qt.Key.Key_R, CTRL)               # the newest, nothing selected
    qtbot.waitUntil(lambda: today.dialog is not None and today.dialog.objectName() == "override", timeout=WAIT_MS)
    # A cashier cannot authorise it: refused, nothing reversed.
    supervisor_types(qtbot, today.dialog, "cash1", "cash-pass")
    qtbot.waitUntil(lambda: today.dialog.error_label.isVisible(), timeout=WAIT_MS)
    assert "lacks the permission" in today.dialog.error_label.text()
    press(qtbot, today.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: today.dialog is None, timeout=WAIT_MS)
    assert desk.market.balance() == 600_00
    # The manager authorises; the reason is asked.
    press(qtbot, desk.screen, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: today.dialog is not None and today.dialog.objectName() == "override", timeout=WAIT_MS)
    supervisor_types(qtbot, today.dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: today.dialog is not None and today.dialog.objectName() == "reverse_recharge",
                    timeout=WAIT_MS)
    dialog = today.dialog
    press(qtbot, dialog, ENTER)                                 # no reason: refused in the dialog
    assert dialog.error_label.isVisible() and "Say why" in dialog.error_label.text()
    type_text(qtbot, "wrong account", into=dialog)
    press(qtbot, dialog, ENTER)
    qtbot.waitUntil(lambda: today.dialog is None, timeout=WAIT_MS)
    assert desk.market.balance() == 500_00
    qtbot.waitUntil(lambda: today.rows and today.rows[0].reversed, timeout=WAIT_MS)
    assert today.table.item(0, 8).text() == "REVERSED"
    assert "reversed" in today.message.text() and result.receipt_no in today.message.text()
    qtbot.waitUntil(lambda: desk.screen.card.values["balance"].text() == "¥500.00", timeout=WAIT_MS)
    # The reversal receipt printed after the recharge receipt.
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 2, timeout=WAIT_MS)
    assert "充值冲正收据" in desk.texts()[1]
    # Again: already reversed, said at once.
    press(qtbot, desk.screen, Qt.Key.Key_R, CTRL)
    assert today.dialog is None and "already been reversed" in today.message.text()


def test_reversal_larger_than_the_balance_is_refused(qtbot, market, fake_printer):  # noqa: F811
    auth.create_user(market.db, market.admin, "boss2", "王经理", "boss2-pass", "manager")
    manager = auth.login(market.db, "boss2", "boss2-pass", counter=COUNTER)
    from app.ledger.service import open_shift
    open_shift(market.db, manager, 1000_00)
    printer = fake_printer("ok")
    save_printers(network(printer))
    cleanup: list = []
    desk = open_recharge_desk(qtbot, market, manager, printer, cleanup)
    try:
        today = desk.screen.today
        recharge_once(qtbot, desk, "100", "wechat")
        spend(market, 550_00)                                    # 600.00 - 550.00 = 50.00 < 100.00
        assert today.reverse_button.text().startswith("Reverse…")   # the manager may, without a supervisor
        today.reverse()
        qtbot.waitUntil(lambda: today.dialog is not None and today.dialog.objectName() == "reverse_recharge",
                        timeout=WAIT_MS)
        type_text(qtbot, "typed twice", into=today.dialog)
        press(qtbot, today.dialog, ENTER)
        qtbot.waitUntil(lambda: today.dialog.error_label.isVisible(), timeout=WAIT_MS)
        assert "cannot be reversed" in today.dialog.error_label.text()
        assert market.balance() == 50_00
    finally:
        for stop in cleanup:
            stop()
        settle()


def test_reprint_needs_permission_or_a_supervisor(qtbot, rdesk):
    desk, today = rdesk, rdesk.screen.today
    result = recharge_once(qtbot, desk, "100")
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Receipt printed." in desk.panel.banner.text(), timeout=WAIT_MS)
    press(qtbot, desk.screen, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: today.dialog is not None and today.dialog.objectName() == "override", timeout=WAIT_MS)
    supervisor_types(qtbot, today.dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: "sent to the printer" in today.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 2, timeout=WAIT_MS)
    duplicate = desk.texts()[1]
    assert result.receipt_no in duplicate and "DUPLICATE" in duplicate


def test_statement_pages_and_pdf(qtbot, rdesk, monkeypatch, tmp_path):
    monkeypatch.setattr(recharge_statement, "PAGE_SIZE", 3)
    desk, screen = rdesk, rdesk.screen
    for i in range(6):
        desk.market.top_up(10_00 * (i + 1), f"statement-test:{i}")
    spend(desk.market, 20_00)                                    # 8 movements: pages of 3, 3, 2
    find(qtbot, desk)
    statement = screen.statement
    press(qtbot, screen, Qt.Key.Key_F8)
    assert screen.tabs.currentWidget() is statement
    qtbot.waitUntil(lambda: statement.page is not None and not statement.loading, timeout=WAIT_MS)
    today = date.today()
    assert statement.start.date().toPython() == today.replace(day=1) and statement.end.date().toPython() == today
    total = 500_00 + sum(10_00 * (i + 1) for i in range(6)) - 20_00
    assert statement.opening.text() == "Opening balance: ¥0.00"
    assert statement.closing.text() == f"Closing balance: ¥{total // 100}.00"

    def page_texts():
        return [statement.table.item(r, 5).text() for r in range(statement.table.rowCount())]

    first = page_texts()
    assert len(first) == 3 and not statement.previous_button.isEnabled() and statement.next_button.isEnabled()
    statement.next_button.click()
    qtbot.waitUntil(lambda: statement.page is not None and statement.page_number == 2, timeout=WAIT_MS)
    second = page_texts()
    assert len(second) == 3 and second != first
    statement.next_button.click()
    qtbot.waitUntil(lambda: statement.page is not None and statement.page_number == 3, timeout=WAIT_MS)
    assert len(page_texts()) == 2 and page_texts()[-1] == f"¥{total // 100}.00"
    assert not statement.next_button.isEnabled()
    statement.previous_button.click()
    qtbot.waitUntil(lambda: statement.page is not None and statement.page_number == 2, timeout=WAIT_MS)
    assert page_texts() == second
    statement.previous_button.click()
    qtbot.waitUntil(lambda: statement.page is not None and statement.page_number == 1, timeout=WAIT_MS)
    assert page_texts() == first
    # Only the fees: the balances still count everything.
    statement.filter.setCurrentIndex(2)
    qtbot.waitUntil(lambda: statement.page is not None and statement.page_number == 1, timeout=WAIT_MS)
    kinds = {statement.table.item(r, 1).text() for r in range(statement.table.rowCount())}
    assert kinds <= {"Trade fee"} and statement.closing.text() == f"Closing balance: ¥{total // 100}.00"
    # The PDF of the whole period.
    path = tmp_path / "statement.pdf"
    with qtbot.waitSignal(statement.pdf_saved, timeout=WAIT_MS):
        statement.write_pdf(str(path))
    assert "Statement saved" in statement.message.text() and not statement.progress.isVisible()
    body = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "账户对账单" in body and screen.account.code in body and f"{total // 100}.00" in body


def test_a_period_that_ends_before_it_starts(qtbot, rdesk):
    desk, screen = rdesk, rdesk.screen
    find(qtbot, desk)
    statement = screen.statement
    statement.set_period(date(2026, 5, 10), date(2026, 5, 1))
    assert "ends before it starts" in statement.message.text()


def test_account_actions_are_for_merchant_managers_only(qtbot, rdesk, market, fake_printer):  # noqa: F811
    assert not rdesk.screen.actions_bar.isVisible()             # the clerk lacks merchant.manage
    cleanup: list = []
    printer = fake_printer("ok")
    desk = open_recharge_desk(qtbot, market, market.manager, printer, cleanup)
    try:
        screen, bar = desk.screen, desk.screen.actions_bar
        assert bar.isVisible()
        find(qtbot, desk)
        # Freeze (a reason is needed), then a recharge is refused, then unfreeze.
        bar.freeze_button.click()
        qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.objectName() == "freeze_account",
                        timeout=WAIT_MS)
        press(qtbot, bar.dialog, ENTER)
        assert "Say why" in bar.dialog.error_label.text()
        type_text(qtbot, "unpaid rent", into=bar.dialog)
        press(qtbot, bar.dialog, ENTER)
        qtbot.waitUntil(lambda: screen.account.status == "suspended", timeout=WAIT_MS)
        assert "FROZEN" in screen.card.values["status"].text() and bar.freeze_button.text() == "Unfreeze…"
        back_to_amount(qtbot, screen)
        recharge_by_keyboard(qtbot, desk, "100")
        assert screen.panel.banner.kind == "error" and "FROZEN" in screen.panel.banner.text()
        bar.freeze_button.click()
        qtbot.waitUntil(lambda: bar.dialog is not None, timeout=WAIT_MS)
        press(qtbot, bar.dialog, ENTER)
        qtbot.waitUntil(lambda: screen.account.status == "active", timeout=WAIT_MS)
        # Overdraft limit.
        bar.overdraft_button.click()
        qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.objectName() == "overdraft_limit",
                        timeout=WAIT_MS)
        bar.dialog.limit.selectAll()
        type_text(qtbot, "300", into=bar.dialog)
        press(qtbot, bar.dialog, ENTER)
        qtbot.waitUntil(lambda: screen.account.overdraft_limit_fen == 300_00, timeout=WAIT_MS)
        assert screen.card.values["overdraft"].text() == "¥300.00"
        assert screen.card.values["available"].text() == "¥800.00"
        # Close: paid out in cash from the manager's drawer.
        bar.close_button.click()
        qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.objectName() == "close_account",
                        timeout=WAIT_MS)
        bar.dialog.reason.setFocus()
        type_text(qtbot, "moved away", into=bar.dialog)
        press(qtbot, bar.dialog, ENTER)
        qtbot.waitUntil(lambda: screen.account.status == "closed", timeout=WAIT_MS)
        assert "closed" in screen.panel.banner.text() and "¥500.00" in screen.panel.banner.text()
        assert "CLOSED" in screen.card.values["status"].text() and not bar.close_button.isEnabled()
        assert market.balance() == 0
    finally:
        for stop in cleanup:
            stop()
        settle()


def test_no_open_shift_is_said_plainly(qtbot, market, fake_printer):  # noqa: F811
    auth.create_user(market.db, market.admin, "clerk2", "赵", "clerk2-pass", "recharge_clerk")
    actor = auth.login(market.db, "clerk2", "clerk2-pass", counter=COUNTER)
    cleanup: list = []
    desk = open_recharge_desk(qtbot, market, actor, fake_printer("ok"), cleanup)
    try:
        screen = desk.screen
        assert screen.no_shift.isVisible() and "No open shift" in screen.no_shift.text.text()
        assert "Ctrl+Shift+O" in screen.no_shift.text.text()
        find(qtbot, desk)
        recharge_by_keyboard(qtbot, desk, "100")
        assert screen.panel.banner.kind == "error" and "No open shift" in screen.panel.banner.text()
        # Opening the shift from the bar makes the desk ready.
        screen.no_shift.open_button.click()
        qtbot.waitUntil(lambda: screen.no_shift.dialog is not None, timeout=WAIT_MS)
        dialog = screen.no_shift.dialog
        dialog.opening_float.selectAll()
        type_text(qtbot, "100", into=dialog)
        press(qtbot, dialog, ENTER)
        qtbot.waitUntil(lambda: screen.shift is not None and not screen.no_shift.isVisible(), timeout=WAIT_MS)
        back_to_amount(qtbot, screen)
        press(qtbot, screen, ENTER)
        qtbot.waitUntil(lambda: screen.panel.last_result is not None, timeout=WAIT_MS)
        assert market.balance() == 600_00
    finally:
        for stop in cleanup:
            stop()
        settle()


def test_retranslates_to_chinese(qtbot, rdesk):
    from app.windows.application import install_language
    screen = rdesk.screen
    install_language("zh_CN")
    try:
        assert screen.tabs.tabText(0) != "" and screen.today.caption.text() != ""
    finally:
        install_language("en")
    assert screen.tabs.tabText(0) == "Recharge (F7)"

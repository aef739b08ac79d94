"""The recharge desk end to end: the clerk (recharge_clerk, shift open) finds the account by
keyboard, types the amount, picks the method by its F-key, scans the transaction number, Enter;
the service commits, the receipt comes out of a loopback printer fed by the counter's real
print station, and the desk is ready for the next customer.

Also the fixtures of the other test_recharge_desk_* modules."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.devices.printers.simulator import FakeNetworkPrinter
from app.ledger.service import verify_ledger
from app.recharge import accounts as acct
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from app.windows.print_station import PrintStation
from app.windows.recharge_desk import RechargeDeskScreen
from tests.desk.conftest import COUNTER, Market, market  # noqa: F401  (fixture, used by name)
from tests.recharge.conftest import clerk  # noqa: F401  (fixture, used by name)
from tests.windows.conftest import settle, show_active
from tests.windows.desk_fixtures import press, type_text
from tests.windows.print_fixtures import WAIT_MS, fake_printer, network, save_printers  # noqa: F401

ENTER = Qt.Key.Key_Return
PHONE = "13800001111"          # the fixture's fixed merchant 寿光蔬菜批发部, 500.00 yuan
REFERENCES = {"bank_card": "000123456789", "wechat": "4200001234202611231234567890",
              "alipay": "2026112322001412345678901234", "bank_transfer": "HX20261123000123"}
KEYS = {"cash": Qt.Key.Key_F1, "bank_card": Qt.Key.Key_F2, "wechat": Qt.Key.Key_F3, "alipay": Qt.Key.Key_F4,
        "bank_transfer": Qt.Key.Key_F5}


@dataclass
class RechargeDesk:
    market: Market
    ctx: GuiContext
    screen: RechargeDeskScreen
    printer: FakeNetworkPrinter

    @property
    def panel(self):
        return self.screen.panel

    def texts(self) -> list[str]:
        return [received.transcript().text() for received in self.printer.jobs]

    def recharges(self) -> int:
        with self.market.db.session() as s:
            return s.execute(text("SELECT count(*) FROM recharges")).scalar()


def open_recharge_desk(qtbot, market, actor, printer, cleanup: list) -> RechargeDesk:
    changes = ChangeHub()
    station = PrintStation(changes)
    station.start(market.db, actor.counter)
    cleanup.append(station.stop)
    ctx = GuiContext(market.db, actor, changes, COUNTER, (), None, station)
    screen = RechargeDeskScreen(ctx)
    screen.resize(1366, 768)
    show_active(qtbot, screen)
    qtbot.waitUntil(lambda: screen.shift_loaded, timeout=WAIT_MS)
    return RechargeDesk(market, ctx, screen, printer)


@pytest.fixture
def rdesk(qtbot, market, clerk, fake_printer):  # noqa: F811
    """The clerk's recharge desk with a printer that works."""
    printer = fake_printer("ok")
    save_printers(network(printer))
    cleanup: list = []
    desk = open_recharge_desk(qtbot, market, clerk, printer, cleanup)
    qtbot.waitUntil(lambda: desk.screen.shift is not None, timeout=WAIT_MS)
    yield desk
    for stop in cleanup:
        stop()
    settle()


def find(qtbot, desk: RechargeDesk, what: str = PHONE) -> None:
    """Ctrl+F, type, Enter: the account's card is shown and the cursor is in the amount."""
    screen = desk.screen
    press(qtbot, screen, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is screen.finder.field
    type_text(qtbot, what, into=screen)
    press(qtbot, screen, ENTER)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.panel.form.amount, timeout=WAIT_MS)
    assert screen.account is not None and screen.account.merchant_id == desk.market.fixed


def recharge_by_keyboard(qtbot, desk: RechargeDesk, amount: str, method: str = "cash",
                         reference: str | None = None) -> None:
    form = desk.panel.form
    assert QApplication.focusWidget() is form.amount
    type_text(qtbot, amount, into=desk.screen)
    press(qtbot, desk.screen, KEYS[method])
    if method != "cash":
        assert QApplication.focusWidget() is form.reference   # where the scanner types
        type_text(qtbot, reference or REFERENCES[method], into=desk.screen)
    press(qtbot, desk.screen, ENTER)


@pytest.mark.parametrize("method", ["cash", "bank_card", "wechat", "alipay", "bank_transfer"])
def test_recharge_by_each_method(qtbot, rdesk, method):
    desk, screen, panel = rdesk, rdesk.screen, rdesk.panel
    assert QApplication.focusWidget() is screen.finder.field       # Find has the keyboard at start
    find(qtbot, desk)
    assert screen.card.values["balance"].text() == "¥500.00"
    assert QApplication.focusWidget() is panel.form.amount
    recharge_by_keyboard(qtbot, desk, "300", method)
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    result = panel.last_result
    assert (result.method, result.amount_fen) == (method, 300_00)
    assert desk.market.balance() == 800_00
    banner = panel.banner.text()
    assert result.receipt_no in banner and "¥300.00" in banner and "¥500.00 → ¥800.00" in banner
    # Ready for the next customer: the form empty, the cursor in Find, the card up to date.
    assert panel.form.amount.text() == "" and panel.form.reference.text() == "" and panel.form.method_code == "cash"
    assert QApplication.focusWidget() is screen.finder.field
    qtbot.waitUntil(lambda: screen.card.values["balance"].text() == "¥800.00", timeout=WAIT_MS)
    # The receipt reached the printer with its number and amount.
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    receipt = desk.texts()[0]
    assert result.receipt_no in receipt and "300.00" in receipt and "800.00" in receipt
    if method != "cash":
        assert REFERENCES[method] in receipt
    qtbot.waitUntil(lambda: "Receipt printed." in panel.banner.text(), timeout=WAIT_MS)
    # The shift's list shows it.
    today = screen.today
    qtbot.waitUntil(lambda: [r.receipt_no for r in today.rows] == [result.receipt_no], timeout=WAIT_MS)
    assert verify_ledger(desk.market.db).violations == 0


def test_found_by_plate_initials_and_number(qtbot, rdesk):
    screen = rdesk.screen
    for what in ("鲁G12345", "sgsc"):
        screen.finder.clear()
        screen._show_account(None)
        find(qtbot, rdesk, what)
    code = screen.account.code
    screen.finder.clear()
    screen._show_account(None)
    find(qtbot, rdesk, code)
    assert screen.card.values["name"].text() == "寿光蔬菜批发部"
    assert screen.card.values["phone"].text() == PHONE


def test_unknown_account_is_said(qtbot, rdesk):
    screen = rdesk.screen
    type_text(qtbot, "nobody-here", into=screen)
    press(qtbot, screen, ENTER)
    qtbot.waitUntil(lambda: "No prepaid account matches" in screen.finder.message.text(), timeout=WAIT_MS)
    assert screen.account is None


def test_the_same_payment_is_refused_the_second_time(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    find(qtbot, desk)
    recharge_by_keyboard(qtbot, desk, "100", "wechat")
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    first = panel.last_result
    find(qtbot, desk)
    # The same WeChat payment again, typed with spaces this time.
    ref = REFERENCES["wechat"]
    recharge_by_keyboard(qtbot, desk, "100", "wechat", ref[:10] + " " + ref[10:])
    qtbot.waitUntil(lambda: panel.banner.kind == "error", timeout=WAIT_MS)
    assert "already been credited" in panel.banner.text() and "cannot be done now" in panel.banner.text()
    assert panel.last_result is first and desk.recharges() == 1 and desk.market.balance() == 600_00
    assert panel.form.amount.text() == "100"     # the input is kept to be corrected


def test_missing_reference_and_bad_amounts_are_refused_before_the_service(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    find(qtbot, desk)
    form = panel.form
    type_text(qtbot, "100", into=desk.screen)
    press(qtbot, desk.screen, Qt.Key.Key_F3)             # WeChat …
    press(qtbot, desk.screen, ENTER)                      # … but no transaction number
    assert panel.banner.kind == "error" and "needs its transaction number" in panel.banner.text()
    assert QApplication.focusWidget() is form.reference
    press(qtbot, desk.screen, Qt.Key.Key_F1)
    for amount, words in (("0", "more than zero"), ("-5", "more than zero"), ("12.345", "not an amount"),
                          ("abc", "not an amount")):
        form.amount.setFocus()
        form.amount.selectAll()
        type_text(qtbot, amount, into=desk.screen)
        press(qtbot, desk.screen, ENTER)
        assert panel.banner.kind == "error" and words in panel.banner.text(), amount
    form.amount.selectAll()
    type_text(qtbot, "99999999", into=desk.screen)         # absurd: beyond the market's maximum
    press(qtbot, desk.screen, ENTER)
    qtbot.waitUntil(lambda: panel.banner.kind == "error" and "at most" in panel.banner.text(), timeout=WAIT_MS)
    assert desk.recharges() == 0 and desk.market.balance() == 500_00


def test_double_enter_credits_once(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    find(qtbot, desk)
    type_text(qtbot, "200", into=desk.screen)
    press(qtbot, desk.screen, Qt.Key.Key_F1)
    qtbot.keyClick(panel.form.amount, ENTER)
    qtbot.keyClick(panel.form.amount, ENTER)              # at once, while the first is on its way
    panel.confirm()                                        # and the button, for good measure
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    settle()
    assert desk.recharges() == 1 and desk.market.balance() == 700_00


def test_an_unknown_outcome_is_retried_with_the_same_event_id(qtbot, rdesk, monkeypatch):
    """The database went away just after COMMIT: Enter sends the same recharge again, which
    the service recognises, so the money is credited once."""
    from app.recharge import service
    desk, panel = rdesk, rdesk.panel
    real = service.recharge
    seen: list[str] = []

    def lost_after_commit(*args, **kwargs):
        seen.append(kwargs["event_id"])
        result = real(*args, **kwargs)
        if len(seen) == 1:
            raise ConnectionError("server closed the connection unexpectedly")
        return result
    monkeypatch.setattr(service, "recharge", lost_after_commit)
    find(qtbot, desk)
    recharge_by_keyboard(qtbot, desk, "150")
    qtbot.waitUntil(lambda: "not known whether the recharge was recorded" in panel.banner.text(), timeout=WAIT_MS)
    assert panel.form.amount.text() == "150"
    press(qtbot, desk.screen, ENTER)
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    assert len(seen) == 2 and seen[0] == seen[1] and panel.last_result.replayed
    assert desk.recharges() == 1 and desk.market.balance() == 650_00


def test_large_amount_needs_a_second_confirmation(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    find(qtbot, desk)
    recharge_by_keyboard(qtbot, desk, "25000")             # above the 20 000 yuan threshold
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.objectName() == "large_amount",
                    timeout=WAIT_MS)
    assert panel.dialog.amount.text() == "¥25000.00"
    press(qtbot, panel.dialog, Qt.Key.Key_Escape)          # no: nothing is credited
    qtbot.waitUntil(lambda: panel.banner.text() == "Not recharged.", timeout=WAIT_MS)
    assert desk.recharges() == 0
    panel.form.amount.setFocus()
    press(qtbot, desk.screen, ENTER)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.objectName() == "large_amount",
                    timeout=WAIT_MS)
    press(qtbot, panel.dialog, ENTER)                      # yes
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    assert panel.last_result.amount_fen == 25000_00 and desk.market.balance() == 25500_00


def test_frozen_account_is_refused(qtbot, rdesk):
    desk, panel, screen = rdesk, rdesk.panel, rdesk.screen
    acct.set_frozen(desk.market.db, desk.market.admin, desk.market.fixed, True, reason="欠费")
    find(qtbot, desk)
    assert "FROZEN" in screen.card.values["status"].text()
    assert panel.banner.kind == "error" and "FROZEN" in panel.banner.text()
    recharge_by_keyboard(qtbot, desk, "100")
    assert panel.banner.kind == "error" and "FROZEN" in panel.banner.text()
    settle()
    assert desk.recharges() == 0


def test_frozen_meanwhile_is_refused_by_the_service(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    find(qtbot, desk)
    acct.set_frozen(desk.market.db, desk.market.admin, desk.market.fixed, True, reason="欠费")
    recharge_by_keyboard(qtbot, desk, "100")
    qtbot.waitUntil(lambda: panel.banner.kind == "error" and "frozen" in panel.banner.text(), timeout=WAIT_MS)
    assert desk.recharges() == 0 and desk.market.balance() == 500_00


def test_a_failing_printer_never_loses_the_recharge(qtbot, rdesk):
    desk, panel = rdesk, rdesk.panel
    desk.printer.refuse = True
    find(qtbot, desk)
    recharge_by_keyboard(qtbot, desk, "100")
    qtbot.waitUntil(lambda: panel.last_result is not None, timeout=WAIT_MS)
    assert desk.market.balance() == 600_00
    qtbot.waitUntil(lambda: "Receipt NOT printed" in panel.banner.text(), timeout=WAIT_MS)
    assert "The money is credited" in panel.banner.text() and panel.banner.kind == "warn"

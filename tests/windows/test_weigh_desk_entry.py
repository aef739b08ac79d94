"""The Entry tab end to end: plate → fill → stable weight → fee → Enter → committed ticket →
voucher on the loopback printer → the form is empty for the next truck."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ledger.service import verify_ledger
from tests.windows.desk_fixtures import (ENTER, WAIT_MS, charge_first_truck, desk, fake_printer, market,  # noqa: F401
                                         other_cashier, press, supervisor_types, truck_scale, type_text)


def test_fixed_merchant_with_enough_balance(qtbot, desk):
    entry = desk.entry
    assert QApplication.focusWidget() is entry.form.plate
    result = charge_first_truck(qtbot, desk)
    assert (result.fee_fen, result.paid_account_fen, result.paid_cash_fen) == (30720, 30720, 0)
    assert desk.market.balance() == 500_00 - 30720
    assert result.voucher_no in entry.banner.text() and "¥307.20" in entry.banner.text()
    # The form is empty for the next truck, the cursor in the plate field.
    assert entry.form.plate.text() == "" and entry.form.plate_text == "" and entry.form.commodity is None
    assert QApplication.focusWidget() is entry.form.plate
    # The voucher came out of the printer with its number and fee.
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    text = desk.texts()[0]
    assert result.voucher_no in text and "￥307.20" in text and "鲁G12345" in text
    qtbot.waitUntil(lambda: "Voucher printed." in entry.banner.text(), timeout=WAIT_MS)
    # The list and the counters followed.
    tickets, counters = desk.screen.tickets, desk.screen.counters
    qtbot.waitUntil(lambda: [r.voucher_no for r in tickets.rows] == [result.voucher_no], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: counters.values["vehicles"].text() == "1", timeout=WAIT_MS)
    assert counters.values["fees"].text() == "¥307.20" and counters.values["cash"].text() == "¥0.00"
    assert verify_ledger(desk.market.db).violations == 0


def test_shortfall_is_paid_in_cash(qtbot, desk):
    entry = desk.entry
    desk.put(60000, qtbot)                    # 47.92 t × 15.00 = 718.80 > 500.00 on the account
    type_text(qtbot, "鲁G12345")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "大白")                   # by name this time
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    assert "collect ¥218.80 in cash" in entry.fee.note.text()
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.dialog is not None and entry.dialog.objectName() == "shortfall", timeout=WAIT_MS)
    assert "the account pays ¥500.00, collect ¥218.80 in cash" in entry.dialog.message.text()
    press(qtbot, entry.dialog, ENTER)         # accept: the account pays what it holds
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    result = entry.last_result
    assert (result.fee_fen, result.paid_account_fen, result.paid_cash_fen) == (71880, 500_00, 21880)
    assert "Collect ¥218.80 in cash" in entry.banner.text()
    assert desk.market.balance() == 0
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    assert result.voucher_no in desk.texts()[0] and "￥718.80" in desk.texts()[0]
    counters = desk.screen.counters
    qtbot.waitUntil(lambda: counters.values["cash"].text() == "¥218.80", timeout=WAIT_MS)
    assert counters.values["drawer"].text() == "¥1218.80"    # the 1000.00 float and this cash


def test_shortfall_all_in_cash_or_not_at_all(qtbot, desk):
    entry = desk.entry
    desk.put(60000, qtbot)
    type_text(qtbot, "鲁G12345")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "dbc")
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.dialog is not None and entry.dialog.objectName() == "shortfall", timeout=WAIT_MS)
    press(qtbot, entry.dialog, Qt.Key.Key_Escape)   # the driver has no cash: nothing is charged
    qtbot.waitUntil(lambda: entry.banner.text() == "Not charged.", timeout=WAIT_MS)
    assert desk.market.balance() == 500_00 and entry.form.plate_text == "鲁G12345"
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.dialog is not None and entry.dialog.objectName() == "shortfall", timeout=WAIT_MS)
    press(qtbot, entry.dialog, Qt.Key.Key_F4)       # the merchant pays it all in cash
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert (entry.last_result.paid_account_fen, entry.last_result.paid_cash_fen) == (0, 71880)
    assert desk.market.balance() == 500_00


def test_temporary_customer_pays_cash(qtbot, desk):
    entry = desk.entry
    form = entry.form
    desk.put(10000, qtbot)
    type_text(qtbot, "苏a88888")                # not on record
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: form.plate_text == "苏A88888", timeout=WAIT_MS)
    assert "not on record" in entry.banner.text() and form.merchant_label.text().startswith("Temporary customer")
    assert form.temporary_name.isVisible() and form.vehicle_type.isVisible()
    type_text(qtbot, "td")                       # 土豆 by its initials
    qtbot.waitUntil(lambda: bool(form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    assert form.commodity is not None and form.commodity.name == "土豆"
    assert QApplication.focusWidget() is form.vehicle_type   # its tare: choose a type ...
    qtbot.waitUntil(lambda: entry._quote_problem is not None, timeout=WAIT_MS)
    assert "no approved tare" in entry.fee.note.text()
    press(qtbot, entry, Qt.Key.Key_Tab)                       # ... or weigh it at exit
    assert QApplication.focusWidget() is form.weigh_at_exit
    press(qtbot, entry, Qt.Key.Key_Space)
    press(qtbot, entry, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.temporary_name
    type_text(qtbot, "王师傅")
    qtbot.waitUntil(lambda: entry.quote is not None and entry.quote.merchant_name == "王师傅", timeout=WAIT_MS)
    assert entry.quote.fee_fen == 12000 and "Collect ¥120.00 in cash" in entry.fee.note.text()
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert (entry.last_result.paid_cash_fen, entry.last_result.paid_account_fen) == (12000, 0)
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    assert "王师傅" in desk.texts()[0] and "￥120.00" in desk.texts()[0]


def test_unknown_vehicle_by_its_type(qtbot, desk):
    entry = desk.entry
    form = entry.form
    desk.put(12000, qtbot)
    type_text(qtbot, "鲁B55555")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: form.plate_text == "鲁B55555", timeout=WAIT_MS)
    type_text(qtbot, "dbc")
    qtbot.waitUntil(lambda: bool(form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    assert QApplication.focusWidget() is form.vehicle_type
    press(qtbot, entry, Qt.Key.Key_Down)         # 拖拉机带挂, 3.2 t
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    assert (entry.quote.tare.tare_g, entry.quote.fee_fen) == (3_200_000, 13200)   # 8.8 t × 15.00
    press(qtbot, entry, ENTER)                   # Enter in the type list charges
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert entry.last_result.fee_fen == 13200


def test_no_open_shift_says_so_and_opens_one(qtbot, market, fake_printer, truck_scale, other_cashier):  # noqa: F811
    from tests.windows.desk_fixtures import network, open_desk, save_printers
    printer = fake_printer("ok")
    save_printers(network(printer))
    cleanup = []
    try:
        desk = open_desk(qtbot, market, other_cashier, printer, truck_scale, cleanup)
        screen = desk.screen
        assert screen.no_shift.isVisible() and "No open shift" in screen.no_shift.text.text()
        desk.put(32560, qtbot)
        type_text(qtbot, "鲁G12345")
        press(qtbot, desk.entry, ENTER)
        qtbot.waitUntil(lambda: desk.entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
        desk.entry.confirm()
        assert "No open shift" in desk.entry.banner.text()
        screen.no_shift.open_button.click()
        dialog = screen.no_shift.dialog
        assert dialog is not None and dialog.objectName() == "open_shift"
        press(qtbot, dialog, ENTER)
        qtbot.waitUntil(lambda: not screen.no_shift.isVisible(), timeout=WAIT_MS)
        assert screen.shift is not None and desk.entry.shift is not None
        assert "Shift" in desk.window.status.shift_label.text()
    finally:
        for stop in cleanup:
            stop()


def test_a_double_enter_charges_once(qtbot, desk):
    entry = desk.entry
    desk.market.top_up(1000_00, "test:topup")   # two trucks' worth on the account
    desk.put(32560, qtbot)
    charge_first_truck(qtbot, desk)
    entry.last_result = None
    type_text(qtbot, "鲁G12345")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    press(qtbot, entry, ENTER)                    # while the first is on its way
    press(qtbot, entry, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    tickets = desk.screen.tickets
    qtbot.waitUntil(lambda: len(tickets.rows) == 2, timeout=WAIT_MS)
    qtbot.wait(200)
    assert len(tickets.rows) == 2 and not entry.flow.busy


def test_an_unknown_outcome_is_retried_with_the_same_event(qtbot, desk, monkeypatch):
    """The database went away after COMMIT: the desk cannot know; Enter sends the same charge
    again, which the service answers with the first result instead of charging twice."""
    from app.weighing import entry as entry_service
    real = entry_service.charge_entry
    calls = []

    def lost_answer(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(kwargs["event_id"])
        if len(calls) == 1:
            raise ConnectionResetError("server closed the connection unexpectedly")
        return result
    monkeypatch.setattr(entry_service, "charge_entry", lost_answer)
    entry = desk.entry
    desk.put(32560, qtbot)
    type_text(qtbot, "鲁G12345")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "dbc")
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: "not known whether the charge was recorded" in entry.banner.text(), timeout=WAIT_MS)
    assert entry.flow.pending is not None and entry.last_result is None
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert len(calls) == 2 and calls[0] == calls[1] and entry.last_result.replayed
    assert desk.market.balance() == 500_00 - 30720          # charged once


def test_without_a_scale_the_desk_says_so(qtbot, market):  # noqa: F811
    from app.windows.changes import ChangeHub
    from app.windows.context import GuiContext
    from app.windows.weigh_desk import WeighDeskScreen
    from tests.windows.conftest import show_active
    ctx = GuiContext(market.db, market.cashier, ChangeHub(), "1号收费台")
    screen = WeighDeskScreen(ctx)
    show_active(qtbot, screen)
    qtbot.waitUntil(lambda: screen.shift_loaded and bool(screen.entry.form.catalog), timeout=WAIT_MS)
    assert screen.weight.lit("no_signal")
    entry = screen.entry
    type_text(qtbot, "鲁G12345")
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "dbc")
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    assert "No weight from the scale" in entry.fee.note.text()
    press(qtbot, entry, ENTER)
    assert "No weight from the scale" in entry.banner.text()


def test_manual_weight_needs_a_supervisor(qtbot, desk):
    from sqlalchemy import text
    entry = desk.entry
    ctrl = Qt.KeyboardModifier.ControlModifier
    # The cashier lacks ticket.manual_weight: Ctrl+M asks for a supervisor.
    press(qtbot, entry, Qt.Key.Key_M, ctrl)
    dialog = entry.dialog
    assert dialog is not None and dialog.objectName() == "override"
    supervisor_types(qtbot, dialog, "cash1", "cash-pass")   # a cashier cannot authorise it
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=WAIT_MS)
    assert "lacks the permission" in dialog.error_label.text()
    press(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: entry.dialog is None, timeout=WAIT_MS)
    assert entry.manual is None and not entry.fee.manual.isVisible()
    # A manager authorises it; the weight is typed and marked as typed.
    press(qtbot, entry, Qt.Key.Key_M, ctrl)
    supervisor_types(qtbot, entry.dialog, "mgr", "mgr-pass")
    qtbot.waitUntil(lambda: entry.dialog is not None and entry.dialog.objectName() == "manual_weight",
                    timeout=WAIT_MS)
    entry.dialog.weight.setFocus()
    type_text(qtbot, "32560", into=entry.dialog)
    press(qtbot, entry.dialog, ENTER)
    qtbot.waitUntil(lambda: entry.manual is not None, timeout=WAIT_MS)
    assert entry.manual.weight_g == 32_560_000 and entry.fee.manual.isVisible()
    assert "authorised by mgr" in entry.fee.manual.text()
    assert QApplication.focusWidget() is None or entry.isAncestorOf(QApplication.focusWidget())
    type_text(qtbot, "鲁G12345", into=entry)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "dbc")
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    assert entry.quote.fee_fen == 30720
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    with desk.market.db.session() as s:
        row = s.execute(text("SELECT manual_weight, authorised_by, scale_frames FROM weigh_tickets")).one()
    assert row[0] and row[1] == "mgr" and row[2] == "[]"
    assert entry.manual is None     # the next truck is weighed on the scale again
    qtbot.waitUntil(lambda: len(desk.printer.jobs) == 1, timeout=WAIT_MS)
    assert "手工录入重量" in desk.texts()[0]


def test_scale_frames_are_kept_with_the_ticket(qtbot, desk):
    import json

    from sqlalchemy import text
    charge_first_truck(qtbot, desk)
    with desk.market.db.session() as s:
        frames = json.loads(s.execute(text("SELECT scale_frames FROM weigh_tickets")).scalar())
    assert len(frames) >= 10   # the stable window: at least 10 frames of 2 s
    assert all(f["raw"] == frames[0]["raw"] for f in frames) and frames[0]["raw"].startswith("022b303332353630")


def test_a_failing_printer_never_loses_the_charge(qtbot, desk):
    desk.printer.refuse = True
    entry = desk.entry
    result = charge_first_truck(qtbot, desk)
    assert desk.market.balance() == 500_00 - 30720
    qtbot.waitUntil(lambda: "Voucher NOT printed" in entry.banner.text(), timeout=WAIT_MS)
    assert result.voucher_no in entry.banner.text() and entry.banner.kind == "warn"


def test_scale_trouble_is_said_plainly(qtbot, desk, monkeypatch):
    from app.devices.scales.stability import NotStable
    entry = desk.entry
    desk.put(32560, qtbot)
    type_text(qtbot, "鲁G12345", into=entry)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G12345", timeout=WAIT_MS)
    type_text(qtbot, "dbc", into=entry)
    qtbot.waitUntil(lambda: bool(entry.form.commodity_field.suggestion_texts()), timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.quote is not None, timeout=WAIT_MS)
    # The display said stable, the port's own window disagrees (a gust, a truck rocking).
    port = desk.ctx.scale.port

    def rocking(timeout_s=0.0):
        raise NotStable("the weight is still moving")
    monkeypatch.setattr(port, "capture", rocking)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: "still moving" in entry.banner.text(), timeout=WAIT_MS)
    assert entry.banner.text().startswith("The scale gives no weight to charge.")
    assert entry.last_result is None and not entry.flow.busy
    # The cable is pulled (the port stops): nothing stale stays on screen.
    desk.ctx.scale.stop()
    qtbot.waitUntil(lambda: desk.screen.weight.lit("no_signal"), timeout=WAIT_MS)
    assert entry.quote is None and "No weight from the scale" in entry.fee.note.text()
    press(qtbot, entry, ENTER)
    assert "No weight from the scale" in entry.banner.text()

"""The goal of the desk: a known vehicle charged with at most 4 keystrokes once the weight is
stable. A regular's plate is typed while the truck drives on; when the scale settles, Enter
fills in merchant, commodity (what it brought last time) and tare, and Enter charges. The
keystrokes are counted from the stable weight to the committed ticket."""
from PySide6.QtCore import Qt

from tests.windows.desk_fixtures import (ENTER, WAIT_MS, charge_first_truck, desk, fake_printer, market,  # noqa: F401
                                         press, truck_scale, type_text)

GOAL_KEYSTROKES = 4


def regular(qtbot, desk) -> None:
    """鲁G12345 has been here before with 大白菜; the truck is driving on (nothing stable yet)."""
    desk.market.top_up(2000_00, "test:topup")
    charge_first_truck(qtbot, desk)
    desk.entry.last_result = None
    desk.empty(qtbot)


def test_known_vehicle_plate_typed_ahead_enter_enter(qtbot, desk):
    regular(qtbot, desk)
    entry = desk.entry
    type_text(qtbot, "鲁G12345", into=entry)        # while the truck drives on
    desk.put(31000, qtbot)                           # stable: counting starts
    keys: list = []
    press(qtbot, entry, ENTER, count=keys)           # fills merchant, 大白菜, the licensed tare
    press(qtbot, entry, ENTER, count=keys)           # charges (as soon as the fee is worked out)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert len(keys) == 2 <= GOAL_KEYSTROKES
    assert entry.last_result.fee_fen == 28380       # (31.00 − 12.08) t × 15.00
    assert entry.last_result.paid_cash_fen == 0


def test_known_vehicle_entered_before_it_settles_one_enter(qtbot, desk):
    regular(qtbot, desk)
    entry = desk.entry
    type_text(qtbot, "鲁G12345", into=entry)
    press(qtbot, entry, ENTER)                       # filled while the truck is still moving
    qtbot.waitUntil(lambda: entry.form.commodity is not None, timeout=WAIT_MS)
    assert entry.form.commodity.name == "大白菜" and entry.quote is None
    desk.put(31000, qtbot)
    keys: list = []
    press(qtbot, entry, ENTER, count=keys)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert len(keys) == 1 <= GOAL_KEYSTROKES and entry.last_result.fee_fen == 28380


def test_known_vehicle_with_a_short_balance_three_keystrokes(qtbot, desk):
    charge_first_truck(qtbot, desk)                  # 500.00 − 307.20 leaves 192.80
    entry = desk.entry
    entry.last_result = None
    desk.empty(qtbot)
    type_text(qtbot, "鲁G12345", into=entry)
    desk.put(31000, qtbot)
    keys: list = []
    press(qtbot, entry, ENTER, count=keys)
    press(qtbot, entry, ENTER, count=keys)
    qtbot.waitUntil(lambda: entry.dialog is not None and entry.dialog.objectName() == "shortfall", timeout=WAIT_MS)
    press(qtbot, entry.dialog, ENTER, count=keys)    # the account pays what it holds, cash the rest
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert len(keys) == 3 <= GOAL_KEYSTROKES
    assert (entry.last_result.paid_account_fen, entry.last_result.paid_cash_fen) == (19280, 28380 - 19280)


def test_the_plate_picked_from_the_suggestions_by_its_last_digits(qtbot, desk):
    """Not typed ahead: the last digits find the plate (4 keys), Enter picks it, Enter charges."""
    regular(qtbot, desk)
    entry = desk.entry
    desk.put(31000, qtbot)
    type_text(qtbot, "2345", into=entry)
    qtbot.waitUntil(lambda: entry.form.plate.suggestion_texts()[:1] == ["鲁G12345  寿光蔬菜批发部"],
                    timeout=WAIT_MS)
    press(qtbot, entry, ENTER)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert entry.last_result.fee_fen == 28380
    assert entry.form.plate.text() == "" and not entry.form.plate.suggestions.isVisible()


def test_down_walks_the_suggestions(qtbot, desk):
    entry = desk.entry
    type_text(qtbot, "鲁G", into=entry)
    qtbot.waitUntil(lambda: len(entry.form.plate.suggestion_texts()) >= 3, timeout=WAIT_MS)
    assert entry.form.plate.suggestions.isVisible()
    press(qtbot, entry, Qt.Key.Key_Down)
    press(qtbot, entry, Qt.Key.Key_Down)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.form.plate_text == "鲁G22222", timeout=WAIT_MS)
    assert "寿光蔬菜批发部" in entry.form.merchant_label.text() and "available ¥500.00" in entry.form.merchant_label.text()


def test_the_next_plate_typed_while_charging_is_kept(qtbot, desk, monkeypatch):
    """A fast cashier types the next truck's plate while the last one is being charged."""
    import threading

    from app.weighing import entry as entry_service
    regular(qtbot, desk)
    real, go = entry_service.charge_entry, threading.Event()

    def slow_commit(*args, **kwargs):
        assert go.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)
    monkeypatch.setattr(entry_service, "charge_entry", slow_commit)
    entry = desk.entry
    type_text(qtbot, "鲁G12345", into=entry)
    desk.put(31000, qtbot)
    press(qtbot, entry, ENTER)
    press(qtbot, entry, ENTER)
    qtbot.waitUntil(lambda: entry.flow.busy, timeout=WAIT_MS)
    entry.form.plate.selectAll()
    type_text(qtbot, "鲁G2", into=entry)           # the next truck, while the charge commits
    go.set()
    qtbot.waitUntil(lambda: entry.last_result is not None, timeout=WAIT_MS)
    assert entry.last_result.fee_fen == 28380
    assert entry.form.plate.text() == "鲁G2" and entry.form.plate_text == ""
    qtbot.waitUntil(lambda: "鲁G22222  寿光蔬菜批发部" in entry.form.plate.suggestion_texts(), timeout=WAIT_MS)
    assert desk.market.balance() == 2500_00 - 30720 - 28380

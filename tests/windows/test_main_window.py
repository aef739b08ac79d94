"""Navigation shows what the user may use; the status bar says who, where and which books."""
from PySide6.QtCore import Qt

from app.windows.main_window import MainWindow
from tests.windows.conftest import CTRL_SHIFT, COUNTER, make_ctx, show_active


def open_main(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    show_active(qtbot, window)
    return window


def test_cashier_sees_no_admin_screens(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "cashier"))
    assert window.screen_keys() == ["weigh_desk", "home"]
    assert window.nav.count() == 2
    assert window.stack.currentWidget().objectName() == "weigh_desk"  # a cashier starts at the desk


def test_finance_starts_at_the_finance_desk(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "finance"))
    assert window.screen_keys() == ["finance_desk", "home", "reports", "reconcile", "splits"]
    assert window.stack.currentWidget().objectName() != "weigh_desk"


def test_who_has_no_desk_starts_at_home(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "meter_reader"))
    assert window.screen_keys() == ["home"]


def test_administrator_sees_every_screen(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "admin"))
    assert window.screen_keys() == ["weigh_desk", "recharge_desk", "finance_desk", "home", "reports", "reconcile",
                                    "splits", "prices", "merchants", "vehicles", "users", "settings", "scale",
                                    "printers"]
    assert [window.nav.item(i).text() for i in range(14)] == [
        "Weigh desk", "Recharge", "Finance desk", "Home", "Reports", "Reconciliation", "Payment splits", "Prices",
        "Merchants", "Vehicles", "Users and roles", "Settings", "Scale", "Printers"]


def test_a_recharge_clerk_starts_at_the_recharge_desk(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "recharge_clerk"))
    assert window.screen_keys() == ["recharge_desk", "home"]
    assert window.stack.currentWidget().objectName() == "recharge_desk"


def test_manager_sees_neither_users_nor_settings(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "manager"))
    assert "users" not in window.screen_keys()
    assert "settings" not in window.screen_keys()


def test_ctrl_number_jumps_to_a_screen(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "admin"))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().objectName() == "finance_desk"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().objectName() == "weigh_desk"


def test_status_bar_names_database_counter_and_user(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "cashier"))
    assert db.describe() in window.status.database_label.text()
    assert COUNTER in window.status.counter_label.text()
    assert window.status.user_label.text() == "User: Test cashier (Toll cashier)"
    assert window.status.devices.objectName() == "device_status"


def test_log_out_and_quit_are_told_apart(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "cashier"))
    quits = []
    window.quit_requested.connect(lambda: quits.append(True))
    with qtbot.waitSignal(window.logged_out):
        qtbot.keyClick(window, Qt.Key.Key_L, CTRL_SHIFT)
    assert quits == []
    other = open_main(qtbot, make_ctx(db, "finance"))
    with qtbot.waitSignal(other.quit_requested):
        qtbot.keyClick(other, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

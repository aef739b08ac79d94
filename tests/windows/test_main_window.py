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
    assert window.screen_keys() == ["home"]
    assert window.nav.count() == 1


def test_administrator_sees_users_settings_scale_and_printers(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "admin"))
    assert window.screen_keys() == ["home", "users", "settings", "scale", "printers"]
    assert [window.nav.item(i).text() for i in range(5)] == ["Home", "Users and roles", "Settings",
                                                             "Scale", "Printers"]


def test_manager_sees_neither_users_nor_settings(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "manager"))
    assert "users" not in window.screen_keys()
    assert "settings" not in window.screen_keys()


def test_ctrl_number_jumps_to_a_screen(qtbot, db):
    window = open_main(qtbot, make_ctx(db, "admin"))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().objectName() == "admin_settings"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().objectName() == "admin_users"


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

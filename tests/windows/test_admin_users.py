"""User administration through the widgets: create, change role, reset password, lock, unlock."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.auth import service as auth
from app.errors import AccountLocked
from app.windows.admin_users import UsersScreen
from tests.windows.conftest import PASSWORD, make_ctx, make_user, show_active


@pytest.fixture
def screen(qtbot, db):
    ctx = make_ctx(db, "admin", "chief")
    make_user(db, "chen_jing", "cashier", "陈静")
    widget = UsersScreen(ctx)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: len(widget.users) == 2)
    return widget


def row_of(screen: UsersScreen, username: str) -> list[str]:
    row = [u.username for u in screen.users].index(username)
    return [screen.table.item(row, c).text() for c in range(screen.table.columnCount())]


def submit(qtbot, screen: UsersScreen, dialog) -> None:
    with qtbot.waitSignal(screen.refreshed):
        with qtbot.waitSignal(dialog.succeeded):
            dialog.accept()


def test_table_lists_users_with_role_and_status(screen):
    assert row_of(screen, "chen_jing") == ["chen_jing", "陈静", "Toll cashier", "Active"]


def test_create_user(qtbot, screen, db):
    qtbot.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    assert dialog.objectName() == "new_user"
    dialog.username.setText("sun_li")
    dialog.display_name.setText("孙丽")
    dialog.role.setCurrentIndex(dialog.role.findData("recharge_clerk"))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    submit(qtbot, screen, dialog)
    assert row_of(screen, "sun_li") == ["sun_li", "孙丽", "Recharge clerk", "Active"]
    assert screen.message.text() == "User sun_li created."
    assert auth.login(db, "sun_li", PASSWORD).role == "recharge_clerk"


def test_create_user_with_a_taken_name_keeps_the_dialog_open(qtbot, screen):
    screen.new_user()
    dialog = screen.dialog
    dialog.username.setText("chen_jing")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert "already taken" in dialog.error_label.text()
    assert dialog.isVisible()


def test_assign_role(qtbot, screen, db):
    screen.select_user("chen_jing")
    qtbot.keyClick(screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    dialog.role.setCurrentIndex(dialog.role.findData("finance"))
    submit(qtbot, screen, dialog)
    assert row_of(screen, "chen_jing")[2] == "Finance"
    assert auth.login(db, "chen_jing", PASSWORD).can("handover.receive")


def test_reset_password(qtbot, screen, db):
    screen.select_user("chen_jing")
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.dialog
    dialog.password.setText("temp-4321")
    dialog.repeat.setText("temp-4321")
    submit(qtbot, screen, dialog)
    assert row_of(screen, "chen_jing")[3] == "Active, must change password"
    assert auth.login(db, "chen_jing", "temp-4321").username == "chen_jing"


def test_lock_and_unlock(qtbot, screen, db):
    screen.select_user("chen_jing")
    with qtbot.waitSignal(screen.refreshed):
        qtbot.keyClick(screen, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert row_of(screen, "chen_jing")[3] == "Locked by an administrator"
    assert screen.message.text() == "User chen_jing locked."
    with pytest.raises(AccountLocked):
        auth.login(db, "chen_jing", PASSWORD)
    assert not screen.lock_action.isEnabled()
    with qtbot.waitSignal(screen.refreshed):
        qtbot.keyClick(screen, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert row_of(screen, "chen_jing")[3] == "Active"
    assert auth.login(db, "chen_jing", PASSWORD).username == "chen_jing"


def test_administrator_cannot_lock_themself(qtbot, screen):
    screen.select_user("chief")
    screen.set_locked(True)
    qtbot.waitUntil(lambda: screen.findChild(QMessageBox) is not None)
    box = screen.findChild(QMessageBox)
    assert box.text() == "This cannot be done now."
    assert "lock yourself out" in box.informativeText()
    box.close()

"""Changing one's own password, and a supervisor authorising an action."""
import pytest
from PySide6.QtCore import Qt

from app.auth import service as auth
from app.errors import AuthenticationFailed
from app.windows.main_window import MainWindow
from app.windows.override import ask_supervisor
from tests.windows.conftest import CTRL_SHIFT, COUNTER, PASSWORD, make_ctx, make_user, show_active


def test_change_own_password(qtbot, db):
    ctx = make_ctx(db, "cashier")
    window = MainWindow(ctx)
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = window.dialog
    assert dialog is not None and dialog.objectName() == "change_password"
    dialog.current.setText("wrong-old-1")
    dialog.new.setText("new-secret-9")
    dialog.repeat.setText("new-secret-9")
    dialog.accept()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert "current password is wrong" in dialog.error_label.text()
    dialog.current.setText(PASSWORD)
    with qtbot.waitSignal(dialog.succeeded):
        dialog.accept()
    assert auth.login(db, ctx.actor.username, "new-secret-9").username == ctx.actor.username


def test_supervisor_override_is_granted_only_to_a_supervisor(qtbot, db):
    ctx = make_ctx(db, "cashier")
    make_user(db, "zhao_jingli", "manager")
    granted = []
    dialog = ask_supervisor(None, db, "voucher.reprint", COUNTER, granted.append)
    qtbot.addWidget(dialog)
    dialog.username.setText(ctx.actor.username)  # a cashier cannot authorise
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert "lacks the permission" in dialog.error_label.text()
    dialog.username.setText("zhao_jingli")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(granted))
    override = granted[0]
    assert (override.permission, override.supervisor_name) == ("voucher.reprint", "zhao_jingli")


def test_override_wrong_password(qtbot, db):
    make_user(db, "zhao_jingli", "manager")
    dialog = ask_supervisor(None, db, "voucher.reprint", COUNTER, lambda o: None)
    qtbot.addWidget(dialog)
    dialog.username.setText("zhao_jingli")
    dialog.password.setText("guess-1234")
    dialog.accept()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.error_label.text().startswith("The password was not accepted.")
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "zhao_jingli", "guess-1234")

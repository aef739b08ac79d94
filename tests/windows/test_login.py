"""The login window: Enter logs in, wrong passwords are said so, the fifth locks the user."""
import pytest
from PySide6.QtCore import Qt

from app.auth.service import LOGIN_FAILURES_MAX
from app.windows.login import LoginWindow
from tests.windows.conftest import COUNTER, PASSWORD, make_user


@pytest.fixture
def window(qtbot, db):
    make_user(db, "li_ming", "cashier", "李明")
    w = LoginWindow(COUNTER)
    qtbot.addWidget(w)
    w.show()
    w.set_database(db)
    return w


def type_and_enter(qtbot, w: LoginWindow, username: str, password: str) -> None:
    w.username.setText(username)
    w.password.setText(password)
    qtbot.keyClick(w.password, Qt.Key.Key_Return)


def finish_attempt(qtbot, w: LoginWindow) -> None:
    qtbot.waitUntil(w.login_button.isEnabled)


def test_no_login_before_the_database_is_open(qtbot):
    w = LoginWindow(COUNTER)
    qtbot.addWidget(w)
    assert not w.login_button.isEnabled()
    assert "Connecting" in w.message.text()
    assert COUNTER in w.counter_label.text()


def test_enter_logs_in(qtbot, window):
    with qtbot.waitSignal(window.logged_in) as signal:
        type_and_enter(qtbot, window, "li_ming", PASSWORD)
    actor = signal.args[0]
    assert (actor.username, actor.role, actor.counter) == ("li_ming", "cashier", COUNTER)
    assert window.password.text() == ""


def test_wrong_password_is_said_and_cleared(qtbot, window):
    type_and_enter(qtbot, window, "li_ming", "not-the-password")
    finish_attempt(qtbot, window)
    assert window.message.text() == "Wrong user name or password."
    assert window.password.text() == ""
    assert window.username.text() == "li_ming"


def test_unknown_user_reads_like_a_wrong_password(qtbot, window):
    type_and_enter(qtbot, window, "nobody", PASSWORD)
    finish_attempt(qtbot, window)
    assert window.message.text() == "Wrong user name or password."


def test_too_many_wrong_passwords_lock_the_user(qtbot, window):
    for _ in range(LOGIN_FAILURES_MAX):
        type_and_enter(qtbot, window, "li_ming", "not-the-password")
        finish_attempt(qtbot, window)
    assert window.message.text().startswith("This user is locked.")
    # Even the right password is refused now.
    type_and_enter(qtbot, window, "li_ming", PASSWORD)
    finish_attempt(qtbot, window)
    assert window.message.text().startswith("This user is locked.")


def test_escape_quits(qtbot, window):
    with qtbot.waitSignal(window.quit_requested):
        qtbot.keyClick(window.username, Qt.Key.Key_Escape)


def test_closing_the_window_quits(qtbot, window):
    with qtbot.waitSignal(window.quit_requested):
        window.close()

"""From start to main window: first administrator, unreachable database, newer schema."""
import pytest

from app import config
from app.windows.controller import EXIT_NO_DATABASE, AppController
from app.windows.db_problem import DbProblemDialog
from app.windows.first_admin import FirstAdminDialog
from app.windows.upgrade import UpgradeDialog
from tests.windows.conftest import PASSWORD, make_user

CLOSED_PORT_URL = "postgresql://x@127.0.0.1:1/x"


@pytest.fixture
def start(qtbot):
    started = []

    def start(url: str) -> AppController:
        controller = AppController(url)
        started.append(controller)
        controller.start()
        return controller

    yield start
    for controller in started:
        controller.shutdown()


def wait_for_dialog(qtbot, controller: AppController, kind: type):
    qtbot.waitUntil(lambda: isinstance(controller.dialog, kind))
    return controller.dialog


def log_in(qtbot, controller: AppController, username: str, password: str) -> None:
    login = controller.login_window
    qtbot.waitUntil(lambda: login.isVisible() and login.login_button.isEnabled())
    login.username.setText(username)
    login.password.setText(password)
    login.attempt_login()
    qtbot.waitUntil(lambda: controller.main_window is not None)


def test_ready_database_goes_to_login_then_main_window(qtbot, start, db, db_url):
    make_user(db, "wang_fang", "cashier")
    controller = start(db_url)
    log_in(qtbot, controller, "wang_fang", PASSWORD)
    assert controller.main_window.isVisible()
    assert not controller.login_window.isVisible()
    controller.main_window.log_out()
    qtbot.waitUntil(controller.login_window.isVisible)
    assert controller.main_window is None


def test_first_start_creates_the_administrator(qtbot, start, engine_name, empty_db_url):
    controller = start(empty_db_url)
    if engine_name == "postgresql":
        # A shared server database is never changed unasked, even when it is empty.
        upgrade = wait_for_dialog(qtbot, controller, UpgradeDialog)
        assert upgrade.stage == "confirm"
        upgrade.confirm()
    dialog = wait_for_dialog(qtbot, controller, FirstAdminDialog)
    dialog.username.setText("boss")
    dialog.display_name.setText("老板")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "x")
    dialog.accept()
    assert "differ" in dialog.error_label.text()
    dialog.repeat.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: controller.dialog is None)
    assert controller.login_window.username.text() == "boss"
    log_in(qtbot, controller, "boss", PASSWORD)
    assert "users" in controller.main_window.screen_keys()


def test_unreachable_database_offers_retry_and_quit(qtbot, start):
    controller = start(CLOSED_PORT_URL)
    dialog = wait_for_dialog(qtbot, controller, DbProblemDialog)
    assert dialog.headline.text() == "The database cannot be reached."
    assert "127.0.0.1:1" in dialog.detail.text()
    assert dialog.retry_button.isEnabled()
    with qtbot.waitSignal(controller.finished) as finished:
        dialog.reject()  # Esc / Quit
    assert finished.args == [EXIT_NO_DATABASE]


def test_retry_with_a_corrected_address_is_remembered(qtbot, start, tmp_path):
    controller = start(CLOSED_PORT_URL)
    dialog = wait_for_dialog(qtbot, controller, DbProblemDialog)
    dialog.show_url()
    good_url = f"sqlite:///{tmp_path / 'books.sqlite3'}"
    dialog.url.setText(good_url)
    dialog.accept()
    wait_for_dialog(qtbot, controller, FirstAdminDialog)  # a new SQLite file: first start
    assert config.load_settings().database_url == good_url


def test_newer_schema_is_refused(qtbot, start, db, db_url):
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    controller = start(db_url)
    dialog = wait_for_dialog(qtbot, controller, DbProblemDialog)
    assert dialog.headline.text() == "The database version does not match this program."
    assert "newer MarketDesk" in dialog.detail.text()
    assert not hasattr(dialog, "retry_button")  # nothing to retry: only a newer program helps
    with qtbot.waitSignal(controller.finished) as finished:
        dialog.reject()
    assert finished.args == [EXIT_NO_DATABASE]


def test_reset_password_must_be_changed_before_the_main_window(qtbot, start, db, db_url):
    from app.auth import service as auth
    from app.commands import cli_actor
    from app.windows.change_password import ChangePasswordDialog
    make_user(db, "wang_fang", "cashier")
    auth.reset_password(db, cli_actor(), "wang_fang", "temp-pass-1")
    controller = start(db_url)
    login = controller.login_window
    qtbot.waitUntil(lambda: login.isVisible() and login.login_button.isEnabled())
    login.username.setText("wang_fang")
    login.password.setText("temp-pass-1")
    login.attempt_login()
    dialog = wait_for_dialog(qtbot, controller, ChangePasswordDialog)
    assert controller.main_window is None and not login.isVisible()
    dialog.current.setText("temp-pass-1")
    dialog.new.setText("own-pass-22")
    dialog.repeat.setText("own-pass-22")
    dialog.accept()
    qtbot.waitUntil(lambda: controller.main_window is not None)
    assert controller.main_window.isVisible()
    assert not auth.login(db, "wang_fang", "own-pass-22").must_change_password

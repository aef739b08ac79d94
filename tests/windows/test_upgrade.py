"""Upgrading a shared database needs someone who may manage settings, and a confirmation."""
from app.db.migrate import head_revision
from app.errors import SchemaMismatch
from app.windows.upgrade import UpgradeDialog
from tests.windows.conftest import COUNTER, PASSWORD, make_user


def behind() -> SchemaMismatch:
    return SchemaMismatch("The database is at an older schema.", "0000_older", head_revision(),
                          newer=False)


def test_upgrade_asks_a_settings_manager_then_confirms(qtbot, db, db_url):
    make_user(db, "li_cashier", "cashier")
    make_user(db, "it_admin", "admin")
    dialog = UpgradeDialog(behind(), db_url, COUNTER)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.stage == "credentials"

    dialog.username.setText("li_cashier")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(dialog.next_button.isEnabled)
    assert dialog.stage == "credentials"
    assert dialog.error_label.text() == "Not allowed: this needs the permission “Manage settings”."

    dialog.username.setText("it_admin")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.stage == "confirm")
    with qtbot.waitSignal(dialog.upgraded) as upgraded:
        dialog.accept()
    assert upgraded.args[0].after == head_revision()


def test_quitting_instead_of_upgrading(qtbot, db_url):
    dialog = UpgradeDialog(behind(), db_url, COUNTER)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.quit_requested):
        dialog.reject()

"""Settings through the screen: saved, audited by the service, announced to the status bar."""
from app import config
from app.windows.admin_settings import SettingsScreen
from app.windows.application import current_language
from app.windows.main_window import MainWindow
from tests.windows.conftest import make_ctx, show_active


def test_counter_name_is_saved_and_shown(qtbot, db):
    window = MainWindow(make_ctx(db, "admin"))
    show_active(qtbot, window)
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    screen.counter_name.setText("3号收费台")
    with qtbot.waitSignal(window.ctx.changes.settings_changed):
        screen.save()
    assert config.load_settings().counter_name == "3号收费台"
    assert screen.message.text() == "Saved."
    assert "3号收费台" in window.status.counter_label.text()


def test_new_database_address_waits_for_the_next_start(qtbot, db):
    screen = SettingsScreen(make_ctx(db, "admin"))
    show_active(qtbot, screen)
    screen.database_url.setText("postgresql://market@192.168.1.10/market")
    with qtbot.waitSignal(screen._ctx.changes.settings_changed):
        screen.save()
    assert config.load_settings().database_url == "postgresql://market@192.168.1.10/market"
    assert "next start" in screen.message.text()


def test_invalid_settings_are_refused(qtbot, db):
    screen = SettingsScreen(make_ctx(db, "admin"))
    show_active(qtbot, screen)
    screen.counter_name.setText("   ")
    screen.save()
    qtbot.waitUntil(screen.save_button.isEnabled)
    assert screen.message.text().startswith("Please check the input.")
    assert config.load_settings().counter_name == config.Settings().counter_name


def test_language_switches_at_once(qtbot, db):
    config.save_settings(config.Settings(language="en"))
    window = MainWindow(make_ctx(db, "admin"))
    show_active(qtbot, window)
    screen = window.show_screen("settings")
    screen.language.setCurrentIndex(screen.language.findData("zh_CN"))
    with qtbot.waitSignal(window.ctx.changes.settings_changed):
        screen.save()
    assert current_language() == "zh_CN"
    assert config.load_settings().language == "zh_CN"
    qtbot.waitUntil(lambda: window.nav.item(window.screen_keys().index("users")).text() == "用户与角色")  # posted
    assert screen.message.text() == "已保存。"
    assert window.status.user_label.text() == "操作员：Test admin（系统管理员）"

"""Chinese is the default interface; English is the source language."""
from PySide6.QtCore import QCoreApplication

from app.auth.permissions import DEFAULT_ROLES, PERMISSIONS, ROLE_TITLES
from app.windows.application import install_language
from app.windows.login import LoginWindow
from app.windows.names import permission_title, role_title


def has_hanzi(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_chinese_then_english(qtbot):
    window = LoginWindow("1号收费台")
    qtbot.addWidget(window)
    install_language("zh_CN")
    qtbot.waitUntil(lambda: has_hanzi(window.login_button.text()))  # LanguageChange is posted
    assert has_hanzi(window.windowTitle())
    assert has_hanzi(window.message.text())  # "connecting" also follows the switch
    install_language("en")
    qtbot.waitUntil(lambda: window.login_button.text() == "Log in (Enter)")
    assert window.message.text() == "Connecting to the database…"


def test_translations_load_for_roles_and_errors(qtbot):
    install_language("zh_CN")
    assert role_title("cashier") == "收费员"
    assert has_hanzi(QCoreApplication.translate("Messages", "Please check the input."))


def test_every_role_and_permission_has_a_display_name():
    # In English the display names are the domain's own descriptions, not the bare keys.
    assert {role: role_title(role) for role in DEFAULT_ROLES} == ROLE_TITLES
    assert {p: permission_title(p) for p in PERMISSIONS} == PERMISSIONS
    assert role_title("night_guard") == "night_guard"  # a role added later shows its name

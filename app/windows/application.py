"""The QApplication with the bundled CJK font and the interface language.

The font is bundled because many counter PCs (and every CI machine) lack a Chinese font:
without it Hanzi render as empty boxes. English is the source language of every string, so
"en" means no translator at all."""
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import APP_NAME, RESOURCES_DIR

log = logging.getLogger(__name__)

FONT_PATH = RESOURCES_DIR / "fonts" / "wqy-microhei.ttc"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "zh_CN"

# The one installed translator; kept here so a language switch can remove it again.
_installed: list[QTranslator] = []
_language = [SOURCE_LANGUAGE]


def create_application() -> QApplication:
    """The running QApplication (tests and screenshots may have made one already)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    use_bundled_font(app)
    return app


def use_bundled_font(app: QApplication) -> None:
    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font %s could not be loaded; Chinese may not render", FONT_PATH)
        return
    font = QFont(app.font())
    font.setFamilies([families[0]])
    app.setFont(font)


def translation_file(language: str):
    return TRANSLATIONS_DIR / f"marketdesk_{language}.qm"


def install_language(language: str) -> None:
    """Switch the interface language now. Qt sends LanguageChange to every widget, and the
    long-lived ones re-set their texts (see app.windows.retranslate)."""
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    _language[0] = language
    if language == SOURCE_LANGUAGE:
        return
    translator = QTranslator()
    path = translation_file(language)
    if not translator.load(str(path)):
        log.warning("translation %s not found; showing English", path)
        _language[0] = SOURCE_LANGUAGE
        return
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)


def current_language() -> str:
    return _language[0]

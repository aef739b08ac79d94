"""The QApplication with the bundled CJK font and the interface language.

The font is bundled because many counter PCs (and every CI machine) lack a Chinese font:
without it Hanzi render as empty boxes. English is the source language of every string, so
"en" means no translator at all."""
from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import APP_NAME, RESOURCES_DIR

log = logging.getLogger(__name__)

FONT_PATH = RESOURCES_DIR / "fonts" / "wqy-microhei.ttc"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
SOURCE_LANGUAGE = "en"
GC_INTERVAL_MS = 5 * 60 * 1000

# The installed translator, kept so that a language switch can remove it again.
_translator: QTranslator | None = None
_language = SOURCE_LANGUAGE
_prepared: QApplication | None = None  # the application create_application has set up


def create_application() -> QApplication:
    """The QApplication, prepared once; tests and screenshots may ask again (or have made
    the instance themselves)."""
    global _prepared
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if app is not _prepared:
        app.setApplicationName(APP_NAME)
        use_bundled_font(app)
        collect_garbage_on_gui_thread(app)
        _prepared = app
    return app


def collect_garbage_on_gui_thread(app: QApplication) -> None:
    """Python's cycle collector runs in whichever thread happens to allocate; on a worker it
    would destroy Qt objects of the GUI thread and crash. So, as Anki does, it runs only
    here, from a timer on the GUI thread."""
    gc.collect()
    gc.disable()
    timer = QTimer(app)
    timer.timeout.connect(gc.collect)
    timer.start(GC_INTERVAL_MS)


def use_bundled_font(app: QApplication) -> None:
    font_id = QFontDatabase.addApplicationFont(str(FONT_PATH))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font %s could not be loaded; Chinese may not render", FONT_PATH)
        return
    font = QFont(app.font())
    font.setFamilies([families[0]])
    app.setFont(font)


def translation_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"marketdesk_{language}.qm"


def install_language(language: str) -> None:
    """Switch the interface language now. Qt sends LanguageChange to every widget, and the
    long-lived ones re-set their texts (see app.windows.retranslate)."""
    global _translator, _language
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
    _language = SOURCE_LANGUAGE
    translator = QTranslator()
    path = translation_file(language)
    if not translator.load(str(path)):
        if language != SOURCE_LANGUAGE:  # English is the source: its .qm only polishes wording
            log.warning("translation %s not found; showing English", path)
        return
    QCoreApplication.installTranslator(translator)
    _translator, _language = translator, language


def current_language() -> str:
    return _language

"""Every interface string has a finished Chinese and English translation, and each committed
.qm says what its .ts says (compared by content: lrelease versions may lay the bytes out
differently)."""
import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QTranslator

from app import ROOT_DIR


def load_tool():
    path = ROOT_DIR / "tools" / "translations.py"
    spec = importlib.util.spec_from_file_location("translations_tool", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LANGUAGES = ("zh_CN", "en")


def test_every_language_is_checked():
    assert load_tool().LANGUAGES == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    missing = load_tool().check(language)
    assert missing == [], "run `make translations` and translate:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_translation_matches_the_source(language):
    tool = load_tool()
    translator = QTranslator()
    assert translator.load(str(tool.qm_path(language)))
    stale = []
    for context in ET.parse(tool.ts_path(language)).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source, wanted = message.findtext("source"), message.findtext("translation")
            if translator.translate(name, source) != wanted:
                stale.append(f"{name}: {source}")
    assert stale == [], "run `make translations`; the .qm is out of date for:\n" + "\n".join(stale)


def test_check_mode_exit_status():
    done = subprocess.run([sys.executable, str(ROOT_DIR / "tools" / "translations.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout

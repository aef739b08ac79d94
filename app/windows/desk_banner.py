"""The desk's message line: what just happened (a voucher charged, a refusal, a device problem)
in large type and a colour a cashier reads at a glance. The text is kept as a function, so a
language switch says it again in the new language."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.windows.retranslate import Retranslating

STYLES = {
    "": "",
    "info": "background: #e8f0fe; color: #0b3d91;",
    "ok": "background: #1f7a34; color: white;",
    "warn": "background: #fff4ce; color: #6b4e00;",
    "error": "background: #b00020; color: white;",
}
FONT_STEP_PT = 3


class MessageBanner(Retranslating, QLabel):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.font()
        font.setPointSize(font.pointSize() + FONT_STEP_PT)
        font.setBold(True)
        self.setFont(font)
        self.kind = ""
        self._text: Callable[[], str] = str
        self.clear_message()

    def say(self, kind: str, text: Callable[[], str]) -> None:
        """kind: info | ok | warn | error; text: called now and at every language switch."""
        assert kind in STYLES
        self.kind = kind
        self._text = text
        self.setStyleSheet(f"QLabel {{ {STYLES[kind]} padding: 6px 10px; border-radius: 4px; }}")
        self.retranslate()
        self.setVisible(True)

    def clear_message(self) -> None:
        self.kind = ""
        self._text = str
        self.setText("")
        self.setStyleSheet("")
        self.setVisible(False)

    def retranslate(self) -> None:
        self.setText(self._text())

"""The amount in big figures (the fee at entry, the refund at exit) with how it was reached and
how it is paid underneath, and a red mark when the weight was typed by hand. The texts are
functions, so a language switch says them again."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.windows.desk_format import money
from app.windows.retranslate import Retranslating

AMOUNT_PX = 48
NOTE_STYLES = {"": "color: palette(text);", "warn": "color: #8a5a00; font-weight: bold;",
               "error": "color: #b00020; font-weight: bold;", "ok": "color: #1f7a34; font-weight: bold;"}


class FeeBoard(Retranslating, QWidget):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.caption = QLabel()
        self.amount = QLabel("—")
        self.amount.setObjectName("amount")
        font = self.amount.font()
        font.setPixelSize(AMOUNT_PX)
        font.setBold(True)
        self.amount.setFont(font)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        bigger = self.note.font()
        bigger.setPointSize(bigger.pointSize() + 2)
        self.note.setFont(bigger)
        self.manual = QLabel()
        self.manual.setObjectName("manual_mark")
        self.manual.setStyleSheet("color: white; background: #b00020; padding: 4px 8px; font-weight: bold;")
        self.manual.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.amount)
        layout.addWidget(self.details)
        layout.addWidget(self.note)
        layout.addWidget(self.manual)
        self.amount_fen: int | None = None
        self._caption: Callable[[], str] = str
        self._details: Callable[[], str] = str
        self._note: Callable[[], str] = str
        self._manual: Callable[[], str] | None = None

    def show_amount(self, caption: Callable[[], str], amount_fen: int | None, details: Callable[[], str] = str,
                    note: Callable[[], str] = str, note_kind: str = "") -> None:
        self.amount_fen = amount_fen
        self._caption, self._details, self._note = caption, details, note
        self.note.setStyleSheet(NOTE_STYLES[note_kind])
        self.amount.setStyleSheet("color: #0b3d91;" if amount_fen is not None else "color: palette(mid);")
        self.retranslate()

    def mark_manual(self, text: Callable[[], str] | None) -> None:
        """A weight typed by hand is marked as long as it is on screen (None: a scale weight)."""
        self._manual = text
        self.manual.setVisible(text is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self._caption())
        self.amount.setText(money(self.amount_fen))
        self.details.setText(self._details())
        self.note.setText(self._note())
        self.manual.setText(self._manual() if self._manual is not None else "")

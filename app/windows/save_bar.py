"""The bottom of a settings screen: Save (Ctrl+S) and the message line under it. The message
is kept as a function, so a language switch re-says it in the new language."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.windows.actions import make_action, set_action_text
from app.windows.retranslate import Retranslating


class SaveBar(Retranslating, QWidget):
    save_requested = Signal()

    def __init__(self, shortcut_owner: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        # The shortcut lives on the screen, so Ctrl+S works wherever the focus is in it.
        self.action = make_action(shortcut_owner, "Ctrl+S", self.request)
        self.button = QPushButton()
        self.button.clicked.connect(self.request)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self._message_text: Callable[[], str] = str
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()

    def request(self) -> None:
        if self.button.isEnabled():  # Ctrl+S again while the first save runs does nothing
            self.save_requested.emit()

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)

    def show_message(self, text: Callable[[], str]) -> None:
        self._message_text = text
        self.message.setText(text())

    def retranslate(self) -> None:
        set_action_text(self.action, self.tr("Save"))
        self.button.setText(self.action.text())
        self.message.setText(self._message_text())

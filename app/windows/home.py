"""The screen everyone has: who is logged in and how to get around by keyboard."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.windows.context import GuiContext
from app.windows.names import role_title
from app.windows.retranslate import Retranslating


class HomeScreen(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self._ctx = ctx
        self.welcome = QLabel()
        font = self.welcome.font()
        font.setPointSize(font.pointSize() + 6)
        self.welcome.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.welcome, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        actor = self._ctx.actor
        self.welcome.setText(self.tr("Welcome, %1 (%2)").replace("%1", actor.display_name)
                             .replace("%2", role_title(actor.role)))
        self.hint.setText(self.tr("Choose a screen on the left with the arrow keys, or press "
                                  "Ctrl+1, Ctrl+2, … to jump to it."))

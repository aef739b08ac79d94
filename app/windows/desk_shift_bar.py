"""Across the top of a desk (weigh or recharge) while its user has no open shift here: money
cannot be taken without one, so the desk says so and offers to open it (the Shift menu's
Ctrl+Shift+O opens the same dialog)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.windows.dialogs import open_tracked
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.windows.context import GuiContext


class NoShiftBar(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None, *, desk: str = "weigh"):
        super().__init__(parent)
        assert desk in ("weigh", "recharge")
        self.setObjectName("no_shift")
        self._ctx = ctx
        self._desk = desk
        self.dialog: QWidget | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        font = self.text.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.text.setFont(font)
        self.setStyleSheet("#no_shift { background: #fff4ce; border: 1px solid #c9a227; border-radius: 4px; }")
        from PySide6.QtCore import Qt
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("open_shift_button")
        self.open_button.clicked.connect(self.open_shift)
        self.open_button.setVisible(ctx.actor.can("shift.open"))
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        self.retranslate()

    def retranslate(self) -> None:
        if self._ctx.actor.can("shift.open") and self._desk == "recharge":
            self.text.setText(self.tr("No open shift at this counter: no recharge can be taken until you open one "
                                      "(Shift menu → Open shift, Ctrl+Shift+O)."))
        elif self._ctx.actor.can("shift.open"):
            self.text.setText(self.tr("No open shift at this counter: vehicles cannot be charged until you "
                                      "open one."))
        else:
            self.text.setText(self.tr("No open shift at this counter, and you may not open one: ask a "
                                      "supervisor."))
        self.open_button.setText(self.tr("Open shift… (Ctrl+Shift+O)"))

    def open_shift(self) -> None:
        from app.windows.open_shift import OpenShiftDialog
        dialog = OpenShiftDialog(self._ctx, self)
        dialog.succeeded.connect(self._ctx.changes.shift_changed.emit)
        open_tracked(self, dialog)

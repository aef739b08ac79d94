"""The Shift menu's "Close shift…" (Ctrl+Shift+C) and "Cash drop / pay-out…" next to "Open
shift…": they work from whichever desk is showing (weigh or recharge) on this user's open
shift here, and are enabled only while there is one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.windows.dialogs import open_tracked

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.windows.context import GuiContext


class ShiftCloseActions(QObject):
    def __init__(self, window: QWidget, ctx: "GuiContext", menu: QMenu):
        super().__init__(window)
        self._window, self._ctx = window, ctx
        self.shift: ShiftInfo | None = None
        self.close_action = menu.addAction("")
        self.close_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.close_action.triggered.connect(lambda _checked=False: self.close_shift())
        self.cash_action = menu.addAction("")
        self.cash_action.triggered.connect(lambda _checked=False: self.move_cash())
        window.addActions([self.close_action, self.cash_action])
        ctx.changes.shift_changed.connect(self._shift_changed)
        self._shift_changed(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.close_action.setText(self.tr("Close shift…"))
        self.cash_action.setText(self.tr("Cash drop / pay-out…"))

    def _shift_changed(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.close_action.setEnabled(shift is not None)
        self.cash_action.setEnabled(shift is not None)

    def close_shift(self) -> None:
        from app.windows.shift_close_dialog import ShiftCloseDialog
        if self.shift is None:
            return
        actor = self._ctx.actor
        who = f"{actor.display_name or actor.username} @ {self.shift.counter}"
        open_tracked(self._window, ShiftCloseDialog(self._ctx, self.shift.id, who, own=True, parent=self._window))

    def move_cash(self) -> None:
        from app.windows.cash_move_dialog import CashMoveDialog
        if self.shift is None:
            return
        open_tracked(self._window, CashMoveDialog(self._ctx, self._window))

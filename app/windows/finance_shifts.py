"""The shifts still open at every counter (who has not handed over yet), and "Close for absent
cashier…": the shift close dialog on someone else's shift (shift.close_other, audited)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.dialogs import open_tracked
from app.windows.finance_handovers import when
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table

if TYPE_CHECKING:
    from app.finance.handovers import OpenShiftRow
    from app.windows.context import GuiContext


class OpenShiftsPanel(Retranslating, QWidget):
    loaded = Signal()
    closed = Signal(object)     # HandoverResult of a close made here

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[OpenShiftRow] = []
        self.dialog: QWidget | None = None
        self.status = QLabel()
        self.table = make_table(4, "open_shifts", stretch_column=1)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button = QPushButton()
        self.close_button.setObjectName("close_absent")
        self.close_button.clicked.connect(self.close_selected)
        self.close_button.setVisible(ctx.actor.can("shift.close_other"))
        self.table.activated.connect(lambda _index: self.close_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        ctx.changes.shift_changed.connect(self._shift_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Shift"), self.tr("Cashier"), self.tr("Counter"),
                                              self.tr("Opened at")])
        self.refresh_button.setText(self.tr("Refresh"))
        self.close_button.setText(self.tr("Close for absent cashier…"))
        self.status.setText(self.tr("%1 shift(s) still open").replace("%1", str(len(self.rows))))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _shift_changed(self, _shift) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        from app.finance.handovers import open_shifts
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: open_shifts(db, actor), on_success=self._loaded,
                on_failure=lambda exc: self.status.setText(error_text(exc)), parent=self)

    def _loaded(self, rows: "list[OpenShiftRow]") -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, r in enumerate(rows):
            fill_row(self.table, index, (str(r.shift_id), r.user_name, r.counter, when(r.opened_at)))
        if rows:
            self.table.selectRow(0)
        self.retranslate()
        self.loaded.emit()

    def close_selected(self) -> None:
        from app.windows.shift_close_dialog import ShiftCloseDialog
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or not self._ctx.actor.can("shift.close_other"):
            return
        chosen = self.rows[row]
        dialog = ShiftCloseDialog(self._ctx, chosen.shift_id, f"{chosen.user_name} @ {chosen.counter}",
                                  own=chosen.user_id == self._ctx.actor.user_id, parent=self)
        dialog.closed.connect(self._closed)
        open_tracked(self, dialog)

    def _closed(self, result) -> None:
        self.refresh()
        self.closed.emit(result)

"""The finance desk's list of handovers: those waiting, from every counter (and, on request,
those received too). Handovers are written at other PCs, so the list polls the database while
it is visible, and refreshes at once when a shift closes here. The selection is kept across
refreshes, by handover id."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.db.clock import to_local
from app.windows import ops
from app.windows.desk_format import money
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table

if TYPE_CHECKING:
    from app.finance.handovers import HandoverRow
    from app.windows.context import GuiContext

POLL_MS = 10_000
TIME_FORMAT = "%m-%d %H:%M"


def when(value) -> str:
    return to_local(value).strftime(TIME_FORMAT) if value is not None else ""


class HandoverList(Retranslating, QWidget):
    selected = Signal(object)    # the chosen handover's id, or None
    activated = Signal(int)      # Enter on a handover
    loaded = Signal()

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[HandoverRow] = []
        self._loading = False
        self._again = False     # asked to refresh while a load ran: load again when it ends
        self.show_received = QCheckBox()
        self.show_received.setObjectName("show_received")
        self.show_received.toggled.connect(lambda _on: self.refresh())
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("handover_status")
        self.table = make_table(10, "handovers", stretch_column=2)
        self.table.itemSelectionChanged.connect(lambda: self.selected.emit(self.current_id()))
        self.table.activated.connect(lambda index: self.activated.emit(self.rows[index.row()].id))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.show_received)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        ctx.changes.shift_changed.connect(self._shift_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_received.setText(self.tr("Show received ones too"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Handover"), self.tr("Counter"), self.tr("Cashier"), self.tr("Closed at"),
            self.tr("Expected cash"), self.tr("Counted by cashier"), self.tr("Non-cash expected"),
            self.tr("Non-cash declared"), self.tr("Received"), self.tr("Difference")])
        self._show_status()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def _shift_changed(self, _shift) -> None:
        self.refresh()

    def current_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def current(self) -> "HandoverRow | None":
        chosen = self.current_id()
        return next((r for r in self.rows if r.id == chosen), None)

    def refresh(self) -> None:
        from app.finance.handovers import list_handovers
        if self._loading:
            self._again = True
            return
        self._loading = True
        db, actor, waiting_only = self._ctx.db, self._ctx.actor, not self.show_received.isChecked()
        ops.run(lambda: list_handovers(db, actor, waiting_only=waiting_only), on_success=self._loaded,
                on_failure=self._failed, parent=self)

    def _loaded(self, rows: "list[HandoverRow]") -> None:
        self._loading = False
        if self._again:   # what was asked for since may differ (a receipt, the toggle): that answer counts
            self._again = False
            self.refresh()
            return
        chosen = self.current_id()
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for index, r in enumerate(rows):
            received = f"{when(r.received_at)} {r.received_by}" if r.received_at else ""
            fill_row(self.table, index, (
                r.handover_no, r.counter, r.user_name, when(r.closed_at), money(r.expected_cash_fen),
                money(r.counted_cash_fen), money(r.non_cash_expected_fen), money(r.non_cash_declared_fen),
                received, money(r.difference_fen) if r.difference_fen is not None else ""),
                dimmed=not r.waiting, right_aligned=(4, 5, 6, 7, 9))
        ids = [r.id for r in rows]
        self.table.clearSelection()
        if ids:
            self.table.selectRow(ids.index(chosen) if chosen in ids else 0)
        self.table.blockSignals(False)
        self._show_status()
        self.selected.emit(self.current_id())
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self._loading = False
        self._again = False
        self.status.setText(error_text(exc))

    def _show_status(self) -> None:
        waiting = sum(1 for r in self.rows if r.waiting)
        self.status.setText(self.tr("%1 handover(s) waiting to be received").replace("%1", str(waiting)))

"""The price history of the commodity or category chosen in the Prices screen: every change,
latest effective first, with the price before it, who made it, when, and the note."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.weighing.catalog import PriceChange
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_price_data import PriceTarget
from app.windows.row_table import fill_row, make_table
from app.windows.master_times import local_text
from app.windows.master_units import yuan
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

COLUMNS = 6
PRICE_COLUMNS = (1, 2)


class PriceHistoryView(Retranslating, QWidget):
    refreshed = Signal()   # the table shows the history of the current target

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.target: PriceTarget | None = None
        self.changes: list[PriceChange] = []
        self._asked = 0   # answers to an older question are dropped
        self.title = QLabel()
        self.table = make_table(COLUMNS, "price_history", stretch_column=5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Effective from"), self.tr("Old (yuan/t)"), self.tr("New (yuan/t)"),
            self.tr("Changed by"), self.tr("Changed at"), self.tr("Note")])
        self._fill()

    def show_target(self, target: PriceTarget | None) -> None:
        from app.weighing.catalog import price_history
        self.target = target
        self._asked += 1
        asked = self._asked
        if target is None:
            self._loaded(asked, [])
            return
        db, actor = self._ctx.db, self._ctx.actor
        ids = {"commodity_id": target.id} if target.kind == "commodity" else {"category_id": target.id}
        ops.run(lambda: price_history(db, actor, **ids), on_success=lambda rows: self._loaded(asked, rows),
                on_failure=lambda exc: self._failed(asked, exc), parent=self)

    def reload(self) -> None:
        self.show_target(self.target)

    def _loaded(self, asked: int, changes: list[PriceChange]) -> None:
        if asked != self._asked:
            return
        self.changes = list(changes)
        self._fill()
        self.refreshed.emit()

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.changes = []
            self._fill()
            self.title.setText(error_text(exc))

    def _fill(self) -> None:
        target = self.target
        if target is None:
            self.title.setText(self.tr("Price history: choose a commodity or a category."))
        elif target.kind == "commodity":
            self.title.setText(self.tr("Price history of the commodity %1").replace("%1", target.name))
        else:
            self.title.setText(self.tr("Price history of the category %1").replace("%1", target.name))
        self.table.setRowCount(len(self.changes))
        for row, change in enumerate(self.changes):
            fill_row(self.table, row, (
                local_text(change.effective_at), yuan(change.old_unit_price_fen), yuan(change.new_unit_price_fen),
                change.created_by, local_text(change.created_at), change.note), right_aligned=PRICE_COLUMNS)

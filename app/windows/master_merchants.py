"""Merchants (needs merchant.manage): the list searched as you type (name, pinyin initials,
code, phone), fixed or temporary, status and the available balance of fixed ones; the card of
the chosen or a new merchant; and the merchant's vehicles."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QSplitter, QToolButton, QVBoxLayout,
                               QWidget)

from app.weighing.merchants import MerchantInfo
from app.windows.actions import make_action, set_action_text
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_merchant_form import MerchantForm
from app.windows.master_merchant_vehicles import MerchantVehiclesView
from app.windows.row_table import fill_row, make_table
from app.windows.master_terms import merchant_kind_short, merchant_status
from app.windows.master_typing import TypingSearch
from app.windows.master_units import yuan
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

COLUMNS = 6
BALANCE_COLUMN = 4
SEARCH_ROWS_MAX = 100
LIST_SHARE, CARD_SHARE = 3, 2


class MerchantsScreen(Retranslating, QWidget):
    refreshed = Signal()   # the list shows the answer for the search text now typed

    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("master_merchants")
        self._ctx = ctx
        self.merchants: list[MerchantInfo] = []
        self._pinned: MerchantInfo | None = None   # the one just saved: listed even if the search misses it

        self.search = QLineEdit()
        self.search.setObjectName("merchant_search")
        self.search.setClearButtonEnabled(True)
        db = ctx.db
        self.typing = TypingSearch(lambda text: _search(db, text), self)
        self.search.textChanged.connect(self.typing.typed)
        self.search.returnPressed.connect(self._pick_first)
        self.typing.found.connect(self._found)
        self.typing.failed.connect(lambda exc: self.message.setText(error_text(exc)))

        self.table = make_table(COLUMNS, "merchants", stretch_column=1)
        self.table.currentCellChanged.connect(lambda *_: self._chosen())
        self.form = MerchantForm(ctx)
        self.form.saved.connect(self._saved)
        self.vehicles = MerchantVehiclesView(ctx)
        self.message = QLabel()
        self.message.setObjectName("message")

        self.new_action = make_action(self, "Ctrl+N", self.new_merchant)
        self.search_action = make_action(self, "Ctrl+F", self.focus_search)
        self.refresh_action = make_action(self, "F5", self.refresh)
        toolbar = QHBoxLayout()
        for action in (self.new_action, self.search_action, self.refresh_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
        toolbar.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.form)
        right_layout.addWidget(self.vehicles, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, LIST_SHARE)
        splitter.setStretchFactor(1, CARD_SHARE)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        hub = master_changes(ctx)
        hub.merchants_changed.connect(lambda _id: self.refresh())
        hub.vehicles_changed.connect(self.vehicles.reload)
        self.retranslate()
        self.vehicles.show_merchant(None)
        self.search.setFocus()
        self.typing.run_now("")

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search: name, pinyin initials, code or phone; Enter picks the "
                                               "first"))
        self.table.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Name"), self.tr("Kind"), self.tr("Status"),
                                              self.tr("Available (yuan)"), self.tr("Phone")])
        set_action_text(self.new_action, self.tr("New merchant"))
        set_action_text(self.search_action, self.tr("Search"))
        set_action_text(self.refresh_action, self.tr("Refresh"))
        self._fill()

    # ---- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.typing.run_now(self.search.text())

    def _found(self, merchants: list[MerchantInfo]) -> None:
        rows = list(merchants)
        pinned = self._pinned
        if pinned is not None:
            fresh = next((m for m in rows if m.id == pinned.id), None)
            if fresh is None:
                rows.insert(0, pinned)
            else:
                self._pinned = fresh
        self.merchants = rows
        self._fill()
        self.refreshed.emit()

    def _fill(self) -> None:
        shown = self.form.merchant
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.merchants))
        for row, m in enumerate(self.merchants):
            fill_row(self.table, row, (m.code, m.name, merchant_kind_short(m.kind), merchant_status(m.status),
                                       yuan(m.available_fen), m.phone),
                     dimmed=m.status != "active", right_aligned=(BALANCE_COLUMN,))
        ids = [m.id for m in self.merchants]
        if shown is not None and shown.id in ids:
            self.table.setCurrentCell(ids.index(shown.id), 0)
            self.form.refresh_balance(self.merchants[ids.index(shown.id)])
        else:
            self.table.setCurrentCell(-1, 0)
        self.table.blockSignals(False)

    def row_of(self, merchant_id: int) -> list[str] | None:
        from app.windows.row_table import row_texts
        ids = [m.id for m in self.merchants]
        return row_texts(self.table, ids.index(merchant_id)) if merchant_id in ids else None

    def selected(self) -> MerchantInfo | None:
        row = self.table.currentRow()
        return self.merchants[row] if 0 <= row < len(self.merchants) else None

    def _chosen(self) -> None:
        merchant = self.selected()
        if merchant is not None:
            self.form.load(merchant)
            self.vehicles.show_merchant(merchant.id)

    # ---- commands ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _pick_first(self) -> None:
        def pick(merchants: list[MerchantInfo]) -> None:
            if self.merchants:
                self.table.setCurrentCell(0, 0)
                self._chosen()
                self.table.setFocus()
        self.typing.when_answered(pick)

    def new_merchant(self) -> None:
        self.table.setCurrentCell(-1, 0)
        self.form.start_new()
        self.vehicles.show_merchant(None)
        self.form.name.setFocus()

    def _saved(self, info: MerchantInfo) -> None:
        self._pinned = info
        self.vehicles.show_merchant(info.id)


def _search(db, text: str) -> list[MerchantInfo]:
    from app.weighing.merchants import search_merchants
    return search_merchants(db, text, SEARCH_ROWS_MAX)

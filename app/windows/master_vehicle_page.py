"""The vehicles page of the Vehicles screen: search by plate fragment or merchant as you type,
the vehicles found, and the card of the chosen or a new vehicle."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QToolButton, QVBoxLayout, QWidget

from app.weighing.vehicles import VehicleInfo, VehicleTypeInfo
from app.windows.actions import make_action, set_action_text
from app.windows.context import GuiContext
from app.windows.row_table import fill_row, make_table, row_texts
from app.windows.master_terms import yes_no
from app.windows.master_typing import TypingSearch
from app.windows.master_units import tonnes_text
from app.windows.master_vehicle_form import VehicleForm
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

COLUMNS = 6
LIST_SHARE, CARD_SHARE = 3, 2


class VehiclesPage(Retranslating, QWidget):
    refreshed = Signal()   # the list shows the answer for the search text now typed

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vehicles_page")
        self._ctx = ctx
        self.vehicles: list[VehicleInfo] = []
        self._pinned: VehicleInfo | None = None   # the one just saved: listed even if the search misses it

        self.search = QLineEdit()
        self.search.setObjectName("vehicle_search")
        self.search.setClearButtonEnabled(True)
        db = ctx.db
        self.typing = TypingSearch(lambda text: _find(db, text), self)
        self.search.textChanged.connect(self.typing.typed)
        self.search.returnPressed.connect(self._pick_first)
        self.typing.found.connect(self._found)
        self.typing.failed.connect(lambda exc: self.count.setText(error_text(exc)))
        self.count = QLabel()
        self.table = make_table(COLUMNS, "vehicles", stretch_column=1)
        self.table.currentCellChanged.connect(lambda *_: self._chosen())
        self.form = VehicleForm(ctx)
        self.form.saved.connect(self._saved)

        self.new_action = make_action(self, "Ctrl+N", self.new_vehicle)
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
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.form)
        right_layout.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, LIST_SHARE)
        splitter.setStretchFactor(1, CARD_SHARE)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search: plate fragment, merchant name or initials; Enter picks "
                                               "the first"))
        self.table.setHorizontalHeaderLabels([self.tr("Plate"), self.tr("Merchant"), self.tr("Vehicle type"),
                                              self.tr("Licensed curb weight"), self.tr("Weigh tare at exit"),
                                              self.tr("Last commodity")])
        set_action_text(self.new_action, self.tr("New vehicle"))
        set_action_text(self.search_action, self.tr("Search"))
        set_action_text(self.refresh_action, self.tr("Refresh"))
        self._fill()

    def set_types(self, types: list[VehicleTypeInfo]) -> None:
        self.form.set_types(types)

    # ---- the list ---------------------------------------------------------------------------

    def refresh(self, _plate: str = "") -> None:
        self.typing.run_now(self.search.text())

    def _found(self, vehicles: list[VehicleInfo]) -> None:
        rows = list(vehicles)
        pinned = self._pinned
        if pinned is not None:
            fresh = next((v for v in rows if v.id == pinned.id), None)
            if fresh is None:
                rows.insert(0, pinned)
            else:
                self._pinned = fresh
        self.vehicles = rows
        self._fill()
        self.refreshed.emit()

    def _fill(self) -> None:
        shown = self.form.vehicle
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.vehicles))
        for row, v in enumerate(self.vehicles):
            merchant = f"{v.merchant.code}  {v.merchant.name}" if v.merchant else ""
            fill_row(self.table, row, (v.plate, merchant, v.vehicle_type.name if v.vehicle_type else "",
                                       tonnes_text(v.licensed_tare_g), yes_no(v.weigh_tare_at_exit),
                                       v.last_commodity.name if v.last_commodity else ""))
        ids = [v.id for v in self.vehicles]
        self.table.setCurrentCell(ids.index(shown.id) if shown is not None and shown.id in ids else -1, 0)
        self.table.blockSignals(False)
        if not self.search.text().strip() and not self.vehicles:
            self.count.setText(self.tr("Type a plate fragment (e.g. the last digits), a merchant's name or "
                                       "initials."))
        else:
            self.count.setText(self.tr("Vehicles found: %1").replace("%1", str(len(self.vehicles))))

    def row_of(self, plate: str) -> list[str] | None:
        plates = [v.plate for v in self.vehicles]
        return row_texts(self.table, plates.index(plate)) if plate in plates else None

    def selected(self) -> VehicleInfo | None:
        row = self.table.currentRow()
        return self.vehicles[row] if 0 <= row < len(self.vehicles) else None

    def _chosen(self) -> None:
        vehicle = self.selected()
        if vehicle is not None:
            self.form.load(vehicle)

    # ---- commands ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _pick_first(self) -> None:
        def pick(_vehicles: list[VehicleInfo]) -> None:
            if self.vehicles:
                self.table.setCurrentCell(0, 0)
                self._chosen()
                self.table.setFocus()
        self.typing.when_answered(pick)

    def new_vehicle(self) -> None:
        self.table.setCurrentCell(-1, 0)
        self.form.start_new()
        self.form.plate.setFocus()

    def _saved(self, info: VehicleInfo) -> None:
        self._pinned = info


def _find(db, text: str) -> list[VehicleInfo]:
    from app.windows.master_vehicle_search import find_vehicles
    return find_vehicles(db, text) if text.strip() else []

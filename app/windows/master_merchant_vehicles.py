"""The vehicles of the merchant shown on the Merchants screen (edited on the Vehicles screen)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.weighing.vehicles import VehicleInfo
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.row_table import fill_row, make_table
from app.windows.master_terms import yes_no
from app.windows.master_units import tonnes_text
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

COLUMNS = 4


class MerchantVehiclesView(Retranslating, QWidget):
    refreshed = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.merchant_id: int | None = None
        self.vehicles: list[VehicleInfo] = []
        self._asked = 0
        self.title = QLabel()
        self.table = make_table(COLUMNS, "merchant_vehicles", stretch_column=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Plate"), self.tr("Vehicle type"),
                                              self.tr("Licensed curb weight"), self.tr("Weigh tare at exit")])
        self._fill()

    def show_merchant(self, merchant_id: int | None) -> None:
        from app.weighing.vehicles import list_vehicles
        self.merchant_id = merchant_id
        self._asked += 1
        asked, db = self._asked, self._ctx.db
        if merchant_id is None:
            self._loaded(asked, [])
            return
        ops.run(lambda: list_vehicles(db, merchant_id=merchant_id, limit=500),
                on_success=lambda rows: self._loaded(asked, rows),
                on_failure=lambda exc: self._failed(asked, exc), parent=self)

    def reload(self, _plate: str = "") -> None:
        self.show_merchant(self.merchant_id)

    def _loaded(self, asked: int, vehicles: list[VehicleInfo]) -> None:
        if asked != self._asked:
            return
        self.vehicles = list(vehicles)
        self._fill()
        self.refreshed.emit()

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.title.setText(error_text(exc))

    def _fill(self) -> None:
        if self.merchant_id is None:
            self.title.setText(self.tr("Vehicles: save the merchant first, then add them on the Vehicles screen."))
        else:
            self.title.setText(self.tr("Vehicles of this merchant: %1").replace("%1", str(len(self.vehicles))))
        self.table.setRowCount(len(self.vehicles))
        for row, v in enumerate(self.vehicles):
            fill_row(self.table, row, (v.plate, v.vehicle_type.name if v.vehicle_type else "",
                                       tonnes_text(v.licensed_tare_g), yes_no(v.weigh_tare_at_exit)))

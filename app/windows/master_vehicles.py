"""Vehicles (needs vehicle.manage): the vehicles, found by plate fragment or merchant as you
type, with their card; and the vehicle-type tare library for non-standard vehicles. Each page
has its own Ctrl+N and Ctrl+S (a hidden page's shortcuts sleep); Ctrl+Tab switches pages."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_vehicle_page import VehiclesPage
from app.windows.master_vehicle_types import VehicleTypesPage
from app.windows.retranslate import Retranslating


class VehiclesScreen(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("master_vehicles")
        self._ctx = ctx
        self.vehicles = VehiclesPage(ctx)
        self.types = VehicleTypesPage(ctx)
        self.types.loaded.connect(self.vehicles.set_types)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.vehicles, "")
        self.tabs.addTab(self.types, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        hub = master_changes(ctx)
        hub.vehicles_changed.connect(self.vehicles.refresh)
        hub.vehicle_types_changed.connect(self.types.refresh)
        hub.vehicle_types_changed.connect(self.vehicles.refresh)   # the list shows type names
        hub.merchants_changed.connect(lambda _id: self.vehicles.refresh())
        self.retranslate()
        self.types.refresh()
        self.vehicles.search.setFocus()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Vehicles"))
        self.tabs.setTabText(1, self.tr("Vehicle types (tare library)"))

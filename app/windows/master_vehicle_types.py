"""The tare library page of the Vehicles screen: every vehicle type, lightest first, with its
tare and whether it is in use; and the card of the chosen or a new type."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.weighing.vehicles import VehicleTypeInfo
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.context import GuiContext
from app.windows.row_table import fill_row, make_table, row_texts
from app.windows.master_units import tonnes_text
from app.windows.master_vehicle_type_form import VehicleTypeForm
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

COLUMNS = 3


class VehicleTypesPage(Retranslating, QWidget):
    loaded = Signal(object)   # list[VehicleTypeInfo]: the library as now in the database

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vehicle_types_page")
        self._ctx = ctx
        self.types: list[VehicleTypeInfo] = []
        self.table = make_table(COLUMNS, "vehicle_types", stretch_column=0)
        self.table.currentCellChanged.connect(lambda *_: self._chosen())
        self.form = VehicleTypeForm(ctx)
        self.message = QLabel()
        self.new_action = make_action(self, "Ctrl+N", self.new_type)
        self.refresh_action = make_action(self, "F5", self.refresh)
        toolbar = QHBoxLayout()
        for action in (self.new_action, self.refresh_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Vehicle type"), self.tr("Tare"), self.tr("Status")])
        set_action_text(self.new_action, self.tr("New vehicle type"))
        set_action_text(self.refresh_action, self.tr("Refresh"))
        self._fill()

    def refresh(self) -> None:
        from app.weighing.vehicles import list_vehicle_types
        db = self._ctx.db
        ops.run(lambda: list_vehicle_types(db), on_success=self._loaded,
                on_failure=lambda exc: self.message.setText(error_text(exc)), parent=self)

    def _loaded(self, types: list[VehicleTypeInfo]) -> None:
        self.types = list(types)
        self._fill()
        self.loaded.emit(self.types)

    def _fill(self) -> None:
        shown = self.form.vehicle_type
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.types))
        for row, vt in enumerate(self.types):
            fill_row(self.table, row, (vt.name, tonnes_text(vt.tare_g),
                                       self.tr("in use") if vt.active else self.tr("not in use")),
                     dimmed=not vt.active, right_aligned=(1,))
        ids = [t.id for t in self.types]
        self.table.setCurrentCell(ids.index(shown.id) if shown is not None and shown.id in ids else -1, 0)
        self.table.blockSignals(False)

    def row_of(self, name: str) -> list[str] | None:
        names = [t.name for t in self.types]
        return row_texts(self.table, names.index(name)) if name in names else None

    def _chosen(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.types):
            self.form.load(self.types[row])

    def new_type(self) -> None:
        self.table.setCurrentCell(-1, 0)
        self.form.start_new()
        self.form.name.setFocus()

"""One entry of the tare library: a non-standard vehicle type (a tricycle, a tractor with a
trailer …) and its tare. A changed tare applies to tickets from now on; a type no longer in use
stays on its vehicles but is not offered for new ones."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.weighing.fields import NAME_MAX_CHARS
from app.weighing.vehicles import VehicleTypeInfo
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error, say_nothing
from app.windows.master_weight_field import WeightField
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class VehicleTypeForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.vehicles.VehicleTypeInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vehicle_type_form")
        self._ctx = ctx
        self.vehicle_type: VehicleTypeInfo | None = None   # None: a new type
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.name = QLineEdit()
        self.name.setObjectName("type_name")
        self.name.setMaxLength(NAME_MAX_CHARS)
        self.tare = WeightField()
        self.active = QCheckBox()
        self.name_label, self.tare_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow(self.name_label, self.name)
        form.addRow(self.tare_label, self.tare)
        form.addRow("", self.active)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        layout.addStretch(1)
        self.retranslate()
        self.start_new()

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.tare_label.setText(self.tr("Tare"))
        self.active.setText(self.tr("In use (offered for vehicles)"))
        self._show_heading()

    def start_new(self) -> None:
        self.vehicle_type = None
        self.name.clear()
        self.tare.set_grams(None)
        self.active.setChecked(True)
        self.active.setEnabled(False)   # a new type is in use
        say_nothing(self.save_bar)
        self._show_heading()

    def load(self, info: VehicleTypeInfo) -> None:
        if self.vehicle_type is None or self.vehicle_type.id != info.id:
            say_nothing(self.save_bar)
        self.vehicle_type = info
        self.name.setText(info.name)
        self.tare.set_grams(info.tare_g)
        self.active.setChecked(info.active)
        self.active.setEnabled(True)
        self._show_heading()

    def _show_heading(self) -> None:
        if self.vehicle_type is None:
            self.heading.setText(self.tr("New vehicle type"))
        else:
            self.heading.setText(self.tr("Vehicle type %1").replace("%1", self.vehicle_type.name))

    def save(self) -> None:
        from app.weighing.vehicles import create_vehicle_type, update_vehicle_type
        try:
            name = self.name.text().strip()
            if not name:
                raise ValidationError(self.tr("Name: type the vehicle type's name, e.g. 三轮车."))
            tare_g = self.tare.grams()
            if tare_g is None:
                raise ValidationError(self.tr("Tare: type the empty vehicle's weight, e.g. 0.45 t or 450 kg."))
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        db, actor, info, active = self._ctx.db, self._ctx.actor, self.vehicle_type, self.active.isChecked()
        if info is None:
            def call():
                return create_vehicle_type(db, actor, name, tare_g)
        else:
            def call():
                return update_vehicle_type(db, actor, info.id, name=name, tare_g=tare_g, active=active)
        self.save_bar.set_busy(True)
        ops.run(call, on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, info: VehicleTypeInfo) -> None:
        self.save_bar.set_busy(False)
        self.load(info)
        say_done(self.save_bar, lambda: self.tr("Vehicle type %1 saved.").replace("%1", info.name))
        self.saved.emit(info)
        master_changes(self._ctx).vehicle_types_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)

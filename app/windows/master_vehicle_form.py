"""A vehicle's card: plate (normalised when saved), owning merchant (picked by typing),
vehicle type from the tare library, licensed curb weight from the driving licence, and whether
its tare is weighed at exit. The plate of a saved vehicle is fixed: a new plate is a new
vehicle (Ctrl+N)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import Conflict, ValidationError
from app.weighing.plates import PLATE_MAX_CHARS
from app.weighing.vehicles import VehicleInfo, VehicleTypeInfo
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_merchant_pick import MerchantPicker
from app.windows.master_outcome import say_done, say_error, say_nothing
from app.windows.master_units import tonnes_text
from app.windows.master_weight_field import WeightField
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar


class VehicleForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.vehicles.VehicleInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("vehicle_form")
        self._ctx = ctx
        self.vehicle: VehicleInfo | None = None   # None: a new vehicle
        self._types: list[VehicleTypeInfo] = []
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.plate = QLineEdit()
        self.plate.setObjectName("plate")
        self.plate.setMaxLength(PLATE_MAX_CHARS)
        self.merchant = MerchantPicker(ctx.db)
        self.merchant.picked.connect(lambda _m: self.vehicle_type.setFocus())
        self.vehicle_type = QComboBox()
        self.licensed = WeightField()
        self.weigh_at_exit = QCheckBox()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.labels = {key: QLabel() for key in ("plate", "merchant", "type", "licensed")}
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow(self.labels["plate"], self.plate)
        form.addRow(self.labels["merchant"], self.merchant)
        form.addRow(self.labels["type"], self.vehicle_type)
        form.addRow(self.labels["licensed"], self.licensed)
        form.addRow("", self.weigh_at_exit)
        form.addRow(self.hint)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        self.retranslate()
        self.start_new()

    def retranslate(self) -> None:
        self.labels["plate"].setText(self.tr("Plate"))
        self.labels["merchant"].setText(self.tr("Merchant"))
        self.labels["type"].setText(self.tr("Vehicle type"))
        self.labels["licensed"].setText(self.tr("Licensed curb weight"))
        self.plate.setPlaceholderText(self.tr("e.g. 鲁A12345"))
        self.weigh_at_exit.setText(self.tr("Weigh the tare at exit (the merchant asks for it)"))
        self.hint.setText(self.tr("Approved tare at the desk: the licensed curb weight, else the vehicle "
                                  "type's tare, else 0 and the tare is weighed at exit."))
        self._fill_types()
        self._show_heading()

    # ---- the tare library -------------------------------------------------------------------

    def set_types(self, types: list[VehicleTypeInfo]) -> None:
        self._types = list(types)
        self._fill_types()

    def _fill_types(self) -> None:
        """No type, the types in use, and the vehicle's own type even when no longer in use."""
        keep = self.vehicle_type.currentData()
        own = self.vehicle.vehicle_type.id if self.vehicle and self.vehicle.vehicle_type else None
        self.vehicle_type.clear()
        self.vehicle_type.addItem(self.tr("(none)"), None)
        for vt in self._types:
            if vt.active or vt.id == own:
                text = f"{vt.name} — {tonnes_text(vt.tare_g)}"
                if not vt.active:
                    text += " " + self.tr("(not in use)")
                self.vehicle_type.addItem(text, vt.id)
        self.vehicle_type.setCurrentIndex(max(0, self.vehicle_type.findData(keep)))

    # ---- which vehicle ----------------------------------------------------------------------

    def start_new(self) -> None:
        self.vehicle = None
        self.plate.clear()
        self.plate.setReadOnly(False)
        self.merchant.set_merchant(None)
        self._fill_types()
        self.vehicle_type.setCurrentIndex(0)
        self.licensed.set_grams(None)
        self.weigh_at_exit.setChecked(False)
        say_nothing(self.save_bar)
        self._show_heading()

    def load(self, info: VehicleInfo) -> None:
        if self.vehicle is None or self.vehicle.id != info.id:
            say_nothing(self.save_bar)
        self.vehicle = info
        self.plate.setText(info.plate)
        self.plate.setReadOnly(True)
        self.merchant.set_merchant(info.merchant)
        self._fill_types()
        self.vehicle_type.setCurrentIndex(max(0, self.vehicle_type.findData(
            info.vehicle_type.id if info.vehicle_type else None)))
        self.licensed.set_grams(info.licensed_tare_g)
        self.weigh_at_exit.setChecked(info.weigh_tare_at_exit)
        self._show_heading()

    def _show_heading(self) -> None:
        if self.vehicle is None:
            self.heading.setText(self.tr("New vehicle"))
        else:
            self.heading.setText(self.tr("Vehicle %1").replace("%1", self.vehicle.plate))

    # ---- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        from app.weighing.plates import normalize_plate
        from app.weighing.vehicles import find_vehicle, save_vehicle
        try:
            if not self.plate.text().strip():
                raise ValidationError(self.tr("Plate: type the licence plate, e.g. 鲁A12345."))
            plate = normalize_plate(self.plate.text())
            if self.merchant.unresolved():
                raise ValidationError(self.tr("Merchant: take one from the hits (Enter takes the first), "
                                              "or empty the field for none."))
            licensed_g = self.licensed.grams()
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        db, actor = self._ctx.db, self._ctx.actor
        merchant = self.merchant.merchant()
        merchant_id = merchant.id if merchant else None
        type_id, at_exit = self.vehicle_type.currentData(), self.weigh_at_exit.isChecked()
        created = self.vehicle is None
        taken = self.tr("Plate %1 is already on record: search for it to change it.").replace("%1", plate)

        def call() -> VehicleInfo:
            # save_vehicle updates a plate on record; a "new" vehicle must not overwrite one.
            if created and find_vehicle(db, plate) is not None:
                raise Conflict(taken)
            return save_vehicle(db, actor, plate, merchant_id=merchant_id, vehicle_type_id=type_id,
                                licensed_tare_g=licensed_g, weigh_tare_at_exit=at_exit)
        self.save_bar.set_busy(True)
        ops.run(call, on_success=lambda info: self._saved(info, created), on_failure=self._failed, parent=self)

    def _saved(self, info: VehicleInfo, created: bool) -> None:
        self.save_bar.set_busy(False)
        self.load(info)
        if created:
            say_done(self.save_bar, lambda: self.tr("Vehicle %1 saved.").replace("%1", info.plate))
        else:
            say_done(self.save_bar, lambda: self.tr("Changes to %1 saved.").replace("%1", info.plate))
        self.saved.emit(info)
        master_changes(self._ctx).vehicles_changed.emit(info.plate)

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)

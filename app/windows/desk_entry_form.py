"""The entry ticket's fields: plate, merchant, commodity, tare, and for a vehicle without a
tare on record the vehicle type or "weigh the tare at exit". It shows what the panel found and
builds the EntryDraft from what is on screen; it calls no service itself (app.windows.desk_entry
does)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.windows.desk_format import merchant_kind, money, tare_source, weight
from app.windows.desk_suggest import PickField
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.weighing.catalog import CommodityInfo
    from app.weighing.entry import EntryDraft
    from app.weighing.merchants import MerchantInfo, MerchantSummary
    from app.weighing.vehicles import VehicleInfo, VehicleTypeInfo

COMMODITY_HITS_MAX = 8
BIG_FIELD_STEP_PT = 6
TEMPORARY_NAME_MAX_CHARS = 32   # app.weighing.entry.TEMPORARY_NAME_MAX_CHARS


class EntryForm(Retranslating, QWidget):
    changed = Signal()   # something the fee depends on changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entry_form")
        self.catalog: list[CommodityInfo] = []
        self.vehicle_types: list[VehicleTypeInfo] = []
        self.plate_text = ""                         # the plate filled in (normalised), "" if none
        self.vehicle: VehicleInfo | None = None      # None: not on record (or nothing filled in yet)
        self.merchant: MerchantInfo | None = None    # the vehicle's or the chosen merchant
        self.chosen_merchant: MerchantSummary | None = None  # picked from the search list
        self.commodity: CommodityInfo | None = None

        self.plate = PickField()
        self.plate.setObjectName("plate")
        big = self.plate.font()
        big.setPointSize(big.pointSize() + BIG_FIELD_STEP_PT)
        big.setBold(True)
        self.plate.setFont(big)
        self.merchant_label = QLabel()
        self.merchant_label.setObjectName("merchant")
        self.merchant_label.setWordWrap(True)
        self.temporary_name = QLineEdit()
        self.temporary_name.setObjectName("temporary_name")
        self.temporary_name.setMaxLength(TEMPORARY_NAME_MAX_CHARS)
        self.commodity_field = PickField()
        self.commodity_field.setObjectName("commodity")
        medium = self.commodity_field.font()
        medium.setPointSize(medium.pointSize() + BIG_FIELD_STEP_PT // 2)
        self.commodity_field.setFont(medium)
        self.tare_label = QLabel()
        self.tare_label.setObjectName("tare")
        self.vehicle_type = QComboBox()
        self.vehicle_type.setObjectName("vehicle_type")
        self.weigh_at_exit = QCheckBox()
        self.weigh_at_exit.setObjectName("weigh_at_exit")
        self.all_cash = QCheckBox()
        self.all_cash.setObjectName("all_cash")

        self.form = QFormLayout(self)
        self.plate_caption, self.merchant_caption, self.name_caption, self.commodity_caption, \
            self.tare_caption, self.type_caption = (QLabel() for _ in range(6))
        self.form.addRow(self.plate_caption, self.plate)
        self.form.addRow(self.merchant_caption, self.merchant_label)
        self.form.addRow(self.name_caption, self.temporary_name)
        self.form.addRow(self.commodity_caption, self.commodity_field)
        self.form.addRow(self.tare_caption, self.tare_label)
        self.form.addRow(self.type_caption, self.vehicle_type)
        self.form.addRow("", self.weigh_at_exit)
        self.form.addRow("", self.all_cash)
        for caption, field in ((self.plate_caption, self.plate), (self.commodity_caption, self.commodity_field),
                               (self.name_caption, self.temporary_name), (self.type_caption, self.vehicle_type)):
            caption.setBuddy(field)

        self.commodity_field.textEdited.connect(self._commodity_typed)
        self.vehicle_type.currentIndexChanged.connect(lambda _i: self._changed())
        self.weigh_at_exit.toggled.connect(lambda _on: self._changed())
        self.all_cash.toggled.connect(lambda _on: self._changed())
        self.temporary_name.textEdited.connect(lambda _t: self._changed())
        self.setTabOrder(self.plate, self.commodity_field)
        self.setTabOrder(self.commodity_field, self.vehicle_type)
        self.setTabOrder(self.vehicle_type, self.weigh_at_exit)
        self.setTabOrder(self.weigh_at_exit, self.temporary_name)
        self.setTabOrder(self.temporary_name, self.all_cash)
        self.retranslate()
        self._show_state()

    def retranslate(self) -> None:
        self.plate_caption.setText(self.tr("&Plate"))
        self.merchant_caption.setText(self.tr("Merchant"))
        self.name_caption.setText(self.tr("Customer &name"))
        self.commodity_caption.setText(self.tr("&Commodity"))
        self.tare_caption.setText(self.tr("Tare"))
        self.type_caption.setText(self.tr("&Vehicle type"))
        self.plate.setPlaceholderText(self.tr("plate, merchant or pinyin initials, then Enter"))
        self.commodity_field.setPlaceholderText(self.tr("name or pinyin initials"))
        self.temporary_name.setPlaceholderText(self.tr("optional: printed on the voucher"))
        self.weigh_at_exit.setText(self.tr("Weigh the tare at exit (tare 0 now, refund by weight)"))
        self.all_cash.setText(self.tr("Pay the whole fee in cash"))
        self._fill_vehicle_types()
        self._show_state()

    # ---- what the panel loads ---------------------------------------------------------------

    def set_catalog(self, catalog: "list[CommodityInfo]") -> None:
        self.catalog = [c for c in catalog if c.active]

    def set_vehicle_types(self, types: "list[VehicleTypeInfo]") -> None:
        self.vehicle_types = [t for t in types if t.active]
        self._fill_vehicle_types()

    def _fill_vehicle_types(self) -> None:
        chosen = self.vehicle_type.currentData()
        self.vehicle_type.blockSignals(True)
        self.vehicle_type.clear()
        self.vehicle_type.addItem(self.tr("— choose —"), None)
        for t in self.vehicle_types:
            self.vehicle_type.addItem(f"{t.name}  {weight(t.tare_g)}", t.id)
        index = self.vehicle_type.findData(chosen)
        self.vehicle_type.setCurrentIndex(max(0, index))
        self.vehicle_type.blockSignals(False)

    # ---- filling ----------------------------------------------------------------------------

    def show_vehicle(self, plate: str, vehicle: "VehicleInfo | None", merchant: "MerchantInfo | None") -> None:
        """The plate was entered: what the records say about it."""
        self.plate_text = plate
        self.vehicle = vehicle
        self.merchant = merchant
        self.plate.setText(plate)
        self.weigh_at_exit.setChecked(bool(vehicle and vehicle.weigh_tare_at_exit))
        self.vehicle_type.setCurrentIndex(0)
        self.all_cash.setChecked(False)
        if vehicle is not None and vehicle.last_commodity is not None and self.commodity is None:
            found = [c for c in self.catalog if c.id == vehicle.last_commodity.id]
            if found:
                self.choose_commodity(found[0], announce=False)
        self._show_state()
        self._changed()

    def choose_merchant(self, summary: "MerchantSummary", merchant: "MerchantInfo | None") -> None:
        """A merchant picked from the search list: the next plate is charged to them."""
        self.chosen_merchant = summary
        self.merchant = merchant
        self._show_state()
        self._changed()

    def choose_commodity(self, commodity: "CommodityInfo", *, announce: bool = True) -> None:
        self.commodity = commodity
        self.commodity_field.setText(commodity.name)
        self.commodity_field.close_suggestions()
        if announce:
            self._changed()

    def forget_plate(self) -> None:
        """The plate field was edited: what was filled for the old plate no longer holds."""
        if not self.plate_text:
            return
        self.plate_text = ""
        self.vehicle = None
        if self.chosen_merchant is None:
            self.merchant = None
        self._show_state()
        self._changed()

    def clear(self) -> None:
        """Ready for the next truck."""
        self.plate_text = ""
        self.vehicle = None
        self.merchant = None
        self.chosen_merchant = None
        self.commodity = None
        for field in (self.plate, self.commodity_field, self.temporary_name):
            field.clear()
        self.plate.set_suggestions([])
        self.commodity_field.set_suggestions([])
        self.vehicle_type.setCurrentIndex(0)
        self.weigh_at_exit.setChecked(False)
        self.all_cash.setChecked(False)
        self._show_state()

    def _changed(self) -> None:
        self._show_state()
        self.changed.emit()

    # ---- commodity search -------------------------------------------------------------------

    def matching_commodities(self, text: str) -> "list[CommodityInfo]":
        """By name fragment or pinyin initials prefix ('dbc' finds 大白菜)."""
        wanted = text.strip()
        if not wanted:
            return []
        upper = wanted.upper()
        by_initials = [c for c in self.catalog if c.initials.upper().startswith(upper)]
        by_name = [c for c in self.catalog if wanted in c.name and c not in by_initials]
        return (by_initials + by_name)[:COMMODITY_HITS_MAX]

    def _commodity_typed(self, text: str) -> None:
        if self.commodity is not None and text != self.commodity.name:
            self.commodity = None
            self._changed()
        self.commodity_field.set_suggestions(
            [(f"{c.name}  {c.initials}  · {c.category_name}", c) for c in self.matching_commodities(text)])

    # ---- what is on screen ------------------------------------------------------------------

    @property
    def is_temporary(self) -> bool:
        return self.merchant is None or self.merchant.kind == "temporary"

    @property
    def needs_vehicle_type(self) -> bool:
        """A plate not on record, or on record without a tare: the cashier says how to tare it."""
        if not self.plate_text:
            return False
        v = self.vehicle
        return v is None or not (v.licensed_tare_g or (v.vehicle_type and v.vehicle_type.tare_g)
                                 or v.weigh_tare_at_exit)

    def draft(self, gross_g: int) -> "EntryDraft | None":
        from app.weighing.entry import EntryDraft
        if not self.plate_text or self.commodity is None:
            return None
        at_exit = self.weigh_at_exit.isChecked()
        type_id = self.vehicle_type.currentData() if self.needs_vehicle_type and not at_exit else None
        merchant_id = self.chosen_merchant.id if self.chosen_merchant is not None else None
        return EntryDraft(self.plate_text, self.commodity.id, gross_g, merchant_id=merchant_id,
                          temporary_name=self.temporary_name.text().strip() if self.is_temporary else "",
                          vehicle_type_id=type_id, weigh_tare_at_exit=at_exit,
                          all_cash=self.all_cash.isChecked() and not self.is_temporary)

    def _show_state(self) -> None:
        m = self.merchant
        if m is None and self.chosen_merchant is None:
            text = self.tr("Temporary customer: pays in cash") if self.plate_text else ""
        elif m is None:
            text = f"{self.chosen_merchant.name} · {merchant_kind(self.chosen_merchant.kind)}"
        elif m.kind == "fixed":
            text = self.tr("%1 · %2 · %3 · available %4").replace("%1", m.name).replace(
                "%2", merchant_kind(m.kind)).replace("%3", m.code).replace("%4", money(m.available_fen))
        else:
            text = self.tr("%1 · %2: pays in cash").replace("%1", m.name).replace("%2", merchant_kind(m.kind))
        if m is not None and m.status != "active":
            text += " · " + self.tr("SUSPENDED")
        self.merchant_label.setText(text)
        self.tare_label.setText(self._tare_text())
        walk_in = bool(self.plate_text) and self.merchant is None and self.chosen_merchant is None
        self.form.setRowVisible(self.temporary_name, walk_in)
        self.form.setRowVisible(self.vehicle_type, self.needs_vehicle_type)
        self.all_cash.setVisible(not self.is_temporary)

    def _tare_text(self) -> str:
        v = self.vehicle
        if not self.plate_text:
            return ""
        if self.weigh_at_exit.isChecked():
            return tare_source("weigh_at_exit")
        if v is not None and v.licensed_tare_g:
            return f"{weight(v.licensed_tare_g)} · {tare_source('licensed')}"
        if v is not None and v.vehicle_type is not None and v.vehicle_type.tare_g:
            return f"{weight(v.vehicle_type.tare_g)} · {tare_source('vehicle_type')} {v.vehicle_type.name}"
        return self.tr("Not on record: choose the vehicle type, or weigh the tare at exit")

    def refresh_tare(self) -> None:
        self.tare_label.setText(self._tare_text())

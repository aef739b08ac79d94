"""A weight typed in tonnes or kilograms (the unit chosen beside it, or typed after the number),
read as whole grams through Decimal: '12.08' t -> 12 080 000 g."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from app.windows.master_units import UNITS, parse_weight_g, tonnes
from app.windows.retranslate import Retranslating


class WeightField(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = QLineEdit()
        self.unit = QComboBox()
        for unit in UNITS:
            self.unit.addItem("", unit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.unit)
        self.setFocusProxy(self.value)
        self.retranslate()

    def retranslate(self) -> None:
        names = {"t": self.tr("t"), "kg": self.tr("kg")}
        for index in range(self.unit.count()):
            self.unit.setItemText(index, names[self.unit.itemData(index)])
        self.value.setPlaceholderText(self.tr("e.g. 12.08 t or 12080 kg"))

    def grams(self) -> int | None:
        """None when empty; ValidationError (translated) when it is no weight."""
        return parse_weight_g(self.value.text(), self.unit.currentData())

    def set_grams(self, grams: int | None) -> None:
        self.unit.setCurrentIndex(self.unit.findData("t"))
        self.value.setText(tonnes(grams))

"""The recharge's own fields: amount (yuan), method (F1 cash, F2 bank card, F3 WeChat, F4
Alipay, F5 bank transfer, or the list) and the channel's transaction reference, which a
non-cash method needs: choosing one puts the cursor in the reference field, where a scanner
types. Enter in the amount moves on to the reference when one is still needed, else confirms;
Enter in the reference confirms."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.errors import ValidationError
from app.recharge.channels import REFERENCE_MAX_CHARS
from app.windows.actions import make_action
from app.windows.recharge_format import METHOD_KEYS, METHODS, method_title
from app.windows.retranslate import Retranslating

AMOUNT_STEP_PT = 6


class RechargeForm(Retranslating, QWidget):
    confirm_requested = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recharge_form")
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        font = self.amount.font()
        font.setPointSize(font.pointSize() + AMOUNT_STEP_PT)
        font.setBold(True)
        self.amount.setFont(font)
        self.method = QComboBox()
        self.method.setObjectName("method")
        for method in METHODS:
            self.method.addItem("", method)
        self.reference = QLineEdit()
        self.reference.setObjectName("reference")
        self.reference.setMaxLength(REFERENCE_MAX_CHARS + 16)   # room for the spaces and dashes a clerk types
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.amount_label = self._row(self.amount)
        self.method_label = self._row(self.method)
        self.keys = QLabel()
        self.keys.setObjectName("method_keys")
        self.keys.setStyleSheet("color: #555;")
        self.layout_.addRow("", self.keys)
        self.reference_label = self._row(self.reference)
        self.method_actions = {method: make_action(self, key, lambda method=method: self.choose(method))
                               for method, key in METHOD_KEYS.items()}
        self.amount.returnPressed.connect(self._amount_entered)
        self.reference.returnPressed.connect(self.confirm_requested)
        self.method.activated.connect(lambda _i: self.choose(self.method.currentData()))
        self.method.currentIndexChanged.connect(lambda _i: self._method_changed())
        self.setFocusProxy(self.amount)
        self.retranslate()
        self._method_changed()

    def _row(self, field: QWidget) -> QLabel:
        label = QLabel()
        self.layout_.addRow(label, field)
        return label

    def retranslate(self) -> None:
        self.amount_label.setText(self.tr("Amount (yuan)"))
        self.method_label.setText(self.tr("Method"))
        self.reference_label.setText(self.tr("Transaction no."))
        self.amount.setPlaceholderText(self.tr("e.g. 500 or 500.50"))
        for i, method in enumerate(METHODS):
            self.method.setItemText(i, f"{method_title(method)} ({METHOD_KEYS[method]})")
        self.keys.setText("   ".join(f"{METHOD_KEYS[m]} {method_title(m)}" for m in METHODS))
        self._method_changed()

    # ---- what is typed -----------------------------------------------------------------------

    @property
    def method_code(self) -> str:
        return self.method.currentData()

    def needs_reference(self) -> bool:
        return self.method_code != "cash"

    def values(self) -> tuple[int, str, str | None]:
        """(amount in fen, method, reference or None); ValidationError in words to act on."""
        from app.money import parse_yuan
        text = self.amount.text().strip()
        if not text:
            self.amount.setFocus()
            raise ValidationError(self.tr("Type the amount in yuan, e.g. 500 or 500.50."))
        try:
            fen = parse_yuan(text)
        except ValidationError:
            self.amount.setFocus()
            self.amount.selectAll()
            raise ValidationError(self.tr("“%1” is not an amount in yuan (at most two decimals), e.g. 500.50.")
                                  .replace("%1", text)) from None
        if fen <= 0:
            self.amount.setFocus()
            self.amount.selectAll()
            raise ValidationError(self.tr("The amount must be more than zero."))
        reference = self.reference.text().strip() or None
        if self.needs_reference() and reference is None:
            self.reference.setFocus()
            raise ValidationError(self.tr("%1 needs its transaction number: type or scan it.")
                                  .replace("%1", method_title(self.method_code)))
        return fen, self.method_code, reference if self.needs_reference() else None

    # ---- keys --------------------------------------------------------------------------------

    def choose(self, method: str) -> None:
        self.method.setCurrentIndex(list(METHODS).index(method))
        if self.needs_reference():
            self.reference.setFocus()
            self.reference.selectAll()
        else:
            self.amount.setFocus()

    def _method_changed(self) -> None:
        needed = self.needs_reference()
        self.reference.setEnabled(needed)
        self.reference.setPlaceholderText(self.tr("type or scan the payment's transaction number") if needed
                                          else self.tr("cash: none needed"))

    def _amount_entered(self) -> None:
        if self.needs_reference() and not self.reference.text().strip():
            self.reference.setFocus()
            return
        self.confirm_requested.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def set_busy(self, busy: bool) -> None:
        self.amount.setReadOnly(busy)
        self.reference.setReadOnly(busy)
        self.method.setEnabled(not busy)
        for action in self.method_actions.values():
            action.setEnabled(not busy)

    def clear(self) -> None:
        self.amount.clear()
        self.reference.clear()
        self.method.setCurrentIndex(0)

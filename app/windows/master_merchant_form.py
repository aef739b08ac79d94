"""A merchant's card: a new one (fixed with a prepaid account, or temporary paying cash) or the
one chosen in the list. The kind and the overdraft limit are set at creation only (the ledger
account is opened with them); contact, phone, ID number and status can be changed later."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.weighing.fields import NAME_MAX_CHARS
from app.weighing.merchants import KINDS, PHONE_MAX_CHARS, STATUSES, MerchantInfo
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_changes import master_changes
from app.windows.master_outcome import say_done, say_error, say_nothing
from app.windows.master_terms import merchant_kind, merchant_status
from app.windows.master_units import parse_amount_fen, yuan
from app.windows.retranslate import Retranslating
from app.windows.save_bar import SaveBar

ID_NUMBER_MAX_CHARS = 18


class MerchantForm(Retranslating, QWidget):
    saved = Signal(object)   # app.weighing.merchants.MerchantInfo

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("merchant_form")
        self._ctx = ctx
        self.merchant: MerchantInfo | None = None   # None: a new merchant
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._sync())
        self.name = QLineEdit()
        self.name.setObjectName("merchant_name")
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.id_number = QLineEdit()
        for field, chars in ((self.name, NAME_MAX_CHARS), (self.contact, NAME_MAX_CHARS),
                             (self.phone, PHONE_MAX_CHARS), (self.id_number, ID_NUMBER_MAX_CHARS)):
            field.setMaxLength(chars)
        self.status = QComboBox()
        self.overdraft = QLineEdit()
        self.overdraft.setObjectName("overdraft")
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.labels = {key: QLabel() for key in ("kind", "name", "contact", "phone", "id_number", "status",
                                                 "overdraft", "balance")}
        form = QFormLayout()
        form.addRow(self.heading)
        for key, field in (("kind", self.kind), ("name", self.name), ("contact", self.contact),
                           ("phone", self.phone), ("id_number", self.id_number), ("status", self.status),
                           ("overdraft", self.overdraft), ("balance", self.balance)):
            form.addRow(self.labels[key], field)
        self.save_bar = SaveBar(self)
        self.save_bar.save_requested.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.save_bar)
        self.retranslate()
        self.start_new()

    def retranslate(self) -> None:
        texts = {"kind": self.tr("Kind"), "name": self.tr("Name"), "contact": self.tr("Contact person"),
                 "phone": self.tr("Phone"), "id_number": self.tr("ID number"), "status": self.tr("Status"),
                 "overdraft": self.tr("Overdraft limit (yuan)"), "balance": self.tr("Available balance")}
        for key, label in self.labels.items():
            label.setText(texts[key])
        for index in range(self.kind.count()):
            self.kind.setItemText(index, merchant_kind(self.kind.itemData(index)))
        for index in range(self.status.count()):
            self.status.setItemText(index, merchant_status(self.status.itemData(index)))
        self.name.setPlaceholderText(self.tr("required for a fixed merchant"))
        self.id_number.setPlaceholderText(self.tr("resident ID card, 15 or 18 characters"))
        self._sync()

    # ---- which merchant ---------------------------------------------------------------------

    def start_new(self) -> None:
        """Ctrl+N: an empty card for a new merchant, the cursor in the name."""
        self.merchant = None
        for field in (self.name, self.contact, self.phone, self.id_number, self.overdraft):
            field.clear()
        self.kind.setCurrentIndex(self.kind.findData("fixed"))
        self._set_statuses("active")
        say_nothing(self.save_bar)
        self._sync()

    def load(self, info: MerchantInfo) -> None:
        """Show a merchant as saved (the input of another one is dropped)."""
        if self.merchant is None or self.merchant.id != info.id:
            say_nothing(self.save_bar)
        self.merchant = info
        self.kind.setCurrentIndex(self.kind.findData(info.kind))
        self.name.setText(info.name)
        self.contact.setText(info.contact)
        self.phone.setText(info.phone)
        self.id_number.setText(info.id_number)
        self.overdraft.setText(yuan(info.overdraft_limit_fen))
        self._set_statuses(info.status)
        self._sync()

    def refresh_balance(self, info: MerchantInfo) -> None:
        """Newer figures of the merchant shown, without touching what is being typed."""
        if self.merchant is not None and self.merchant.id == info.id:
            self.merchant = info
            self._sync()

    def _set_statuses(self, current: str) -> None:
        # A status the form cannot set (closed) is shown as it is and kept.
        self.status.clear()
        for status in STATUSES + (() if current in STATUSES else (current,)):
            self.status.addItem(merchant_status(status), status)
        self.status.setCurrentIndex(self.status.findData(current))

    def _sync(self) -> None:
        new, info = self.merchant is None, self.merchant
        fixed = self.kind.currentData() == "fixed"
        self.kind.setEnabled(new)
        self.overdraft.setEnabled(new and fixed)
        self.status.setEnabled(not new and self.status.currentData() in STATUSES)
        if new:
            self.heading.setText(self.tr("New merchant"))
        else:
            self.heading.setText(f"{info.code}  {info.name}")
        if info is not None and info.available_fen is not None:
            self.balance.setText(self.tr("%1 yuan").replace("%1", yuan(info.available_fen)))
        elif new and fixed:
            self.balance.setText(self.tr("a prepaid account is opened with the merchant"))
        else:
            self.balance.setText(self.tr("pays cash (no account)"))
        self.overdraft.setPlaceholderText(self.tr("0: no credit") if new and fixed else "")

    # ---- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        from app.weighing import merchants
        db, actor, info = self._ctx.db, self._ctx.actor, self.merchant
        kind = self.kind.currentData()
        values = {"name": self.name.text(), "contact": self.contact.text(), "phone": self.phone.text(),
                  "id_number": self.id_number.text()}
        try:
            if kind == "fixed" and not values["name"].strip():
                raise ValidationError(self.tr("Name: a fixed merchant needs a name (the account holder)."))
            overdraft = parse_amount_fen(self.overdraft.text()) if info is None and kind == "fixed" else 0
        except ValidationError as exc:
            say_error(self.save_bar, exc)
            return
        if info is None:
            def call():
                return merchants.create_merchant(db, actor, kind=kind, overdraft_limit_fen=overdraft, **values)
        else:
            status = self.status.currentData() if self.status.currentData() in STATUSES else None

            def call():
                return merchants.update_merchant(db, actor, info.id, status=status, **values)
        created = info is None
        self.save_bar.set_busy(True)
        ops.run(call, on_success=lambda saved: self._saved(saved, created), on_failure=self._failed, parent=self)

    def _saved(self, info: MerchantInfo, created: bool) -> None:
        self.save_bar.set_busy(False)
        self.load(info)
        if created:
            say_done(self.save_bar, lambda: self.tr("Merchant %1 created.").replace("%1", info.code))
        else:
            say_done(self.save_bar, lambda: self.tr("Merchant %1 saved.").replace("%1", info.code))
        self.saved.emit(info)
        master_changes(self._ctx).merchants_changed.emit(info.id)

    def _failed(self, exc: Exception) -> None:
        self.save_bar.set_busy(False)
        say_error(self.save_bar, exc)

"""The card of the account being served: number, holder, phone, state (a frozen or closed
account says so in red, plainly), balance, what is available and the overdraft limit."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QWidget

from app.recharge.accounts import AccountInfo
from app.windows.recharge_format import money, status_title
from app.windows.retranslate import Retranslating

BALANCE_STEP_PT = 6
FIELDS = ("number", "name", "phone", "status", "balance", "available", "overdraft")


class AccountCard(Retranslating, QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("account_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.info: AccountInfo | None = None
        self.values = {name: QLabel() for name in FIELDS}
        self.labels = {name: QLabel() for name in FIELDS}
        for name, label in self.values.items():
            label.setObjectName(f"card_{name}")
        big = self.values["balance"].font()
        big.setPointSize(big.pointSize() + BALANCE_STEP_PT)
        big.setBold(True)
        self.values["balance"].setFont(big)
        bold = self.values["status"].font()
        bold.setBold(True)
        self.values["status"].setFont(bold)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(self.empty)
        for name in FIELDS:
            layout.addRow(self.labels[name], self.values[name])
        self.retranslate()

    def retranslate(self) -> None:
        titles = {"number": self.tr("Account"), "name": self.tr("Holder"), "phone": self.tr("Phone"),
                  "status": self.tr("State"), "balance": self.tr("Balance"), "available": self.tr("Available"),
                  "overdraft": self.tr("Overdraft limit")}
        for name, title in titles.items():
            self.labels[name].setText(title)
        self.empty.setText(self.tr("No account chosen: find one above and press Enter."))
        self.show_info(self.info)

    def show_info(self, info: AccountInfo | None) -> None:
        self.info = info
        self.empty.setVisible(info is None)
        for name in FIELDS:
            self.labels[name].setVisible(info is not None)
            self.values[name].setVisible(info is not None)
        if info is None:
            return
        values = {"number": info.code, "name": info.name, "phone": info.phone or "—",
                  "status": status_title(info.status), "balance": money(info.balance_fen),
                  "available": money(info.available_fen), "overdraft": money(info.overdraft_limit_fen)}
        for name, text in values.items():
            self.values[name].setText(text)
        self.values["status"].setStyleSheet("" if info.status == "active" else "color: #b00020;")

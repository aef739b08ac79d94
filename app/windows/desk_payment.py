"""When a fixed merchant's balance does not cover the fee: the account pays what it holds and
the cashier collects the rest in cash (Enter), or the whole fee in cash (F4), or nothing is
charged (Esc). Opened with open(), never exec(): the desk's event loop keeps running."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.windows.desk_format import money

TEXT_STEP_PT = 4


class ShortfallDialog(QDialog):
    cash_chosen = Signal(int)   # the cash to collect, in fen

    def __init__(self, merchant: str, fee_fen: int, account_fen: int, cash_fen: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortfall")
        self.setWindowTitle(self.tr("Balance short"))
        self._fee_fen = fee_fen
        self._cash_fen = cash_fen
        self.message = QLabel(self.tr("Balance short: the account pays %1, collect %2 in cash.")
                              .replace("%1", money(account_fen)).replace("%2", money(cash_fen)))
        self.message.setObjectName("message")
        font = self.message.font()
        font.setPointSize(font.pointSize() + TEXT_STEP_PT)
        font.setBold(True)
        self.message.setFont(font)
        self.message.setWordWrap(True)
        detail = QLabel(self.tr("%1: fee %2, available on the account %3.").replace("%1", merchant)
                        .replace("%2", money(fee_fen)).replace("%3", money(account_fen)))
        detail.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.accept_button = QPushButton(self.tr("Collect %1 in cash (Enter)").replace("%1", money(cash_fen)))
        self.accept_button.setDefault(True)
        self.accept_button.setAutoDefault(True)
        self.all_cash_button = QPushButton(self.tr("All in cash: %1 (F4)").replace("%1", money(fee_fen)))
        self.all_cash_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setAutoDefault(False)
        buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.all_cash_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.clicked.connect(self.take_shortfall)
        self.all_cash_button.clicked.connect(self.take_all_cash)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self, self.take_all_cash)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(detail)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def take_shortfall(self) -> None:
        self.cash_chosen.emit(self._cash_fen)
        self.accept()

    def take_all_cash(self) -> None:
        self.cash_chosen.emit(self._fee_fen)
        self.accept()

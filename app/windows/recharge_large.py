"""The second confirmation of a large recharge (above the market's threshold,
app.recharge.limits): the amount in big type so a slipped zero is seen; Enter says yes, Esc
no. Opened with open(), never exec(): the desk's event loop keeps running."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.windows.recharge_format import method_title, money

AMOUNT_STEP_PT = 16
MIN_WIDTH_PX = 480


class LargeAmountDialog(QDialog):
    def __init__(self, amount_fen: int, holder: str, method: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("large_amount")
        self.setWindowTitle(self.tr("Large recharge"))
        question = QLabel(self.tr("This is a large amount. Recharge %1 by %2?")
                          .replace("%1", holder).replace("%2", method_title(method)))
        question.setWordWrap(True)
        self.amount = QLabel(money(amount_fen))
        self.amount.setObjectName("amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.amount.font()
        font.setPointSize(font.pointSize() + AMOUNT_STEP_PT)
        font.setBold(True)
        self.amount.setFont(font)
        self.amount.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.yes_button = QPushButton(self.tr("Yes, recharge (Enter)"))
        self.yes_button.setDefault(True)
        self.yes_button.setAutoDefault(True)
        self.no_button = QPushButton(self.tr("No (Esc)"))
        self.no_button.setAutoDefault(False)
        buttons.addButton(self.yes_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.no_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.yes_button.clicked.connect(self.accept)
        self.no_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.amount)
        layout.addWidget(buttons)
        self.setMinimumWidth(MIN_WIDTH_PX)
        self.yes_button.setFocus()

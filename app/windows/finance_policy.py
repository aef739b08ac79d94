"""How the market runs handovers (settings.manage): whether the cashier counts blind, and the
cash difference finance may accept without handover.accept_difference and a note."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.money import format_fen
from app.windows import ops
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.finance.policy import FinancePolicy
    from app.windows.context import GuiContext


class PolicyPanel(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.policy: FinancePolicy | None = None
        self._message: Callable[[], str] = str
        self.blind = QCheckBox()
        self.blind.setObjectName("blind_count")
        self.tolerance = QLineEdit()
        self.tolerance.setObjectName("tolerance")
        self.tolerance_label = QLabel()
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_policy")
        self.save_button.clicked.connect(self.save)
        self.tolerance.returnPressed.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("policy_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.blind)
        form.addRow(self.tolerance_label, self.tolerance)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setFocusProxy(self.blind)
        self.retranslate()

    def retranslate(self) -> None:
        self.blind.setText(self.tr("Blind count: cashiers do not see the expected cash before they submit"))
        self.tolerance_label.setText(self.tr("Difference finance may accept without a note (yuan)"))
        self.save_button.setText(self.tr("Save"))
        self.message.setText(self._message())

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        from app.finance.policy import current_policy
        db = self._ctx.db
        ops.run(lambda: current_policy(db), on_success=self._loaded,
                on_failure=lambda exc: self._say(lambda: error_text(exc)), parent=self)

    def _loaded(self, policy: "FinancePolicy") -> None:
        self.policy = policy
        self.blind.setChecked(policy.blind_count)
        self.tolerance.setText(format_fen(policy.tolerance_fen))

    def save(self) -> None:
        from app.finance.policy import FinancePolicy, set_policy
        from app.money import parse_yuan
        try:
            policy = FinancePolicy(self.blind.isChecked(), parse_yuan(self.tolerance.text(), self.tr("tolerance")))
            policy.validate()
        except Exception as exc:
            self._say(lambda: error_text(exc))
            return
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: set_policy(db, actor, policy), on_success=self._saved,
                on_failure=lambda exc: self._say(lambda: error_text(exc)), parent=self)

    def _saved(self, policy: "FinancePolicy") -> None:
        self.policy = policy
        self._say(lambda: self.tr("Saved."))

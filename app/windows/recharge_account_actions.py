"""Buttons under the account card for holders of merchant.manage (hidden for everyone else):
Freeze/Unfreeze…, Overdraft limit…, Close account…. Each opens its dialog
(app.windows.recharge_account_dialogs) as `self.dialog` and reports the account as it is
afterwards."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.windows.dialogs import open_tracked
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.recharge.accounts import AccountInfo
    from app.windows.context import GuiContext


class AccountActions(Retranslating, QWidget):
    changed = Signal(object)    # AccountInfo after a freeze, an unfreeze or a new limit
    closed = Signal(object)     # ClosureResult

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("account_actions")
        self._ctx = ctx
        self.dialog: QWidget | None = None
        self.info: AccountInfo | None = None
        self.freeze_button, self.overdraft_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.freeze_button.setObjectName("freeze")
        self.overdraft_button.setObjectName("overdraft")
        self.close_button.setObjectName("close_account")
        self.freeze_button.clicked.connect(self.freeze)
        self.overdraft_button.clicked.connect(self.overdraft)
        self.close_button.clicked.connect(self.close_account)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.freeze_button, self.overdraft_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
        self.setVisible(ctx.actor.can("merchant.manage"))
        self.retranslate()

    def retranslate(self) -> None:
        frozen = self.info is not None and self.info.status == "suspended"
        self.freeze_button.setText(self.tr("Unfreeze…") if frozen else self.tr("Freeze…"))
        self.overdraft_button.setText(self.tr("Overdraft limit…"))
        self.close_button.setText(self.tr("Close account…"))

    def show_info(self, info: "AccountInfo | None") -> None:
        self.info = info
        usable = info is not None and info.status != "closed"
        for button in (self.freeze_button, self.overdraft_button, self.close_button):
            button.setEnabled(usable)
        self.overdraft_button.setEnabled(usable and info.status == "active")
        self.close_button.setEnabled(usable and info.status == "active")
        self.retranslate()

    def freeze(self) -> None:
        from app.windows.recharge_account_dialogs import FreezeDialog
        self._open(FreezeDialog, self.changed)

    def overdraft(self) -> None:
        from app.windows.recharge_account_dialogs import OverdraftDialog
        self._open(OverdraftDialog, self.changed)

    def close_account(self) -> None:
        from app.windows.recharge_account_dialogs import CloseAccountDialog
        self._open(CloseAccountDialog, self.closed)

    def _open(self, kind, signal) -> None:
        if self.info is None or not self._ctx.actor.can("merchant.manage"):
            return
        dialog = kind(self._ctx, self.info, self)
        dialog.succeeded.connect(signal.emit)
        open_tracked(self, dialog)

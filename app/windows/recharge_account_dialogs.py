"""The account's own changes, for holders of merchant.manage: freeze or unfreeze (with a
reason), the overdraft limit, and closing the account (what is left is paid out in cash from
the drawer or by bank transfer with its reference, and a receipt prints). Each dialog runs one
service call in the background (app.windows.forms); closing makes its event id when it opens,
so a double Enter pays out once."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.errors import ValidationError
from app.windows.forms import FormDialog
from app.windows.recharge_format import money

if TYPE_CHECKING:
    from app.recharge.accounts import AccountInfo
    from app.windows.context import GuiContext

REASON_MAX_CHARS = 200   # app.recharge.accounts.REASON_MAX_CHARS


class FreezeDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", info: "AccountInfo", parent: QWidget | None = None):
        freeze = info.status == "active"
        title = self.tr("Freeze account") if freeze else self.tr("Unfreeze account")
        intro = (self.tr("Freeze %1 (%2)? A frozen account takes no recharge and pays no fee until it is "
                         "unfrozen.") if freeze else
                 self.tr("Unfreeze %1 (%2)? It takes recharges and pays fees again."))
        super().__init__(parent, title, intro.replace("%1", info.code).replace("%2", info.name))
        self.setObjectName("freeze_account")
        self._ctx = ctx
        self._info = info
        self._freeze = freeze
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.ok_button.setText(self.tr("Freeze") if freeze else self.tr("Unfreeze"))
        self.reason.setFocus()

    def prepare(self):
        from app.recharge.accounts import set_frozen
        reason = self.reason.text().strip()
        if self._freeze and not reason:
            raise ValidationError(self.tr("Say why the account is frozen."))
        db, actor, merchant_id, frozen = self._ctx.db, self._ctx.actor, self._info.merchant_id, self._freeze
        return lambda: set_frozen(db, actor, merchant_id, frozen, reason=reason)


class OverdraftDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", info: "AccountInfo", parent: QWidget | None = None):
        super().__init__(parent, self.tr("Overdraft limit"), self.tr(
            "How far %1 (%2) may go below zero when paying fees. 0: not at all.")
            .replace("%1", info.code).replace("%2", info.name))
        self.setObjectName("overdraft_limit")
        self._ctx = ctx
        self._info = info
        from app.money import format_fen
        self.limit = self.add_row(self.tr("Limit (yuan)"), QLineEdit(format_fen(info.overdraft_limit_fen)))
        self.limit.selectAll()
        self.ok_button.setText(self.tr("Save"))
        self.limit.setFocus()

    def prepare(self):
        from app.recharge.accounts import set_overdraft_limit
        from app.windows.master_units import parse_amount_fen
        limit_fen = parse_amount_fen(self.limit.text())
        db, actor, merchant_id = self._ctx.db, self._ctx.actor, self._info.merchant_id
        return lambda: set_overdraft_limit(db, actor, merchant_id, limit_fen)


class CloseAccountDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", info: "AccountInfo", parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Close account"), self.tr(
            "Close %1 (%2) for good? Its balance of %3 is paid out now; the account takes nothing afterwards.")
            .replace("%1", info.code).replace("%2", info.name).replace("%3", money(info.balance_fen)))
        self.setObjectName("close_account")
        self._ctx = ctx
        self._info = info
        self._event_id = new_event_id()
        self.paid_by = QComboBox()
        self.paid_by.addItem(self.tr("Cash from the drawer"), "cash")
        self.paid_by.addItem(self.tr("Bank transfer"), "transfer")
        self.add_row(self.tr("Pay out by"), self.paid_by)
        self.reference = self.add_row(self.tr("Transfer reference"), QLineEdit())
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.paid_by.currentIndexChanged.connect(lambda _i: self._paid_by_changed())
        self.ok_button.setText(self.tr("Close account"))
        self._paid_by_changed()
        self.paid_by.setFocus()

    def _paid_by_changed(self) -> None:
        self.reference.setEnabled(self.paid_by.currentData() == "transfer")

    def prepare(self):
        from app.recharge.accounts import close_account
        paid_by = self.paid_by.currentData()
        reference = self.reference.text().strip() if paid_by == "transfer" else ""
        reason = self.reason.text().strip()
        if paid_by == "transfer" and not reference:
            raise ValidationError(self.tr("Type the bank transfer's reference."))
        if not reason:
            raise ValidationError(self.tr("Say why the account is closed."))
        db, actor, merchant_id, event_id = self._ctx.db, self._ctx.actor, self._info.merchant_id, self._event_id
        return lambda: close_account(db, actor, merchant_id, paid_by=paid_by, reason=reason, event_id=event_id,
                                     reference=reference or None)

"""Reversing a mistaken recharge of this shift: the reason is asked and kept with the reversal.
The event id is made when the dialog opens, so a double Enter reverses once."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.forms import FormDialog
from app.windows.recharge_format import method_title, money

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.recharge.statements import ShiftRecharge
    from app.windows.context import GuiContext

REASON_MAX_CHARS = 200   # app.recharge.service.REASON_MAX_CHARS


class ReverseDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", row: "ShiftRecharge", override: "Override | None",
                 parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Reverse recharge"), self.tr(
            "Reverse %1: %2 to %3 (%4) by %5? The whole amount goes back the way it came: cash out of the "
            "drawer, or recorded as owed back through the channel.")
            .replace("%1", row.receipt_no).replace("%2", money(row.amount_fen)).replace("%3", row.merchant_name)
            .replace("%4", row.merchant_code).replace("%5", method_title(row.method)))
        self.setObjectName("reverse_recharge")
        self._ctx = ctx
        self._recharge_id = row.recharge_id
        self._override = override
        self._event_id = new_event_id()
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("e.g. wrong account; amount typed wrong"))
        self.ok_button.setText(self.tr("Reverse"))
        self.reason.setFocus()

    def prepare(self):
        from app.errors import ValidationError
        from app.recharge.service import reverse_recharge
        reason = self.reason.text().strip()
        if not reason:
            raise ValidationError(self.tr("Say why the recharge is reversed."))
        db, actor, recharge_id, event_id, override = (self._ctx.db, self._ctx.actor, self._recharge_id,
                                                      self._event_id, self._override)
        return lambda: reverse_recharge(db, actor, recharge_id, reason=reason, event_id=event_id, override=override)

"""Voiding an entry of this shift (the vehicle has not left): the reason is asked and kept with
the correction. The event id is made when the dialog opens, so a double Enter voids once."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.desk_format import money
from app.windows.forms import FormDialog

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.weighing.tickets import ShiftRow
    from app.windows.context import GuiContext

REASON_MAX_CHARS = 200   # app.weighing.void.REASON_MAX_CHARS


class VoidDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", row: "ShiftRow", override: "Override | None",
                 parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Void entry"), self.tr(
            "Void %1 (%2, fee %3)? The fee goes back: %4 in cash to the driver, %5 to the account.")
            .replace("%1", row.voucher_no).replace("%2", row.plate).replace("%3", money(row.fee_fen))
            .replace("%4", money(row.paid_cash_fen)).replace("%5", money(row.paid_account_fen)))
        self.setObjectName("void_entry")
        self._ctx = ctx
        self._ticket_id = row.ticket_id
        self._override = override
        self._event_id = new_event_id()
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("e.g. wrong commodity; weighed twice"))
        self.ok_button.setText(self.tr("Void"))
        self.reason.setFocus()

    def prepare(self):
        from app.errors import ValidationError
        from app.weighing.void import void_entry
        reason = self.reason.text().strip()
        if not reason:
            raise ValidationError(self.tr("Say why the entry is voided."))
        db, actor, ticket_id, event_id, override = (self._ctx.db, self._ctx.actor, self._ticket_id,
                                                    self._event_id, self._override)
        return lambda: void_entry(db, actor, ticket_id, reason=reason, event_id=event_id, override=override)

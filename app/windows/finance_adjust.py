"""Correcting a received handover: cash found later, or found missing (a counterfeit note),
with a reason. A received handover is never changed; the correction is its own entry
(handover.accept_difference, or a supervisor's authorisation)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.finance.receive import NOTE_MAX_CHARS
from app.windows.desk_supervisor import ask_supervisor_for
from app.windows.forms import FormDialog

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.finance.handovers import HandoverRow
    from app.windows.context import GuiContext

FOUND, MISSING = 0, 1


class AdjustDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", row: "HandoverRow", parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Adjust handover %1").replace("%1", row.handover_no),
                         self.tr("The handover stays as received; the correction is recorded beside it."))
        self.setObjectName("adjust_handover")
        self._ctx, self._handover_id = ctx, row.id
        self._event_id = new_event_id()
        self._override: Override | None = None
        self.dialog: QWidget | None = None
        self.direction = self.add_row(self.tr("Correction"), QComboBox())
        self.direction.addItems([self.tr("Cash found (+)"), self.tr("Cash missing (−)")])
        self.amount = self.add_row(self.tr("Amount (yuan)"), QLineEdit())
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(NOTE_MAX_CHARS)
        self.direction.setFocus()

    def prepare(self):
        from app.errors import ValidationError
        from app.finance.receive import adjust_handover
        from app.money import parse_yuan
        amount_fen = parse_yuan(self.amount.text(), self.tr("amount"))
        if amount_fen <= 0:
            raise ValidationError(self.tr("Amount: more than zero; choose found or missing above."))
        if self.direction.currentIndex() == MISSING:
            amount_fen = -amount_fen
        ctx, handover_id, event_id, reason, override = (self._ctx, self._handover_id, self._event_id,
                                                        self.reason.text(), self._override)
        return lambda: adjust_handover(ctx.db, ctx.actor, handover_id, amount_fen, reason=reason,
                                       event_id=event_id, override=override)

    def show_error(self, exc: BaseException) -> None:
        from app.errors import PermissionDenied
        super().show_error(exc)
        if isinstance(exc, PermissionDenied):
            ask_supervisor_for(self, self._ctx, exc.permission, self._granted)

    def _granted(self, override: "Override") -> None:
        self._override = override
        self.accept()

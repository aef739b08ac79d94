"""Cash leaving the drawer during a shift: a drop to the safe (too much cash at the counter)
or a pay-out (a purchase, an advance) with its payee. Both need a reason and print a slip. A
pay-out the cashier may not make alone offers a supervisor's authorisation, then goes through
with the same event id."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.finance.cash import PAYEE_MAX_CHARS, REASON_MAX_CHARS
from app.windows.desk_supervisor import ask_supervisor_for
from app.windows.forms import FormDialog

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.windows.context import GuiContext

KINDS = ("drop", "payout")


class CashMoveDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Cash drop / pay-out"),
                         self.tr("Cash taken out of the drawer of your open shift: it counts in the cash "
                                 "you hand over, and a slip prints."))
        self.setObjectName("cash_move")
        self._ctx = ctx
        self._event_id = new_event_id()
        self._override: Override | None = None
        self.dialog: QWidget | None = None   # the supervisor's dialog while open
        self.kind = self.add_row(self.tr("Kind"), QComboBox())
        self.kind.addItems([self.tr("Drop to the safe"), self.tr("Pay-out")])
        self.amount = self.add_row(self.tr("Amount (yuan)"), QLineEdit())
        self.payee = self.add_row(self.tr("Paid to"), QLineEdit())
        self.payee.setMaxLength(PAYEE_MAX_CHARS)
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed(0)
        self.amount.setFocus()

    def _kind_changed(self, index: int) -> None:
        self.payee.setEnabled(KINDS[index] == "payout")

    def prepare(self):
        from app.finance.cash import move_cash
        from app.money import parse_yuan
        kind = KINDS[self.kind.currentIndex()]
        amount_fen = parse_yuan(self.amount.text(), self.tr("amount"))
        ctx, event_id, override = self._ctx, self._event_id, self._override
        reason, payee = self.reason.text(), self.payee.text() if kind == "payout" else ""
        return lambda: move_cash(ctx.db, ctx.actor, kind, amount_fen, reason=reason, event_id=event_id,
                                 payee=payee, override=override)

    def show_error(self, exc: BaseException) -> None:
        from app.errors import PermissionDenied
        super().show_error(exc)
        if isinstance(exc, PermissionDenied):  # asked again once an authorisation is spent
            ask_supervisor_for(self, self._ctx, exc.permission, self._granted)

    def _granted(self, override: "Override") -> None:
        self._override = override
        self.accept()

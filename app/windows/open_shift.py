"""Opening a shift: the cashier counts the float in the drawer and types it in. The event id
is made when the dialog opens, so a double Enter or a retry opens one shift, not two."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.context import GuiContext
from app.windows.forms import FormDialog


class OpenShiftDialog(FormDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        from app.ledger.ids import new_event_id
        super().__init__(parent, self.tr("Open shift"),
                         self.tr("%1 at %2: count the cash in the drawer and enter it.")
                         .replace("%1", ctx.actor.display_name).replace("%2", ctx.actor.counter or ""))
        self.setObjectName("open_shift")
        self._ctx = ctx
        self._event_id = new_event_id()
        self.opening_float = self.add_row(self.tr("Opening float (yuan)"), QLineEdit("0.00"))
        self.opening_float.selectAll()
        self.opening_float.setFocus()

    def prepare(self):
        from app.ledger.service import open_shift
        from app.money import parse_yuan
        fen = parse_yuan(self.opening_float.text(), self.tr("opening float"))
        db, actor, event_id = self._ctx.db, self._ctx.actor, self._event_id
        return lambda: open_shift(db, actor, fen, event_id=event_id)

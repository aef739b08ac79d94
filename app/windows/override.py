"""A supervisor authorises one action the logged-in user may not do alone.

Desks call `ask_supervisor`; the Override it yields is passed to the service, which spends
it and records the supervisor's name in the audit entry."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.forms import FormDialog, password_field
from app.windows.names import permission_title

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.db.database import Database


class OverrideDialog(FormDialog):
    def __init__(self, db: "Database", permission: str, counter: str, parent: QWidget | None = None):
        super().__init__(parent, self.tr("Supervisor authorisation"), self.tr(
            "This needs a supervisor's permission: %1.").replace("%1", permission_title(permission)))
        self.setObjectName("override")
        self._db = db
        self._permission = permission
        self._counter = counter
        self.username = self.add_row(self.tr("Supervisor"), QLineEdit())
        self.password = self.add_row(self.tr("Password"), password_field())
        self.ok_button.setText(self.tr("Authorise"))
        self.username.setFocus()

    def prepare(self):
        from app.auth.service import authorize_override
        db, name, password, permission, counter = (self._db, self.username.text(), self.password.text(),
                                                   self._permission, self._counter)
        return lambda: authorize_override(db, name, password, permission, counter)


def ask_supervisor(parent: QWidget, db: "Database", permission: str, counter: str,
                   on_granted: Callable[["Override"], None]) -> OverrideDialog:
    """Open the dialog (non-blocking); `on_granted` runs once the supervisor is accepted."""
    dialog = OverrideDialog(db, permission, counter, parent)
    dialog.succeeded.connect(on_granted)
    dialog.open()
    return dialog

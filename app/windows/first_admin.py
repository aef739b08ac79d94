"""First start on an empty database: create the administrator who then creates everyone else."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from app.windows.forms import FormDialog, password_field, require_same

if TYPE_CHECKING:
    from app.db.database import Database


class FirstAdminDialog(FormDialog):
    def __init__(self, db: "Database", parent: QWidget | None = None):
        super().__init__(parent, self.tr("MarketDesk — first start"), self.tr(
            "This database has no users yet. Create the administrator: this user manages the "
            "other users and the settings. Keep the password safe."))
        self.setObjectName("first_admin")
        self._db = db
        self.username = self.add_row(self.tr("User name"), QLineEdit("admin"))
        self.display_name = self.add_row(self.tr("Display name"), QLineEdit(self.tr("Administrator")))
        self.password = self.add_row(self.tr("Password"), password_field())
        self.repeat = self.add_row(self.tr("Repeat password"), password_field())
        self.ok_button.setText(self.tr("Create administrator"))
        self.password.setFocus()

    def prepare(self):
        from app.auth.service import create_first_admin
        require_same(self.password.text(), self.repeat.text())
        db, name, shown, password = (self._db, self.username.text(), self.display_name.text(),
                                     self.password.text())
        return lambda: create_first_admin(db, name, shown, password)

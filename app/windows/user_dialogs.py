"""The dialogs of the user administration screen: new user, change role, reset password."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.windows.context import GuiContext
from app.windows.forms import FormDialog, password_field, require_same
from app.windows.names import role_title

if TYPE_CHECKING:
    from app.auth.service import RoleInfo, UserInfo


def role_box(roles: list["RoleInfo"], current: str | None = None) -> QComboBox:
    box = QComboBox()
    for role in roles:
        box.addItem(role_title(role.name), role.name)
    if current is not None:
        box.setCurrentIndex(box.findData(current))
    return box


class NewUserDialog(FormDialog):
    def __init__(self, ctx: GuiContext, roles: list["RoleInfo"], parent: QWidget | None = None):
        super().__init__(parent, self.tr("New user"))
        self.setObjectName("new_user")
        self._ctx = ctx
        self.username = self.add_row(self.tr("User name"), QLineEdit())
        self.username.setPlaceholderText(self.tr("letters a–z, digits, _ . -"))
        self.display_name = self.add_row(self.tr("Display name"), QLineEdit())
        self.role = self.add_row(self.tr("Role"), role_box(roles, "cashier"))
        self.password = self.add_row(self.tr("Password"), password_field())
        self.repeat = self.add_row(self.tr("Repeat password"), password_field())
        self.username.setFocus()

    def prepare(self):
        from app.auth.service import create_user
        require_same(self.password.text(), self.repeat.text())
        db, actor = self._ctx.db, self._ctx.actor
        name, shown, password, role = (self.username.text(), self.display_name.text(),
                                       self.password.text(), self.role.currentData())
        return lambda: create_user(db, actor, name, shown, password, role)


class RoleDialog(FormDialog):
    def __init__(self, ctx: GuiContext, user: "UserInfo", roles: list["RoleInfo"],
                 parent: QWidget | None = None):
        super().__init__(parent, self.tr("Change role"),
                         self.tr("User: %1 (%2)").replace("%1", user.display_name)
                         .replace("%2", user.username))
        self.setObjectName("change_role")
        self._ctx = ctx
        self._username = user.username
        self.role = self.add_row(self.tr("Role"), role_box(roles, user.role))
        self.role.setFocus()

    def prepare(self):
        from app.auth.service import set_role
        db, actor, name, role = self._ctx.db, self._ctx.actor, self._username, self.role.currentData()
        return lambda: set_role(db, actor, name, role)


class ResetPasswordDialog(FormDialog):
    def __init__(self, ctx: GuiContext, user: "UserInfo", parent: QWidget | None = None):
        super().__init__(parent, self.tr("Reset password"), self.tr(
            "Give %1 a temporary password and tell it to them in person; they should change it "
            "after logging in. This also lifts a lockout.").replace("%1", user.display_name))
        self.setObjectName("reset_password")
        self._ctx = ctx
        self._username = user.username
        self.password = self.add_row(self.tr("Temporary password"), password_field())
        self.repeat = self.add_row(self.tr("Repeat password"), password_field())
        self.password.setFocus()

    def prepare(self):
        from app.auth.service import reset_password
        require_same(self.password.text(), self.repeat.text())
        db, actor, name, password = self._ctx.db, self._ctx.actor, self._username, self.password.text()
        return lambda: reset_password(db, actor, name, password)

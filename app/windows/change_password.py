"""Everyone changes their own password: the current one proves it is really them."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.windows.context import GuiContext
from app.windows.forms import FormDialog, password_field, require_same


class ChangePasswordDialog(FormDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None, required: bool = False):
        intro = (self.tr("Your password was reset. Choose a new one to continue, %1.") if required
                 else self.tr("User: %1")).replace("%1", ctx.actor.display_name)
        super().__init__(parent, self.tr("Change password"), intro)
        self.setObjectName("change_password")
        self._ctx = ctx
        self.current = self.add_row(self.tr("Current password"), password_field())
        self.new = self.add_row(self.tr("New password"), password_field())
        self.repeat = self.add_row(self.tr("Repeat new password"), password_field())
        self.current.setFocus()

    def prepare(self):
        from app.auth.service import change_password
        require_same(self.new.text(), self.repeat.text())
        db, actor, old, new = self._ctx.db, self._ctx.actor, self.current.text(), self.new.text()
        return lambda: change_password(db, actor, old, new)

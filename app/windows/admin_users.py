"""Users and roles (needs user.manage): the list of users and what an administrator does
with them. Every change goes through app.auth.service and is announced on the change hub."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.context import GuiContext
from app.windows.dialogs import open_tracked
from app.windows.forms import FormDialog
from app.windows.names import role_title
from app.windows.retranslate import Retranslating
from app.windows.user_dialogs import NewUserDialog, ResetPasswordDialog, RoleDialog

if TYPE_CHECKING:
    from app.auth.service import RoleInfo, UserInfo

COLUMNS = 4


class UsersScreen(Retranslating, QWidget):
    refreshed = Signal()  # the table shows the database's current users

    def __init__(self, ctx: GuiContext):
        super().__init__()
        self.setObjectName("admin_users")
        self._ctx = ctx
        self.users: list[UserInfo] = []
        self.roles: list[RoleInfo] = []
        self.dialog: QWidget | None = None  # the dialog an action opened, while it is open
        self._message_text = str  # produces the message line; called again on a language switch

        self.new_action = make_action(self, "Ctrl+N", self.new_user)
        self.role_action = make_action(self, "Ctrl+R", self.change_role)
        self.reset_action = make_action(self, "Ctrl+P", self.reset_password)
        self.lock_action = make_action(self, "Ctrl+L", lambda: self.set_locked(True))
        self.unlock_action = make_action(self, "Ctrl+U", lambda: self.set_locked(False))
        self.refresh_action = make_action(self, "F5", self.refresh)
        toolbar = QHBoxLayout()
        for action in (self.new_action, self.role_action, self.reset_action, self.lock_action,
                       self.unlock_action, self.refresh_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            toolbar.addWidget(button)
        toolbar.addStretch(1)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("users")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_: self._update_actions())
        self.message = QLabel()
        self.message.setObjectName("message")

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        ctx.changes.users_changed.connect(self.refresh)
        self.retranslate()
        self._update_actions()
        self.refresh()

    def retranslate(self) -> None:
        set_action_text(self.new_action, self.tr("New user"))
        set_action_text(self.role_action, self.tr("Change role"))
        set_action_text(self.reset_action, self.tr("Reset password"))
        set_action_text(self.lock_action, self.tr("Lock"))
        set_action_text(self.unlock_action, self.tr("Unlock"))
        set_action_text(self.refresh_action, self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Display name"), self.tr("Role"), self.tr("Status")])
        self._fill()
        self.message.setText(self._message_text())

    # ---- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        from app.auth import service as auth
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: (auth.list_users(db, actor), auth.list_roles(db, actor)),
                on_success=self._loaded, parent=self)

    def _loaded(self, result: tuple[list["UserInfo"], list["RoleInfo"]]) -> None:
        self.users, self.roles = result
        self._fill()
        self.refreshed.emit()

    def _fill(self) -> None:
        selected = self.selected_user()
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            cells = (user.username, user.display_name, role_title(user.role), self._status(user))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        names = [u.username for u in self.users]
        if selected is not None and selected.username in names:
            self.table.selectRow(names.index(selected.username))
        elif self.users and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._update_actions()

    def _status(self, user: "UserInfo") -> str:
        if user.disabled:
            return self.tr("Locked by an administrator")
        # Compared with this PC's clock only to choose the wording; the service decides.
        now_utc = datetime.now(timezone.utc).replace(tzinfo=None)  # stored times are naive UTC
        if user.locked_until is not None and user.locked_until > now_utc:
            from app.db.clock import to_local
            return self.tr("Locked until %1 (wrong passwords)").replace(
                "%1", to_local(user.locked_until).strftime("%H:%M"))
        if user.must_change_password:
            return self.tr("Active, must change password")
        return self.tr("Active")

    # ---- actions ----------------------------------------------------------------------------

    def selected_user(self) -> "UserInfo | None":
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def select_user(self, username: str) -> None:
        self.table.selectRow([u.username for u in self.users].index(username))

    def _update_actions(self) -> None:
        user = self.selected_user()
        for action in (self.role_action, self.reset_action):
            action.setEnabled(user is not None)
        self.lock_action.setEnabled(user is not None and not user.disabled)
        locked = user is not None and (user.disabled or user.locked_until is not None)
        self.unlock_action.setEnabled(locked)
        self.new_action.setEnabled(bool(self.roles))

    def new_user(self) -> None:
        self._open(NewUserDialog(self._ctx, self.roles, self), lambda info: self.tr(
            "User %1 created.").replace("%1", info.username))

    def change_role(self) -> None:
        user = self.selected_user()
        if user is not None:
            self._open(RoleDialog(self._ctx, user, self.roles, self), lambda info: self.tr(
                "%1 is now: %2.").replace("%1", info.username).replace("%2", role_title(info.role)))

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is not None:
            name = user.username
            self._open(ResetPasswordDialog(self._ctx, user, self), lambda _none: self.tr(
                "Password of %1 reset.").replace("%1", name))

    def set_locked(self, locked: bool) -> None:
        from app.auth import service as auth
        user = self.selected_user()
        if user is None:
            return
        db, actor, name = self._ctx.db, self._ctx.actor, user.username
        ops.run(lambda: auth.set_disabled(db, actor, name, locked), on_success=self._lock_changed,
                parent=self)

    def _lock_changed(self, info: "UserInfo") -> None:
        if info.disabled:
            self._changed(lambda: self.tr("User %1 locked.").replace("%1", info.username))
        else:
            self._changed(lambda: self.tr("User %1 unlocked.").replace("%1", info.username))

    def _open(self, dialog: FormDialog, done_text: Callable[[Any], str]) -> None:
        dialog.succeeded.connect(lambda result: self._changed(lambda: done_text(result)))
        open_tracked(self, dialog)

    def _changed(self, message_text: Callable[[], str]) -> None:
        """Say what was done (again after a language switch) and let every view refresh."""
        self._message_text = message_text
        self.message.setText(message_text())
        self._ctx.changes.users_changed.emit()

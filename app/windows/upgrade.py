"""A shared PostgreSQL database is behind this program: upgrade it, but only on purpose.

Every counter uses the same schema, so the upgrade needs a user with settings.manage and an
explicit confirmation; the other counters then need this version too. An empty database has
no users to ask, and nothing to lose: it only needs the confirmation."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QProgressBar, QStackedWidget, QVBoxLayout, QWidget)

from app.errors import SchemaMismatch
from app.windows import ops
from app.windows.messages import error_text
from app.windows.startup_work import check_upgrader, upgrade_schema

if TYPE_CHECKING:
    from app.db.migrate import UpgradeResult


class UpgradeDialog(QDialog):
    upgraded = Signal(object)  # app.db.migrate.UpgradeResult
    quit_requested = Signal()

    def __init__(self, mismatch: SchemaMismatch, url: str, counter_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("upgrade")
        self.setWindowTitle(self.tr("MarketDesk — upgrade the database"))
        self._url = url
        self._counter = counter_name
        self._empty = mismatch.current is None
        self._upgrader = None  # the settings.manage user who confirmed, for the audit trail

        if self._empty:
            intro = QLabel(self.tr("The database is empty. MarketDesk can create its tables in it."))
        else:
            intro = QLabel(self.tr("The database was made by an older MarketDesk (schema %1); "
                                   "this version needs schema %2.")
                           .replace("%1", str(mismatch.current)).replace("%2", mismatch.head))
        intro.setWordWrap(True)

        self.pages = QStackedWidget()
        self.credentials_page = self._credentials_page()
        self.confirm_page = self._confirm_page()
        self.working_page = self._working_page()
        for page in (self.credentials_page, self.confirm_page, self.working_page):
            self.pages.addWidget(page)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")

        self.buttons = QDialogButtonBox()
        self.next_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button.setDefault(True)
        self.buttons.addButton(self.tr("Quit (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._go(self.confirm_page if self._empty else self.credentials_page)

    def _credentials_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(QLabel(self.tr("Log in as a user who may manage settings:")))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        text = QLabel(self.tr("Upgrade the database now? Close MarketDesk on every other counter "
                              "first; afterwards they all need this version."))
        text.setWordWrap(True)
        QVBoxLayout(page).addWidget(text)
        return page

    def _working_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Upgrading… do not switch off this computer.")))
        busy = QProgressBar()
        busy.setRange(0, 0)  # no steps to count: a migration reports none
        layout.addWidget(busy)
        return page

    def _go(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.next_button.setEnabled(page is not self.working_page)
        if page is self.credentials_page:
            self.next_button.setText(self.tr("Continue (Enter)"))
            self.username.setFocus()
        elif page is self.confirm_page:
            self.next_button.setText(self.tr("Upgrade now (Enter)"))
            self.next_button.setFocus()

    @property
    def stage(self) -> str:
        return {self.credentials_page: "credentials", self.confirm_page: "confirm",
                self.working_page: "working"}[self.pages.currentWidget()]

    def accept(self) -> None:
        """Enter: check the credentials, or (on the confirmation page) upgrade."""
        if not self.next_button.isEnabled():
            return  # a check or the upgrade is running
        if self.stage == "credentials":
            self.submit_credentials()
        elif self.stage == "confirm":
            self.confirm()

    def reject(self) -> None:
        if self.stage == "working":
            return  # an interrupted migration is the one thing worse than a slow one
        super().reject()
        self.quit_requested.emit()

    def submit_credentials(self) -> None:
        url, counter = self._url, self._counter
        name, password = self.username.text(), self.password.text()
        self.next_button.setEnabled(False)
        self.error_label.clear()
        ops.run(lambda: check_upgrader(url, name, password, counter),
                on_success=self._credentials_ok,
                on_failure=self._failed_on(self.credentials_page), parent=self)

    def _credentials_ok(self, actor) -> None:
        self._upgrader = actor
        self._go(self.confirm_page)

    def confirm(self) -> None:
        url, actor = self._url, self._upgrader
        self.error_label.clear()
        self._go(self.working_page)
        ops.run(lambda: upgrade_schema(url, actor), on_success=self._done,
                on_failure=self._failed_on(self.confirm_page), parent=self)

    def _failed_on(self, page: QWidget):
        def failed(exc: Exception) -> None:
            self.error_label.setText(error_text(exc))
            self.password.clear()
            self._go(page)
        return failed

    def _done(self, result: "UpgradeResult") -> None:
        super().accept()
        self.upgraded.emit(result)

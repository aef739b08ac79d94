"""The login window: the first thing a cashier sees, so it must paint fast. Nothing heavy is
imported here; the database is opened only after the first paint (see controller)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.auth.actor import Actor
from app.errors import AccountLocked, AuthenticationFailed, UserError
from app.windows import ops
from app.windows.application import current_language, install_language
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.db.database import Database

# Shown in their own language, never translated: a user must find their language in either.
LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}


class LoginWindow(Retranslating, QWidget):
    logged_in = Signal(object)     # Actor
    quit_requested = Signal()
    first_painted = Signal()

    def __init__(self, counter_name: str):
        super().__init__()
        self.setObjectName("login")
        self._db: Database | None = None
        self._counter_name = counter_name
        self._painted = False
        # Produces the message line; called again on a language switch.
        self._message_text: Callable[[], str] = str

        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter_label = QLabel()
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.returnPressed.connect(self.attempt_login)
        self.password.returnPressed.connect(self.attempt_login)
        form = QFormLayout()
        self.username_label = QLabel()
        self.password_label = QLabel()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.login_button = QPushButton()
        self.login_button.clicked.connect(self.attempt_login)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.quit_requested)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.quit_requested.emit)

        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language.activated.connect(self._language_chosen)

        buttons = QHBoxLayout()
        buttons.addWidget(self.language)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.heading)
        layout.addWidget(self.counter_label)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.retranslate()
        self.set_waiting()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("MarketDesk — log in"))
        self.heading.setText(self.tr("MarketDesk"))
        self.counter_label.setText(self.tr("Counter: %1").replace("%1", self._counter_name))
        self.username_label.setText(self.tr("&User name"))
        self.username_label.setBuddy(self.username)
        self.password_label.setText(self.tr("&Password"))
        self.password_label.setBuddy(self.password)
        self.login_button.setText(self.tr("Log in (Enter)"))
        self.quit_button.setText(self.tr("Quit (Esc)"))
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.message.setText(self._message_text())

    # ---- state set by the controller ------------------------------------------------------

    def set_waiting(self) -> None:
        """The database is not open yet: the window shows, but nobody can log in."""
        self._db = None
        self.login_button.setEnabled(False)
        self._show_message(lambda: self.tr("Connecting to the database…"))

    def set_database(self, db: "Database") -> None:
        self._db = db
        self.login_button.setEnabled(True)
        self._show_message(str)
        (self.password if self.username.text() else self.username).setFocus()

    @property
    def counter_name(self) -> str:
        return self._counter_name

    def set_counter(self, counter_name: str) -> None:
        self._counter_name = counter_name
        self.retranslate()

    def set_username(self, username: str) -> None:
        self.username.setText(username)
        self.password.clear()

    # ---- logging in ------------------------------------------------------------------------

    def attempt_login(self) -> None:
        if self._db is None or not self.login_button.isEnabled():
            return
        from app.auth import service as auth
        db, counter = self._db, self._counter_name
        name, password = self.username.text(), self.password.text()
        self.login_button.setEnabled(False)
        self._show_message(lambda: self.tr("Checking…"))
        ops.run(lambda: auth.login(db, name, password, counter),
                on_success=self._succeeded, on_failure=self._failed, parent=self)

    def _succeeded(self, actor: Actor) -> None:
        self.login_button.setEnabled(True)
        self.password.clear()
        self._show_message(str)
        self.logged_in.emit(actor)

    def _failed(self, exc: Exception) -> None:
        self.login_button.setEnabled(self._db is not None)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, AuthenticationFailed) and not isinstance(exc, AccountLocked):
            # The service's message says no more than this; show it in the user's language.
            self._show_message(lambda: self.tr("Wrong user name or password."))
        else:
            self._show_message(lambda: error_text(exc))

    def _show_message(self, text: Callable[[], str]) -> None:
        self._message_text = text
        self.message.setText(text())

    # ---- language and first paint ----------------------------------------------------------

    def _language_chosen(self, index: int) -> None:
        """A personal preference at the counter: saved for the next start, no permission."""
        from app.settings_service import set_language
        language = self.language.itemData(index)
        install_language(language)
        try:
            set_language(language)
        except UserError as exc:  # an unreadable settings file: the switch still holds for now
            problem = exc
            self._show_message(lambda: error_text(problem))

    def closeEvent(self, event) -> None:
        """Closing the login window is quitting; hiding it (after login) is not."""
        super().closeEvent(event)
        self.quit_requested.emit()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # After this paint has been flushed to the screen, not inside it.
            QTimer.singleShot(0, self.first_painted.emit)

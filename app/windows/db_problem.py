"""The database cannot be opened: say why, and offer what can be done about it.

Retry is the usual cure (server restarted, cable plugged back in). A wrong address can be
corrected here, before anyone can log in, because without a database nobody could."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.windows.messages import error_detail, error_headline


class DbProblemDialog(QDialog):
    retry_requested = Signal(str)  # the database URL to try
    quit_requested = Signal()

    def __init__(self, exc: BaseException, url: str, *, can_retry: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("db_problem")
        self.setWindowTitle(self.tr("MarketDesk — cannot open the database"))
        self.headline = QLabel(error_headline(exc))
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.detail = QLabel(error_detail(exc))
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)

        self.url = QLineEdit(url)
        self.url.setObjectName("database_url")
        self.url_row = QWidget()
        url_form = QFormLayout(self.url_row)
        url_form.setContentsMargins(0, 0, 0, 0)
        url_form.addRow(self.tr("Database address"), self.url)
        hint = QLabel(self.tr("sqlite:///FILE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE. "
                              "A changed address is saved in this counter's settings."))
        hint.setWordWrap(True)
        url_form.addRow(hint)
        # Hidden until asked for: a PostgreSQL address may contain a password.
        self.url_row.hide()
        layout.addWidget(self.url_row)

        buttons = QDialogButtonBox()
        self.buttons = buttons
        if can_retry:
            self.retry_button = buttons.addButton(self.tr("Retry (Enter)"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
            self.retry_button.setDefault(True)
            self.change_button = QPushButton(self.tr("Change database… (F2)"))
            buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.change_button.clicked.connect(self.show_url)
            QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.show_url)
        buttons.addButton(self.tr("Quit (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def show_url(self) -> None:
        self.url_row.show()
        self.url.setFocus()
        self.url.selectAll()

    def accept(self) -> None:
        super().accept()
        self.retry_requested.emit(self.url.text().strip())

    def reject(self) -> None:
        super().reject()
        self.quit_requested.emit()

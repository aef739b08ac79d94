"""A dialog of labelled fields whose OK runs one service call in the background.

Enter confirms and Esc cancels (QDialog's defaults, kept on purpose: cashiers work from the
keyboard). A failure is shown inside the dialog, which stays open with the input kept, so the
user corrects it and presses Enter again. Strings here use an explicit context because
PySide's self.tr() would look them up under the subclass's name."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from app.windows import ops
from app.windows.messages import error_text


translate = QCoreApplication.translate
MIN_WIDTH_PX = 400  # room for a Chinese label and a comfortable input field


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class FormDialog(QDialog):
    succeeded = Signal(object)  # the service call's result

    def __init__(self, parent: QWidget | None, title: str, intro: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(translate("FormDialog", "OK"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(translate("FormDialog", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MIN_WIDTH_PX)

    def add_row(self, label: str, field: QWidget) -> QWidget:
        self.form.addRow(label, field)
        return field

    def prepare(self) -> Callable[[], Any]:
        """Check the input here (raise app.errors.ValidationError with a translated message)
        and return the call to run in the background."""
        raise NotImplementedError

    def accept(self) -> None:
        """OK / Enter: run the call; the dialog closes only when it succeeded."""
        if not self.ok_button.isEnabled():
            return  # a call is already running
        try:
            call = self.prepare()
        except Exception as exc:
            self.show_error(exc)
            return
        self._set_busy(True)
        ops.run(call, on_success=self._succeeded, on_failure=self._failed, parent=self)

    def show_error(self, exc: BaseException) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _succeeded(self, result: Any) -> None:
        self._set_busy(False)
        self.succeeded.emit(result)
        super().accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.show_error(exc)


def require_same(password: str, repeated: str) -> None:
    """Typing a new password twice catches a typo before it locks someone out."""
    from app.errors import ValidationError
    if password != repeated:
        raise ValidationError(translate("FormDialog", "The two passwords differ."))

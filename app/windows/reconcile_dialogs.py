"""The reconciliation screen's dialogs: the errors of a refused import (with "Import the valid
rows"), and a difference's resolution note."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from app.windows.forms import FormDialog

translate = QCoreApplication.translate


class ImportErrorsDialog(QDialog):
    """Nothing was imported; the user reads why, and may import the valid rows instead."""
    import_valid = Signal()

    def __init__(self, parent: QWidget | None, file_name: str, errors: list[str], error_count: int,
                 valid_count: int):
        super().__init__(parent)
        self.setWindowTitle(translate("ReconcileDialogs", "Statement not imported"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        headline = QLabel(translate("ReconcileDialogs", "%1: %2 rows are wrong, %3 are valid. Nothing was imported.")
                          .replace("%1", file_name).replace("%2", str(error_count)).replace("%3", str(valid_count)))
        headline.setWordWrap(True)
        layout.addWidget(headline)
        self.errors = QPlainTextEdit("\n".join(errors))
        self.errors.setObjectName("import_errors")
        self.errors.setReadOnly(True)
        layout.addWidget(self.errors)
        buttons = QDialogButtonBox()
        self.valid_button = buttons.addButton(translate("ReconcileDialogs", "Import the valid rows"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.valid_button.setObjectName("import_valid_rows")
        self.valid_button.setEnabled(valid_count > 0)
        buttons.addButton(translate("ReconcileDialogs", "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._import_valid)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _import_valid(self) -> None:
        self.import_valid.emit()
        self.accept()


class ResolveDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ctx, key: str, description: str):
        super().__init__(parent, translate("ReconcileDialogs", "Resolve %1").replace("%1", key), description)
        self._ctx = ctx
        self._key = key
        self.note = QLineEdit()
        self.note.setObjectName("resolve_note")
        self.note.setMaxLength(200)
        self.add_row(translate("ReconcileDialogs", "Note"), self.note)

    def prepare(self):
        from app.reconcile.resolve import resolve
        db, actor, key, note = self._ctx.db, self._ctx.actor, self._key, self.note.text()
        return lambda: resolve(db, actor, key, note)

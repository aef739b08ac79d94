"""Opening a dialog without blocking: `exec()` would run a nested event loop (and hang a test
that never closes it); `open()` returns at once and the result arrives by signal."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog


def open_tracked(owner, dialog: QDialog) -> None:
    """Open `dialog` as `owner.dialog`, where tests (and the owner) find it while it is open;
    forget it and delete it (on the GUI thread) once it closes."""
    owner.dialog = dialog

    def forget(_result: int) -> None:
        if owner.dialog is dialog:
            owner.dialog = None
        dialog.deleteLater()

    dialog.finished.connect(forget)
    dialog.open()

"""Keyboard-first actions: every command has a shortcut, and its button says which."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(owner: QWidget, shortcut: str, slot: Callable[[], None]) -> QAction:
    """The shortcut works anywhere in owner's window while owner is visible: Qt ignores the
    shortcuts of hidden widgets, so screens stacked in the main window never compete."""
    action = QAction(owner)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    # Swallow `checked`: it would otherwise land in the slot's first default argument.
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def set_action_text(action: QAction, text: str) -> None:
    """'New user (Ctrl+N)': the shortcut is learnt by reading the button."""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setText(f"{text} ({keys})" if keys else text)

"""A line edit with suggestions as you type, for the keyboard: the list drops down under the
field without taking the focus (the cashier keeps typing), Down and Up walk it, Enter hands the
owner the walked-to suggestion (or the first one, or none) and Esc closes it.

The list is a child of the field's window laid over the other widgets, not a popup window:
a popup would grab the keyboard, and a scanner or a fast typist must never lose keystrokes."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QListWidget, QListWidgetItem, QWidget

ROWS_SHOWN_MAX = 8
ROW_PADDING_PX = 6


class SuggestionList(QListWidget):
    def __init__(self):
        super().__init__()
        self.setObjectName("suggestions")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setStyleSheet("QListWidget { background: palette(base); border: 1px solid palette(dark); }"
                           f"QListWidget::item {{ padding: {ROW_PADDING_PX // 2}px 6px; }}")
        self.hide()


class PickField(QLineEdit):
    """Owners connect `enter_pressed(walked, first)`: the data of the suggestion walked to
    with the arrows (None if none), and of the first suggestion (None if the list is empty)."""
    enter_pressed = Signal(object, object)
    suggestion_clicked = Signal(object)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.suggestions = SuggestionList()
        self.suggestions.itemClicked.connect(self._clicked)
        # The list lives in the window (see the module doc): it goes when the field goes.
        self.destroyed.connect(self.suggestions.deleteLater)
        self._items: list[tuple[str, Any]] = []

    # ---- the list ---------------------------------------------------------------------------

    def set_suggestions(self, items: list[tuple[str, Any]]) -> None:
        """(text shown, data handed back) pairs, best first; [] closes the list."""
        self._items = list(items)
        self.suggestions.clear()
        for text, data in self._items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            self.suggestions.addItem(item)
        self.suggestions.setCurrentRow(-1)
        if self._items and self.hasFocus():
            self._place()
            self.suggestions.show()
            self.suggestions.raise_()
        else:
            self.suggestions.hide()

    def suggestion_texts(self) -> list[str]:
        return [text for text, _ in self._items]

    def close_suggestions(self) -> None:
        self.suggestions.hide()

    def _place(self) -> None:
        window = self.window()
        if self.suggestions.parentWidget() is not window:
            self.suggestions.setParent(window)
        below = self.mapTo(window, QPoint(0, self.height()))
        rows = min(len(self._items), ROWS_SHOWN_MAX)
        row_height = self.suggestions.sizeHintForRow(0) if self._items else 0
        height = rows * max(row_height, self.fontMetrics().height() + ROW_PADDING_PX) + 4
        width = max(self.width(), 320)
        self.suggestions.setGeometry(below.x(), below.y(), width, height)

    def _walked(self) -> Any:
        item = self.suggestions.currentItem() if self.suggestions.isVisible() else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _first(self) -> Any:
        return self._items[0][1] if self._items else None

    def _clicked(self, item: QListWidgetItem) -> None:
        self.suggestions.hide()
        self.suggestion_clicked.emit(item.data(Qt.ItemDataRole.UserRole))

    # ---- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        visible = self.suggestions.isVisible() and self.suggestions.count() > 0
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and visible:
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.suggestions.count() - 1, self.suggestions.currentRow() + step))
            self.suggestions.setCurrentRow(row)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            walked, first = self._walked(), self._first()
            self.suggestions.hide()
            self.enter_pressed.emit(walked, first)
            return
        if key == Qt.Key.Key_Escape:
            if visible:
                self.suggestions.hide()
            else:
                self.escape_pressed.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.suggestions.hide()

    def event(self, event: QEvent) -> bool:
        # Tab must leave the field even while the list is open (QLineEdit would keep it).
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.suggestions.hide()
        return super().event(event)

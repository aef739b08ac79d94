"""The printers of this counter in order: the first prints the receipts, the others are there
for "Other printer…" when it fails. Add, remove and move up; the Printers screen edits the
chosen one in its form."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.devices.printers.settings import PrinterSettings
from app.windows.actions import make_action, set_action_text
from app.windows.retranslate import Retranslating

FIRST_NAME = "receipt"  # the default name of PrinterSettings, as `print test` and the worker know it
LIST_HEIGHT_PX = 96     # three or four printers without scrolling, and room for the form below


def new_name(taken: set[str]) -> str:
    if FIRST_NAME not in taken:
        return FIRST_NAME
    n = 2
    while f"printer {n}" in taken:
        n += 1
    return f"printer {n}"


class PrinterList(Retranslating, QWidget):
    current_changed = Signal(int)   # the row now shown in the form (-1: none)
    edited = Signal()               # a printer was added, removed or moved

    def __init__(self, shortcut_owner: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self._printers: list[PrinterSettings] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("printers")
        self.list.setFixedHeight(LIST_HEIGHT_PX)
        self.list.currentRowChanged.connect(self.current_changed)
        self.add_action = make_action(shortcut_owner, "Ctrl+N", self.add)
        self.up_action = make_action(shortcut_owner, "Alt+Up", self.move_up)
        self.add_button, self.remove_button, self.up_button = QPushButton(), QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(self.move_up)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._sync)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("The first printer prints the receipts; the others can take a "
                                   "failed job (Other printer… in the print queue)."))
        set_action_text(self.add_action, self.tr("Add"))
        self.add_button.setText(self.add_action.text())
        self.remove_button.setText(self.tr("Remove"))
        set_action_text(self.up_action, self.tr("Move up"))
        self.up_button.setText(self.up_action.text())
        self._refresh_texts()

    # ---- the printers ---------------------------------------------------------------------

    def printers(self) -> list[PrinterSettings]:
        return list(self._printers)

    def set_printers(self, printers: list[PrinterSettings]) -> None:
        self._printers = list(printers)
        self.list.clear()
        self.list.addItems([""] * len(self._printers))
        self._refresh_texts()
        self.list.setCurrentRow(0 if self._printers else -1)
        self._sync()

    def current_row(self) -> int:
        return self.list.currentRow()

    def current(self) -> PrinterSettings | None:
        row = self.current_row()
        return self._printers[row] if 0 <= row < len(self._printers) else None

    def update_current(self, printer: PrinterSettings) -> None:
        """The form's edit of the chosen printer."""
        row = self.current_row()
        if 0 <= row < len(self._printers):
            self._printers[row] = printer
            self._refresh_texts()

    def select(self, row: int) -> None:
        self.list.setCurrentRow(row)

    # ---- commands -------------------------------------------------------------------------

    def add(self) -> None:
        name = new_name({p.name for p in self._printers})
        self._printers.append(replace(PrinterSettings(), name=name))
        self.list.addItem("")
        self._refresh_texts()
        self.list.setCurrentRow(len(self._printers) - 1)
        self.edited.emit()

    def remove(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self._printers):
            return
        del self._printers[row]
        self.list.blockSignals(True)  # one current_changed below, for the row that is shown next
        self.list.takeItem(row)
        self.list.setCurrentRow(min(row, len(self._printers) - 1))
        self.list.blockSignals(False)
        self._refresh_texts()
        self.current_changed.emit(self.current_row())
        self._sync()
        self.edited.emit()

    def move_up(self) -> None:
        row = self.current_row()
        if row <= 0 or row >= len(self._printers):
            return
        self._printers[row - 1], self._printers[row] = self._printers[row], self._printers[row - 1]
        self._refresh_texts()
        self.list.setCurrentRow(row - 1)
        self.edited.emit()

    # ---- looks ----------------------------------------------------------------------------

    def _refresh_texts(self) -> None:
        for row, printer in enumerate(self._printers):
            item = self.list.item(row)
            if item is None:
                continue
            text = f"{row + 1}. {printer.name} — {_where(printer)}"
            if row == 0:
                text += "  " + self.tr("(receipts)")
            item.setText(text)

    def _sync(self, *_args) -> None:
        row = self.current_row()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.up_action.setEnabled(row > 0)


def _where(printer: PrinterSettings) -> str:
    try:
        return printer.describe()
    except (KeyError, ValueError):  # an unknown connection kind from a hand-edited file
        return printer.backend

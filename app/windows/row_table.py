"""Read-only lists (master data, the desks' shift lists): whole rows selected, one at a time, walked with
the arrow keys; the texts are set by the screen (and again after a language switch)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def make_table(columns: int, name: str, stretch_column: int = 1) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)   # Tab leaves the list for the form, as a keyboard user expects
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def fill_row(table: QTableWidget, row: int, cells: Sequence[str], *, dimmed: bool = False,
             right_aligned: Sequence[int] = ()) -> None:
    """Cells of one row; `dimmed` greys out what is no longer in use."""
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        if column in right_aligned:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if dimmed:
            item.setForeground(QBrush(table.palette().color(QPalette.ColorGroup.Disabled,
                                                            QPalette.ColorRole.Text)))
        table.setItem(row, column, item)


def row_texts(table: QTableWidget, row: int) -> list[str]:
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]

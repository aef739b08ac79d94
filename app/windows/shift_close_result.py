"""What a shift close wrote, shown in the close dialog once it succeeded: per method what the
ledger expected, what was counted or declared and the difference (red unless zero), the
handover number and whether the slip is printing. Also the expected figures before
submitting, when the market's policy shows them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget

from app.windows.desk_format import money
from app.windows.recharge_format import method_title
from app.windows.row_table import fill_row, make_table

if TYPE_CHECKING:
    from app.finance.close import HandoverResult
    from app.finance.figures import ShiftFigures

CONTEXT = "ShiftCloseResult"
COLUMNS = (QT_TRANSLATE_NOOP("ShiftCloseResult", "Method"), QT_TRANSLATE_NOOP("ShiftCloseResult", "Expected"),
           QT_TRANSLATE_NOOP("ShiftCloseResult", "Counted / declared"),
           QT_TRANSLATE_NOOP("ShiftCloseResult", "Difference"))
SHORT_RED = QColor("#b00020")
translate = QCoreApplication.translate


def result_table() -> QTableWidget:
    table = make_table(len(COLUMNS), "close_result", stretch_column=0)
    table.setHorizontalHeaderLabels([translate(CONTEXT, c) for c in COLUMNS])
    return table


def show_result(table: QTableWidget, result: "HandoverResult") -> None:
    table.setRowCount(len(result.lines))
    for row, line in enumerate(result.lines):
        difference = line.difference_fen
        fill_row(table, row, (method_title(line.method), money(line.expected_fen), money(line.counted_fen),
                              ("+" if difference > 0 else "") + money(difference)), right_aligned=(1, 2, 3))
        if difference:
            table.item(row, 3).setForeground(QBrush(SHORT_RED))


def result_headline(result: "HandoverResult") -> str:
    text = translate("ShiftCloseResult", "Shift closed: handover %1.").replace("%1", result.handover_no)
    if result.print_job_id is not None:
        return text + " " + translate("ShiftCloseResult", "The handover slip is printing.")
    return text + " " + translate("ShiftCloseResult", "No slip: this workstation has no counter name.")


def preview_text(figures: "ShiftFigures | None") -> str:
    if figures is None:
        return translate("ShiftCloseResult", "Blind count: the expected figures are shown after you submit.")
    parts = [translate("ShiftCloseResult", "Expected cash %1").replace("%1", money(figures.expected_cash_fen))]
    parts += [f"{method_title(m.method)} {money(m.expected_fen)}" for m in figures.methods if m.expected_fen]
    return " · ".join(parts)

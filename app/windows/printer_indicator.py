"""The status bar's printer: "Printer: ready / paper low / out of paper / not responding /
N failed", coloured so a cashier notices a problem from across the counter, with the reason
in the tooltip. Clicking it opens the print queue.

It only shows what it is given (the queue from PrintQueueWatch, statuses from the print
station's adapter); failed jobs come first, because they are what the cashier must act on."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.windows.print_names import printer_state_title
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.devices.printers.status import PrinterStatus
    from app.printing.queue import Job

GREEN, AMBER, RED = "#1f7a34", "#8a6d00", "#b00020"
STATE_COLORS = {"ok": GREEN, "near_end": AMBER, "unknown": AMBER}  # any other state cannot print: red


class PrinterIndicator(Retranslating, QLabel):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("printer_status")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._failed: list[Job] = []
        self._status: tuple[str, PrinterStatus] | None = None
        self._problem = ""
        self.color: str | None = None  # as shown; tests and the screenshot review read it
        self.retranslate()

    # ---- what it is told --------------------------------------------------------------------

    def show_jobs(self, jobs: "list[Job]") -> None:
        self._failed = [job for job in jobs if job.state == "failed"]  # newest first
        self.retranslate()

    def show_status(self, printer: str, status: "PrinterStatus") -> None:
        self._status = (printer, status)
        self.retranslate()

    def show_problem(self, problem: str) -> None:
        """The printer settings cannot be read ("" once they can)."""
        self._problem = problem
        self.retranslate()

    # ---- how it looks -----------------------------------------------------------------------

    def retranslate(self) -> None:
        text, tip, color = self._describe()
        self.setText(text)
        self.setToolTip(tip)
        self.color = color
        self.setStyleSheet(f"padding: 0 10px; color: {color};" if color else "padding: 0 10px;")

    def _describe(self) -> tuple[str, str, str | None]:
        if self._problem:
            return self.tr("Printer: settings cannot be read"), self._problem, RED
        if self._failed:
            newest = self._failed[0]
            return (self.tr("Printer: %1 failed").replace("%1", str(len(self._failed))),
                    newest.last_error or "", RED)
        if self._status is not None:
            printer, status = self._status
            text = self.tr("Printer: %1").replace("%1", printer_state_title(status.state))
            return text, f"{printer}: {status.detail}" if status.detail else printer, \
                STATE_COLORS.get(status.state, RED)
        return self.tr("Printer: idle"), self.tr("Nothing printed yet in this session"), None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

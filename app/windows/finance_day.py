"""日结 on the finance desk: pick the day (today by default), see what still stands in the way
(open shifts, handovers not received), and close it: in the background, the ledger verified,
the day report written as a PDF into the reports folder of this PC's data directory, then
offered to open."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.desk_format import money
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.finance.day import DayCloseResult, DayStatus
    from app.windows.context import GuiContext


def reports_dir() -> Path:
    from app import config
    return config.data_dir() / "reports"


class DayClosePanel(Retranslating, QWidget):
    finished = Signal(object)    # DayCloseResult, or the exception

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.status: DayStatus | None = None
        self.result: DayCloseResult | None = None
        self.busy = False
        self._message: Callable[[], str] = str
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("close_day_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.day_label = QLabel()
        self.check_button, self.close_button, self.open_button = QPushButton(), QPushButton(), QPushButton()
        self.close_button.setObjectName("close_day")
        self.check_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.close_day)
        self.open_button.clicked.connect(self.open_report)
        self.open_button.hide()
        self.summary = QLabel()
        self.summary.setObjectName("day_status")
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("day_message")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        for widget in (self.day_label, self.day, self.check_button, self.close_button):
            top.addWidget(widget)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.open_button)
        layout.addStretch(1)
        self.setFocusProxy(self.day)
        self.retranslate()

    def retranslate(self) -> None:
        self.day_label.setText(self.tr("Business day"))
        self.check_button.setText(self.tr("Check"))
        self.close_button.setText(self.tr("Close the day"))
        self.open_button.setText(self.tr("Open the day report"))
        self._show_status()
        self.message.setText(self._message())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    def refresh(self) -> None:
        from app.finance.day import day_status
        db, actor, day = self._ctx.db, self._ctx.actor, self.day.date().toPython()
        ops.run(lambda: day_status(db, actor, day), on_success=self._status_loaded,
                on_failure=lambda exc: self._say(lambda: error_text(exc)), parent=self)

    def _status_loaded(self, status: "DayStatus") -> None:
        if status.day != self.day.date().toPython():
            return
        self.status = status
        self._show_status()

    def _show_status(self) -> None:
        s = self.status
        self.close_button.setEnabled(not self.busy and s is not None and s.ready)
        if s is None:
            self.summary.setText("")
            return
        lines = [self.tr("Handovers received: %1").replace("%1", str(s.received)),
                 self.tr("Shifts still open: %1").replace("%1", ", ".join(s.open_shifts) or self.tr("none")),
                 self.tr("Handovers waiting: %1").replace("%1", ", ".join(s.waiting_handovers) or self.tr("none"))]
        if s.closed_at is not None:
            lines.append(self.tr("This day is already closed."))
        elif s.ready:
            lines.append(self.tr("Ready to close."))
        self.summary.setText("\n".join(lines))

    def close_day(self) -> None:
        from app.finance.day import close_day
        if self.busy:
            return
        self.busy = True
        self.open_button.hide()
        self._show_status()
        self._say(lambda: self.tr("Closing the day: checking the ledger and writing the day report…"))
        db, actor, day, folder = self._ctx.db, self._ctx.actor, self.day.date().toPython(), reports_dir()

        def work() -> "DayCloseResult":
            folder.mkdir(parents=True, exist_ok=True)
            return close_day(db, actor, day, report_dir=folder)
        ops.run(work, on_success=self._closed, on_failure=self._failed, parent=self)

    def _closed(self, result: "DayCloseResult") -> None:
        self.busy = False
        self.result = result
        self._say(lambda: self.tr("%1 closed: %2 handover(s), expected cash %3, counted %4, difference %5. "
                                  "The day report is %6.")
                  .replace("%1", result.day.isoformat()).replace("%2", str(result.handovers))
                  .replace("%3", money(result.expected_cash_fen)).replace("%4", money(result.counted_cash_fen))
                  .replace("%5", money(result.difference_fen)).replace("%6", str(result.report_path)))
        self.open_button.show()
        self.open_button.setFocus()
        self.refresh()
        self.finished.emit(result)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._say(lambda: error_text(exc))
        self.refresh()
        self.finished.emit(exc)

    def open_report(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.report_path)))

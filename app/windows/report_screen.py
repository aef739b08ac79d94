"""Reports: the finance report of a day or a month (today by default). Run builds it off the GUI
thread with progress and Cancel; the sections show as tables; Save PDF… / Save XLSX… write the
shown report, also off the GUI thread and cancellable (a cancelled file is never left behind)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from app.reports.books import Cancelled, PeriodReport
from app.windows import ops
from app.windows.messages import error_text
from app.windows.report_view import ReportView
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.windows.context import GuiContext

DAY, MONTH = 0, 1


class ReportScreen(Retranslating, QWidget):
    finished = Signal(str)        # "shown" | "saved" | "cancelled" | "failed"

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("report_screen")
        self._ctx = ctx
        self._cancel: threading.Event | None = None   # set while a background job runs
        self._message: Callable[[], str] = str
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        self.kind.addItems(["", ""])
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.when = QDateEdit(QDate.currentDate())
        self.when.setObjectName("report_date")
        self.when.setCalendarPopup(True)
        self.run_button, self.cancel_button = QPushButton(), QPushButton()
        self.pdf_button, self.xlsx_button = QPushButton(), QPushButton()
        for name, button, slot in (("run_report", self.run_button, self.run_report),
                                   ("cancel_report", self.cancel_button, self.cancel),
                                   ("save_pdf", self.pdf_button, lambda: self._ask_and_save("pdf")),
                                   ("save_xlsx", self.xlsx_button, lambda: self._ask_and_save("xlsx"))):
            button.setObjectName(name)
            button.clicked.connect(slot)
        self.progress = QProgressBar()
        self.progress.setObjectName("report_progress")
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.view = ReportView()
        controls = QHBoxLayout()
        self.period_label = QLabel()
        for widget in (self.period_label, self.kind, self.when, self.run_button, self.cancel_button):
            controls.addWidget(widget)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.pdf_button)
        controls.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.when)
        self._kind_changed(DAY)
        self.retranslate()

    @property
    def report(self) -> PeriodReport | None:
        return self.view.report

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def retranslate(self) -> None:
        self.period_label.setText(self.tr("Report of"))
        self.kind.setItemText(DAY, self.tr("Day"))
        self.kind.setItemText(MONTH, self.tr("Month"))
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.pdf_button.setText(self.tr("Save PDF…"))
        self.xlsx_button.setText(self.tr("Save XLSX…"))
        self.message.setText(self._message())
        self._enable()

    def _kind_changed(self, index: int) -> None:
        self.when.setDisplayFormat("yyyy-MM" if index == MONTH else "yyyy-MM-dd")

    def _enable(self) -> None:
        self.run_button.setEnabled(not self.busy)
        self.cancel_button.setEnabled(self.busy)
        self.pdf_button.setEnabled(not self.busy and self.report is not None)
        self.xlsx_button.setEnabled(not self.busy and self.report is not None)

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    # ---- running ---------------------------------------------------------------------------

    def run_report(self) -> None:
        from app.reports.books import day_report, month_report
        if self.busy:
            return
        db, actor, chosen, monthly = self._ctx.db, self._ctx.actor, self.when.date().toPython(), \
            self.kind.currentIndex() == MONTH
        cancel = self._start(lambda: self.tr("Running the report…"))

        def work(progress) -> PeriodReport:
            if monthly:
                return month_report(db, actor, chosen.year, chosen.month, progress=progress, cancel=cancel.is_set)
            return day_report(db, actor, chosen, progress=progress, cancel=cancel.is_set)
        ops.run(work, on_success=self._shown, on_failure=self._failed, on_progress=self._progressed, parent=self)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._say(lambda: self.tr("Cancelling…"))

    def save(self, kind: str, path: str) -> None:
        """Write the shown report to `path` as "pdf" or "xlsx", off the GUI thread."""
        from app.reports.books import write_pdf, write_xlsx
        report = self.report
        if report is None or self.busy:
            return
        cancel = self._start(lambda: self.tr("Writing %1…").replace("%1", path))
        self.progress.setRange(0, 0)

        def work(progress) -> str:
            if kind == "pdf":
                write_pdf(report, path, cancel=cancel.is_set, on_page=lambda n: progress(n, 0, ""))
            else:
                write_xlsx(report, path, cancel=cancel.is_set)
            return path
        ops.run(work, on_success=self._saved, on_failure=self._failed, on_progress=self._progressed, parent=self)

    def _ask_and_save(self, kind: str) -> None:
        if self.report is None:
            return
        suggested = str(Path.home() / f"report-{self.report.first_day:%Y%m%d}-{self.report.last_day:%Y%m%d}.{kind}")
        if kind == "pdf":
            path, _f = QFileDialog.getSaveFileName(self, self.tr("Save report as PDF"), suggested,
                                                   self.tr("PDF files (*.pdf)"))
        else:
            path, _f = QFileDialog.getSaveFileName(self, self.tr("Save report as XLSX"), suggested,
                                                   self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.save(kind, path)

    def _start(self, text: Callable[[], str]) -> threading.Event:
        self._cancel = threading.Event()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.show()
        self._say(text)
        self._enable()
        return self._cancel

    def _stop(self) -> None:
        self._cancel = None
        self.progress.hide()
        self._enable()

    def _progressed(self, done: int, total: int, _what: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _shown(self, report: PeriodReport) -> None:
        self._stop()
        self.view.show_report(report)
        self._say(lambda: self.tr("Report of %1 ready.").replace("%1", report.period_text()))
        self._enable()
        self.finished.emit("shown")

    def _saved(self, path: str) -> None:
        self._stop()
        self._say(lambda: self.tr("Saved: %1").replace("%1", path))
        self.finished.emit("saved")

    def _failed(self, exc: Exception) -> None:
        self._stop()
        if isinstance(exc, Cancelled):
            self._say(lambda: self.tr("Cancelled: nothing was written."))
            self.finished.emit("cancelled")
            return
        self._say(lambda: self.tr("The report failed.") + "\n" + error_text(exc))
        self.finished.emit("failed")

"""Shares per beneficiary over a period (local days, the end day included), from the split
log: what the charges gave, what refunds and voids took back, the net, and for an external
beneficiary the balance owed to it on its payable account (the ledger's figure)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.splits.report import SplitReport
from app.windows import ops
from app.windows.context import GuiContext
from app.windows.master_units import yuan
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table

COLUMNS = 7
MONEY_COLUMNS = (2, 3, 4, 5, 6)


def _start_of(day: date) -> datetime:
    """A local day's start as an aware time (the service stores naive UTC)."""
    return datetime.combine(day, time()).astimezone()


class SplitReportView(Retranslating, QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.report: SplitReport | None = None
        today = QDate.currentDate()
        self.start, self.end = QDateEdit(QDate(today.year(), today.month(), 1)), QDateEdit(today)
        for field in (self.start, self.end):
            field.setCalendarPopup(True)
            field.setDisplayFormat("yyyy-MM-dd")
        self.from_label, self.to_label = QLabel(), QLabel()
        self.run_button = QPushButton()
        self.run_button.setObjectName("split_report_run")
        self.run_button.clicked.connect(self.run)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = make_table(COLUMNS, "split_report", stretch_column=0)
        bar = QHBoxLayout()
        for w in (self.from_label, self.start, self.to_label, self.end, self.run_button):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to (inclusive)"))
        self.run_button.setText(self.tr("Show"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Beneficiary"), self.tr("Tickets"), self.tr("Shares (yuan)"), self.tr("Returned (yuan)"),
            self.tr("Net (yuan)"), self.tr("Owed now (yuan)"), self.tr("Split log total (yuan)")])
        self._fill()

    def run(self) -> None:
        from app.splits.report import beneficiary_report
        db, actor = self._ctx.db, self._ctx.actor
        t0 = _start_of(self.start.date().toPython())
        t1 = _start_of(self.end.date().toPython() + timedelta(days=1))
        self.run_button.setEnabled(False)
        ops.run(lambda: beneficiary_report(db, actor, t0, t1), on_success=self._shown, on_failure=self._failed,
                parent=self)

    def _shown(self, report: SplitReport) -> None:
        self.run_button.setEnabled(True)
        self.report = report
        self.message.setText("")
        self._fill()

    def _failed(self, exc: Exception) -> None:
        self.run_button.setEnabled(True)
        self.message.setText(error_text(exc))

    def _fill(self) -> None:
        rows = self.report.rows if self.report is not None else ()
        self.table.setRowCount(len(rows))
        for row, r in enumerate(rows):
            fill_row(self.table, row, (r.name, str(r.tickets), yuan(r.charged_fen), yuan(r.returned_fen),
                                       yuan(r.net_fen), yuan(r.payable_balance_fen), yuan(r.logged_total_fen)),
                     right_aligned=(1,) + MONEY_COLUMNS)

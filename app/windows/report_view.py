"""The Reports screen's result: the totals line and one tab per section, a read-only table each.
Section and column titles are translated here (the report's own titles are the documents' Chinese)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.reports.books.model import PeriodReport
from app.reports.books.tables import MONEY, TEXT, Table, cell_text, report_tables
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table

CONTEXT = "ReportView"
SECTIONS = {
    "by_commodity": QT_TRANSLATE_NOOP("ReportView", "By commodity"),
    "by_category": QT_TRANSLATE_NOOP("ReportView", "By category"),
    "by_counter": QT_TRANSLATE_NOOP("ReportView", "By counter"),
    "by_cashier": QT_TRANSLATE_NOOP("ReportView", "By cashier"),
    "by_method": QT_TRANSLATE_NOOP("ReportView", "By method"),
    "refunds": QT_TRANSLATE_NOOP("ReportView", "Refunds"),
    "voids": QT_TRANSLATE_NOOP("ReportView", "Voids"),
    "recharges": QT_TRANSLATE_NOOP("ReportView", "Recharges"),
    "balances": QT_TRANSLATE_NOOP("ReportView", "Account balances"),
    "over_short": QT_TRANSLATE_NOOP("ReportView", "Over/short"),
}
COLUMNS = {
    "label": QT_TRANSLATE_NOOP("ReportView", "Name"),
    "tickets": QT_TRANSLATE_NOOP("ReportView", "Tickets"),
    "voided": QT_TRANSLATE_NOOP("ReportView", "Voided"),
    "weight": QT_TRANSLATE_NOOP("ReportView", "Net weight (t)"),
    "fees": QT_TRANSLATE_NOOP("ReportView", "Fees"),
    "refunds": QT_TRANSLATE_NOOP("ReportView", "Refunds"),
    "voids": QT_TRANSLATE_NOOP("ReportView", "Voided fees"),
    "net": QT_TRANSLATE_NOOP("ReportView", "Net"),
    "method": QT_TRANSLATE_NOOP("ReportView", "Method"),
    "cashier": QT_TRANSLATE_NOOP("ReportView", "Cashier"),
    "paid_to": QT_TRANSLATE_NOOP("ReportView", "Paid to"),
    "count": QT_TRANSLATE_NOOP("ReportView", "Count"),
    "amount": QT_TRANSLATE_NOOP("ReportView", "Amount"),
    "voucher": QT_TRANSLATE_NOOP("ReportView", "Voucher"),
    "time": QT_TRANSLATE_NOOP("ReportView", "Time"),
    "commodity": QT_TRANSLATE_NOOP("ReportView", "Commodity"),
    "reason": QT_TRANSLATE_NOOP("ReportView", "Reason"),
    "authorised_by": QT_TRANSLATE_NOOP("ReportView", "Authorised by"),
    "fee": QT_TRANSLATE_NOOP("ReportView", "Fee"),
    "reversed_count": QT_TRANSLATE_NOOP("ReportView", "Reversed"),
    "reversed": QT_TRANSLATE_NOOP("ReportView", "Reversed amount"),
    "code": QT_TRANSLATE_NOOP("ReportView", "Account"),
    "name": QT_TRANSLATE_NOOP("ReportView", "Holder"),
    "balance": QT_TRANSLATE_NOOP("ReportView", "Balance"),
    "entries": QT_TRANSLATE_NOOP("ReportView", "Entries"),
    "over": QT_TRANSLATE_NOOP("ReportView", "Over"),
    "short": QT_TRANSLATE_NOOP("ReportView", "Short"),
}
LABELS = {"by_commodity": QT_TRANSLATE_NOOP("ReportView", "Commodity"),
          "by_category": QT_TRANSLATE_NOOP("ReportView", "Category"),
          "by_counter": QT_TRANSLATE_NOOP("ReportView", "Counter"),
          "by_cashier": QT_TRANSLATE_NOOP("ReportView", "Cashier")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class ReportView(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.report: PeriodReport | None = None
        self.tables: dict[str, Table] = {}
        self.summary = QLabel()
        self.summary.setObjectName("report_summary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.grids = {}
        for key in SECTIONS:
            grid = make_table(1, f"report_{key}", stretch_column=0)
            self.grids[key] = grid
            self.tabs.addTab(grid, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def show_report(self, report: PeriodReport | None) -> None:
        self.report = report
        self.tables = {t.key: t for t in report_tables(report)} if report is not None else {}
        for key, grid in self.grids.items():
            table = self.tables.get(key)
            rows = (list(table.rows) + ([table.totals] if table.totals else [])) if table else []
            grid.setColumnCount(len(table.columns) if table else 1)
            grid.setRowCount(len(rows))
            for r, row in enumerate(rows):
                kinds = [c.kind for c in table.columns]
                fill_row(grid, r, [cell_text(v, k) for v, k in zip(row, kinds)],
                         right_aligned=[i for i, k in enumerate(kinds) if k != TEXT])
        self.retranslate()

    def retranslate(self) -> None:
        for i, (key, title) in enumerate(SECTIONS.items()):
            self.tabs.setTabText(i, _tr(title))
            table = self.tables.get(key)
            if table is not None:
                self.grids[key].setHorizontalHeaderLabels(
                    [_tr(LABELS[key]) if c.key == "label" else _tr(COLUMNS[c.key]) for c in table.columns])
            else:  # before the first run: say what to do rather than show a bare column number
                self.grids[key].setHorizontalHeaderLabels(
                    [QCoreApplication.translate("ReportView", "Choose a day or a month and press Run.")])
        report = self.report
        if report is None:
            self.summary.setText("")
            return
        t = report.total
        self.summary.setText(self.tr("%1 · %2 tickets, %3 voided · fees %4, refunds %5, voided %6 · net income %7 · "
                                     "balances as of %8")
                             .replace("%1", report.period_text()).replace("%2", str(t.tickets))
                             .replace("%3", str(t.voided)).replace("%4", cell_text(t.fees_fen, MONEY))
                             .replace("%5", cell_text(t.refunds_fen, MONEY))
                             .replace("%6", cell_text(t.voids_fen, MONEY))
                             .replace("%7", cell_text(t.net_fen, MONEY))
                             .replace("%8", f"{report.balances.as_of:%Y-%m-%d %H:%M}"))

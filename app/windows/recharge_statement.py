"""The Statement tab: an account's movements over a period (from / to dates, this month by
default), filtered by kind, a page at a time (Next page / Previous page keep the cursors of the
pages seen), with the opening and closing balance of the whole period; "Save PDF…" lays the
whole period out as a PDF off the GUI thread, with progress, and writes it where the clerk
chooses."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app.db.clock import to_local
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.messages import error_text
from app.windows.recharge_format import MOVEMENT_FILTERS, filter_titles, money, movement_title
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.recharge.accounts import AccountInfo
    from app.recharge.statements import StatementPage
    from app.windows.context import GuiContext

PAGE_SIZE = 50
COLUMNS = ("time", "kind", "voucher", "in", "out", "balance", "memo")
MONEY_COLUMNS = ("in", "out", "balance")


def local_day_start_utc(day: date) -> datetime:
    """Local midnight of `day` as the naive UTC the database keeps."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


class StatementPanel(Retranslating, QWidget):
    page_shown = Signal()        # a page (or an error) has arrived
    pdf_saved = Signal(str)      # the path written

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statement_panel")
        self._ctx = ctx
        self.account: AccountInfo | None = None
        self.page: StatementPage | None = None
        self.cursors: list[tuple | None] = [None]   # the cursor of each page seen; the last is shown
        self.loading = False
        self.saving = False
        self._message: Callable[[], str] = str
        self._request = 0

        today = QDate.currentDate()
        self.start = QDateEdit(QDate(today.year(), today.month(), 1))
        self.end = QDateEdit(today)
        for field in (self.start, self.end):
            field.setCalendarPopup(True)
            field.setDisplayFormat("yyyy-MM-dd")
            field.dateChanged.connect(lambda _d: self.show_first_page())
        self.filter = QComboBox()
        self.filter.setObjectName("movement_filter")
        self.filter.addItems(filter_titles())
        self.filter.currentIndexChanged.connect(lambda _i: self.show_first_page())
        self.title = QLabel()
        self.title.setObjectName("statement_title")
        self.opening = QLabel()
        self.opening.setObjectName("opening")
        self.closing = QLabel()
        self.closing.setObjectName("closing")
        self.page_label = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("statement")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("memo"), QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar()
        self.progress.setObjectName("pdf_progress")
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("statement_message")
        self.message.setWordWrap(True)

        self.previous_action = make_action(self, "Ctrl+PgUp", self.previous_page)
        self.next_action = make_action(self, "Ctrl+PgDown", self.next_page)
        self.pdf_action = make_action(self, "Ctrl+S", self.save_pdf)
        self.previous_button, self.next_button, self.pdf_button = QPushButton(), QPushButton(), QPushButton()
        self.previous_button.setObjectName("previous_page")
        self.next_button.setObjectName("next_page")
        self.pdf_button.setObjectName("save_pdf")
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.pdf_button.clicked.connect(self.save_pdf)

        self.from_label, self.to_label, self.filter_label = QLabel(), QLabel(), QLabel()
        period = QGridLayout()
        period.addWidget(self.from_label, 0, 0)
        period.addWidget(self.start, 0, 1)
        period.addWidget(self.to_label, 0, 2)
        period.addWidget(self.end, 0, 3)
        period.addWidget(self.filter_label, 0, 4)
        period.addWidget(self.filter, 0, 5)
        period.setColumnStretch(6, 1)
        balances = QHBoxLayout()
        balances.addWidget(self.opening)
        balances.addStretch(1)
        balances.addWidget(self.closing)
        paging = QHBoxLayout()
        paging.addWidget(self.previous_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.next_button)
        paging.addStretch(1)
        paging.addWidget(self.progress)
        paging.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(period)
        layout.addLayout(balances)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)
        layout.addWidget(self.message)
        self.setFocusProxy(self.start)
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to (inclusive)"))
        self.filter_label.setText(self.tr("Show"))
        for i, title in enumerate(filter_titles()):
            self.filter.setItemText(i, title)
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Voucher"), self.tr("In"),
                                              self.tr("Out"), self.tr("Balance"), self.tr("Note")])
        set_action_text(self.previous_action, self.tr("Previous page"))
        set_action_text(self.next_action, self.tr("Next page"))
        set_action_text(self.pdf_action, self.tr("Save PDF…"))
        self.previous_button.setText(self.previous_action.text())
        self.next_button.setText(self.next_action.text())
        self.pdf_button.setText(self.pdf_action.text())
        self._show_page()
        self.message.setText(self._message())

    # ---- the period --------------------------------------------------------------------------

    def period(self) -> tuple[datetime, datetime]:
        """[start, end) in naive UTC: from local midnight of the first day to local midnight
        after the last."""
        first, last = self.start.date().toPython(), self.end.date().toPython()
        return local_day_start_utc(first), local_day_start_utc(last + timedelta(days=1))

    def set_period(self, first: date, last: date) -> None:
        for field, day in ((self.start, first), (self.end, last)):
            field.blockSignals(True)
            field.setDate(QDate(day.year, day.month, day.day))
            field.blockSignals(False)
        self.show_first_page()

    def codes(self) -> frozenset[str] | None:
        return MOVEMENT_FILTERS[max(0, self.filter.currentIndex())][1]

    # ---- pages -------------------------------------------------------------------------------

    def set_account(self, info: "AccountInfo | None") -> None:
        same = info is not None and self.account is not None and info.merchant_id == self.account.merchant_id
        self.account = info
        if not same:
            self.show_first_page()

    def show_first_page(self) -> None:
        self.cursors = [None]
        self._load()

    def next_page(self) -> None:
        if self.loading or self.page is None or self.page.next_cursor is None:
            return
        self.cursors.append(self.page.next_cursor)
        self._load()

    def previous_page(self) -> None:
        if self.loading or len(self.cursors) <= 1:
            return
        self.cursors.pop()
        self._load()

    @property
    def page_number(self) -> int:
        return len(self.cursors)

    def _load(self) -> None:
        from app.recharge.statements import statement_page
        self._request += 1
        request = self._request
        self.page = None
        if self.account is None:
            self.loading = False
            self._say(lambda: self.tr("Find an account to see its statement."))
            self._show_page()
            return
        start, end = self.period()
        if start >= end:
            self._say(lambda: self.tr("The period ends before it starts."))
            self._show_page()
            return
        db, actor, merchant_id, cursor, codes = (self._ctx.db, self._ctx.actor, self.account.merchant_id,
                                                 self.cursors[-1], self.codes())
        self.loading = True
        self._enable()
        ops.run(lambda: statement_page(db, actor, merchant_id, start, end, cursor=cursor, page_size=PAGE_SIZE,
                                       codes=codes),
                on_success=lambda page: self._arrived(request, page),
                on_failure=lambda exc: self._failed(request, exc), parent=self)

    def _arrived(self, request: int, page: "StatementPage") -> None:
        if request != self._request:
            return  # the period, filter or account changed meanwhile
        self.loading = False
        self.page = page
        self._say(str)
        self._show_page()
        self.page_shown.emit()

    def _failed(self, request: int, exc: Exception) -> None:
        if request != self._request:
            return
        self.loading = False
        self._say(lambda: error_text(exc))
        self._show_page()
        self.page_shown.emit()

    def _show_page(self) -> None:
        page, info = self.page, self.account
        self.title.setText(self.tr("Statement of %1 (%2)").replace("%1", info.name).replace("%2", info.code)
                           if info is not None else self.tr("Statement"))
        self.opening.setText(self.tr("Opening balance: %1").replace("%1", money(page.opening_fen))
                             if page is not None else "")
        self.closing.setText(self.tr("Closing balance: %1").replace("%1", money(page.closing_fen))
                             if page is not None else "")
        self.page_label.setText(self.tr("Page %1").replace("%1", str(self.page_number)))
        lines = page.lines if page is not None else ()
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            cells = (to_local(line.created_at).strftime("%Y-%m-%d %H:%M"), movement_title(line.code),
                     line.ticket_ref or "", money(line.amount_fen) if line.amount_fen > 0 else "",
                     money(-line.amount_fen) if line.amount_fen < 0 else "", money(line.balance_after_fen),
                     line.memo or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if COLUMNS[c] in MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._enable()

    def _enable(self) -> None:
        page = self.page
        self.previous_button.setEnabled(not self.loading and len(self.cursors) > 1)
        self.next_button.setEnabled(not self.loading and page is not None and page.next_cursor is not None)
        self.pdf_button.setEnabled(self.account is not None and not self.saving)

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    # ---- PDF ---------------------------------------------------------------------------------

    def save_pdf(self) -> None:
        """Ask where (QFileDialog), then write_pdf."""
        if self.account is None or self.saving:
            return
        first = self.start.date().toString("yyyyMMdd")
        last = self.end.date().toString("yyyyMMdd")
        suggested = str(Path.home() / f"statement-{self.account.code}-{first}-{last}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save statement as PDF"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        if path:
            self.write_pdf(path)

    def write_pdf(self, path: str) -> None:
        """Lay out the whole period and write it to `path`, off the GUI thread."""
        from app.recharge.statements import statement_pdf
        if self.account is None or self.saving:
            return
        start, end = self.period()
        db, actor, merchant_id = self._ctx.db, self._ctx.actor, self.account.merchant_id

        def work(progress) -> str:
            from app.db.clock import db_now
            from app.printing.branding import load_branding
            printed_at = to_local(db.transact(db_now, readonly=True)).replace(tzinfo=None)
            pdf = statement_pdf(db, actor, merchant_id, start, end, printed_at=printed_at,
                                market_name=load_branding(db).market_name,
                                on_page=lambda n: progress(n, 0, ""))
            Path(path).write_bytes(pdf)
            return path

        self.saving = True
        self.progress.setRange(0, 0)   # the page count is known only at the end
        self.progress.show()
        self._enable()
        self._say(lambda: self.tr("Laying out the statement…"))
        ops.run(work, on_success=self._saved, on_failure=self._save_failed, on_progress=self._progressed,
                parent=self)

    def _progressed(self, done: int, _total: int, _what: str) -> None:
        self._say(lambda: self.tr("Laying out the statement: page %1…").replace("%1", str(done)))

    def _saved(self, path: str) -> None:
        self.saving = False
        self.progress.hide()
        self._enable()
        self._say(lambda: self.tr("Statement saved: %1").replace("%1", path))
        self.pdf_saved.emit(path)

    def _save_failed(self, exc: Exception) -> None:
        self.saving = False
        self.progress.hide()
        self._enable()
        self._say(lambda: self.tr("The statement was not saved.") + "\n" + error_text(exc))

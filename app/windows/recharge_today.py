"""Today's recharges of the clerk's shift, newest first, reversed ones marked: select one, then
Reverse… (Ctrl+R: account.recharge_reverse, or a supervisor's override; the reason is asked)
or Reprint (Ctrl+P: voucher.reprint, or an override; marked DUPLICATE). With nothing
selected, both act on the newest. Reloaded off the GUI thread after each change here."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from app.db.clock import to_local
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.messages import error_text
from app.windows.recharge_format import method_title, money
from app.windows.reloader import Reloader
from app.windows.retranslate import Retranslating
from app.windows.row_table import make_table

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.recharge.statements import ShiftRecharge
    from app.windows.context import GuiContext

COLUMNS = ("time", "receipt", "account", "holder", "method", "reference", "amount", "after", "state")
MONEY_COLUMNS = ("amount", "after")
REVERSED_COLOR = "#8a8a8a"


class TodayRecharges(Retranslating, QWidget):
    reversed_ = Signal(object)   # ReversalResult

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("today_recharges")
        self._ctx = ctx
        self.dialog: QWidget | None = None
        self.shift: ShiftInfo | None = None
        self.rows: list[ShiftRecharge] = []
        self._message: Callable[[], str] = str
        self.caption = QLabel()
        self.table = make_table(len(COLUMNS), "recharges", COLUMNS.index("holder"))
        self.message = QLabel()
        self.message.setObjectName("today_message")
        self.message.setWordWrap(True)
        self.reverse_action = make_action(self, "Ctrl+R", self.reverse)
        self.reprint_action = make_action(self, "Ctrl+P", self.reprint)
        self.reverse_button, self.reprint_button = QPushButton(), QPushButton()
        self.reverse_button.setObjectName("reverse")
        self.reprint_button.setObjectName("reprint")
        self.reverse_button.clicked.connect(self.reverse)
        self.reprint_button.clicked.connect(self.reprint)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        for button in (self.reverse_button, self.reprint_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self._reloader = Reloader(self._load, self)
        self._reloader.loaded.connect(self._loaded)
        self._reloader.failed.connect(lambda exc: self._say(lambda: error_text(exc)))
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Recharges of this shift"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Receipt"), self.tr("Account"), self.tr("Holder"), self.tr("Method"),
            self.tr("Transaction no."), self.tr("Amount"), self.tr("Balance after"), self.tr("State")])
        may_reverse = self._ctx.actor.can("account.recharge_reverse")
        may_reprint = self._ctx.actor.can("voucher.reprint")
        set_action_text(self.reverse_action,
                        self.tr("Reverse…") if may_reverse else self.tr("Reverse with a supervisor…"))
        set_action_text(self.reprint_action,
                        self.tr("Reprint") if may_reprint else self.tr("Reprint with a supervisor"))
        self.reverse_button.setText(self.reverse_action.text())
        self.reprint_button.setText(self.reprint_action.text())
        self._fill()
        self.message.setText(self._message())

    # ---- loading -----------------------------------------------------------------------------

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.refresh()

    def refresh(self) -> None:
        self._reloader.request()

    @property
    def loading(self) -> bool:
        return self._reloader.running

    def _load(self):
        from app.recharge.statements import shift_recharges
        shift, db = self.shift, self._ctx.db
        if shift is None:
            return None, []
        return shift.id, shift_recharges(db, shift.id)

    def _loaded(self, result) -> None:
        shift_id, rows = result
        if shift_id != (self.shift.id if self.shift is not None else None):
            return
        self.rows = list(rows)
        self._fill()

    def _fill(self) -> None:
        keep = self.selected_row()
        keep_id = keep.recharge_id if keep is not None else None
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = (to_local(row.created_at).strftime("%H:%M:%S"), row.receipt_no, row.merchant_code,
                     row.merchant_name, method_title(row.method), row.reference or "", money(row.amount_fen),
                     money(row.balance_after_fen), self.tr("REVERSED") if row.reversed else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.recharge_id)
                if COLUMNS[c] in MONEY_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.reversed:
                    item.setForeground(QBrush(QColor(REVERSED_COLOR)))
                    font = item.font()
                    font.setStrikeOut(COLUMNS[c] == "amount")
                    item.setFont(font)
                self.table.setItem(r, c, item)
            if row.recharge_id == keep_id:
                self.table.selectRow(r)

    def selected_row(self) -> "ShiftRecharge | None":
        items = self.table.selectedItems()
        if not items:
            return None
        wanted = items[0].data(Qt.ItemDataRole.UserRole)
        return next((row for row in self.rows if row.recharge_id == wanted), None)

    def select(self, receipt_no: str) -> None:
        for r, row in enumerate(self.rows):
            if row.receipt_no == receipt_no:
                self.table.selectRow(r)

    def _acting_on(self) -> "ShiftRecharge | None":
        row = self.selected_row() or (self.rows[0] if self.rows else None)
        if row is None:
            self._say(lambda: self.tr("No recharge of this shift to act on."))
        return row

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    # ---- reverse -----------------------------------------------------------------------------

    def reverse(self) -> None:
        row = self._acting_on()
        if row is None:
            return
        if row.reversed:
            self._say(lambda: self.tr("%1 has already been reversed.").replace("%1", row.receipt_no))
            return
        if self._ctx.actor.can("account.recharge_reverse"):
            self._ask_reason(row, None)
            return
        from app.windows.desk_supervisor import ask_supervisor_for
        ask_supervisor_for(self, self._ctx, "account.recharge_reverse",
                           lambda override: self._ask_reason(row, override))

    def _ask_reason(self, row: "ShiftRecharge", override) -> None:
        from app.windows.dialogs import open_tracked
        from app.windows.recharge_reverse import ReverseDialog
        dialog = ReverseDialog(self._ctx, row, override, self)
        dialog.succeeded.connect(self._reversed)
        open_tracked(self, dialog)

    def _reversed(self, result) -> None:
        ctx = self._ctx
        ctx.changes.print_jobs_changed.emit(result.print_job_id)
        if ctx.printing is not None:
            ctx.printing.wake()
        self._say(lambda: self.tr("%1 reversed (receipt %2): %3 back by %4; the balance is now %5.")
                  .replace("%1", result.recharge_receipt_no).replace("%2", result.receipt_no)
                  .replace("%3", money(result.amount_fen)).replace("%4", method_title(result.method))
                  .replace("%5", money(result.balance_after_fen)))
        self.refresh()
        self.reversed_.emit(result)

    # ---- reprint -----------------------------------------------------------------------------

    def reprint(self) -> None:
        if not self.reprint_button.isEnabled():
            return  # one is on its way
        row = self._acting_on()
        if row is None:
            return
        if self._ctx.actor.can("voucher.reprint"):
            self._reprint(row.receipt_no, None)
            return
        from app.windows.desk_supervisor import ask_supervisor_for
        ask_supervisor_for(self, self._ctx, "voucher.reprint",
                           lambda override: self._reprint(row.receipt_no, override))

    def _reprint(self, number: str, override) -> None:
        from app.ledger.ids import new_event_id
        from app.printing.service import reprint
        db, actor, request_id = self._ctx.db, self._ctx.actor, new_event_id()
        self._say(lambda: self.tr("Reprinting %1…").replace("%1", number))
        self.reprint_button.setEnabled(False)
        ops.run(lambda: reprint(db, actor, doc_number=number, request_id=request_id, override=override),
                on_success=self._reprinted, on_failure=self._reprint_failed, parent=self)

    def _reprint_failed(self, exc: Exception) -> None:
        self.reprint_button.setEnabled(True)
        self._say(lambda: error_text(exc))

    def _reprinted(self, job) -> None:
        self.reprint_button.setEnabled(True)
        self._ctx.changes.print_jobs_changed.emit(job.id)
        if self._ctx.printing is not None:
            self._ctx.printing.wake()
        self._say(lambda: self.tr("Reprint of %1 sent to the printer (marked DUPLICATE).")
                  .replace("%1", job.doc_number or ""))

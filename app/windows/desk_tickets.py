"""The shift's tickets under the desk, newest first: search by plate or voucher (Ctrl+F),
reprint a voucher (Ctrl+P: voucher.reprint, or a supervisor's override) and void an entry of
this shift (Ctrl+Del: ticket.void, or an override; the reason is asked). Reloaded off the GUI
thread whenever a ticket changes at this desk (ChangeHub.tickets_changed)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from app.db.clock import to_local
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.desk_errors import desk_error_text
from app.windows.desk_format import money, ticket_state, weight
from app.windows.reloader import Reloader
from app.windows.retranslate import Retranslating
from app.windows.row_table import make_table

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.weighing.tickets import ShiftRow
    from app.windows.context import GuiContext

SEARCH_PAUSE_MS = 150
ROWS_MAX = 200
STATE_COLORS = {"void": "#8a8a8a", "refunded": "#0b3d91"}
COLUMNS = ("time", "voucher", "plate", "merchant", "commodity", "net", "fee", "cash", "account", "state", "refund")


class TicketList(Retranslating, QWidget):
    leave_requested = Signal()   # Esc: back to the ticket being worked on

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ticket_list")
        self._ctx = ctx
        self.dialog: QWidget | None = None
        self.shift: ShiftInfo | None = None
        self.rows: list[ShiftRow] = []
        self._message: Callable[[], str] = str

        self.search = QLineEdit()
        self.search.setObjectName("ticket_search")
        self.search.setClearButtonEnabled(True)
        self.table = make_table(len(COLUMNS), "tickets", COLUMNS.index("merchant"))
        self.message = QLabel()
        self.message.setObjectName("ticket_message")
        self.message.setWordWrap(True)

        self.search_action = make_action(self, "Ctrl+F", self.focus_search)
        self.reprint_action = make_action(self, "Ctrl+P", self.reprint)
        self.void_action = make_action(self, "Ctrl+Del", self.void)
        self.reprint_button, self.void_button = QPushButton(), QPushButton()
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        for button in (self.reprint_button, self.void_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        self.caption = QLabel()
        top.addWidget(self.caption)
        top.addWidget(self.search, 1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _text: self._pause.start())
        self._reloader = Reloader(self._load, self)
        self._reloader.loaded.connect(self._loaded)
        self._reloader.failed.connect(lambda exc: self._say(lambda: desk_error_text(exc)))
        ctx.changes.tickets_changed.connect(self._reloader.request)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Tickets of this shift"))
        self.search.setPlaceholderText(self.tr("plate or voucher number (Ctrl+F)"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Voucher"), self.tr("Plate"), self.tr("Merchant"), self.tr("Commodity"),
            self.tr("Net"), self.tr("Fee"), self.tr("Cash"), self.tr("Account"), self.tr("State"), self.tr("Refund")])
        may_reprint = self._ctx.actor.can("voucher.reprint")
        may_void = self._ctx.actor.can("ticket.void")
        set_action_text(self.reprint_action,
                        self.tr("Reprint") if may_reprint else self.tr("Reprint with a supervisor"))
        set_action_text(self.void_action, self.tr("Void…") if may_void else self.tr("Void with a supervisor…"))
        self.reprint_button.setText(self.reprint_action.text())
        self.void_button.setText(self.void_action.text())
        self._fill()
        self.message.setText(self._message())

    # ---- loading -----------------------------------------------------------------------------

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.refresh()

    def refresh(self) -> None:
        self._reloader.request()

    def _load(self):
        from app.weighing.tickets import shift_tickets
        shift, db, text = self.shift, self._ctx.db, self.search.text()
        if shift is None:
            return None, []
        return shift.id, shift_tickets(db, shift.id, search=text, limit=ROWS_MAX)

    def _loaded(self, result) -> None:
        shift_id, rows = result
        if shift_id != (self.shift.id if self.shift is not None else None):
            return
        self.rows = list(rows)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected_row()
        keep = selected.ticket_id if selected is not None else None
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate(self._cells(row)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.ticket_id)
                if COLUMNS[c] in ("net", "fee", "cash", "account", "refund"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                color = STATE_COLORS.get(row.status)
                if color:
                    item.setForeground(QBrush(QColor(color)))
                self.table.setItem(r, c, item)
            if row.ticket_id == keep:
                self.table.selectRow(r)

    def _cells(self, row: "ShiftRow") -> list[str]:
        net = weight(row.net_g)
        if row.manual_weight:
            net = self.tr("%1 (by hand)").replace("%1", net)
        return [to_local(row.created_at).strftime("%H:%M:%S"), row.voucher_no, row.plate, row.merchant_name,
                row.commodity_name, net, money(row.fee_fen), money(row.paid_cash_fen), money(row.paid_account_fen),
                ticket_state(row.status), money(row.refund_fen) if row.refund_fen else ""]

    def selected_row(self) -> "ShiftRow | None":
        items = self.table.selectedItems()
        if not items:
            return None
        ticket_id = items[0].data(Qt.ItemDataRole.UserRole)
        return next((row for row in self.rows if row.ticket_id == ticket_id), None)

    def _acting_on(self) -> "ShiftRow | None":
        """The selected ticket, else the newest: Ctrl+P right after a charge reprints its voucher."""
        row = self.selected_row() or (self.rows[0] if self.rows else None)
        if row is None:
            self._say(lambda: self.tr("No ticket to act on."))
        return row

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    # ---- keys --------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down) and self.search.hasFocus():
            self.table.setFocus()
            if self.rows and not self.table.selectedItems():
                self.table.selectRow(0)
            return
        super().keyPressEvent(event)

    # ---- reprint -----------------------------------------------------------------------------

    def reprint(self) -> None:
        row = self._acting_on()
        if row is None:
            return
        if self._ctx.actor.can("voucher.reprint"):
            self._reprint(row, None)
            return
        from app.windows.desk_supervisor import ask_supervisor_for
        ask_supervisor_for(self, self._ctx, "voucher.reprint", lambda override: self._reprint(row, override))

    def _reprint(self, row: "ShiftRow", override) -> None:
        from app.ledger.ids import new_event_id
        from app.printing.service import reprint
        db, actor, number, request_id = self._ctx.db, self._ctx.actor, row.voucher_no, new_event_id()
        self._say(lambda: self.tr("Reprinting %1…").replace("%1", number))
        ops.run(lambda: reprint(db, actor, doc_number=number, request_id=request_id, override=override),
                on_success=self._reprinted, on_failure=lambda exc: self._say(lambda: desk_error_text(exc)),
                parent=self)

    def _reprinted(self, job) -> None:
        self._ctx.changes.print_jobs_changed.emit(job.id)
        if self._ctx.printing is not None:
            self._ctx.printing.wake()
        self._say(lambda: self.tr("Reprint of %1 sent to the printer (marked DUPLICATE).")
                  .replace("%1", job.doc_number or ""))

    # ---- void --------------------------------------------------------------------------------

    def void(self) -> None:
        row = self._acting_on()
        if row is None:
            return
        if row.status != "open":
            self._say(lambda: self.tr("%1 is %2: only an entry still on site can be voided.")
                      .replace("%1", row.voucher_no).replace("%2", ticket_state(row.status)))
            return
        if self._ctx.actor.can("ticket.void"):
            self._ask_reason(row, None)
            return
        from app.windows.desk_supervisor import ask_supervisor_for
        ask_supervisor_for(self, self._ctx, "ticket.void", lambda override: self._ask_reason(row, override))

    def _ask_reason(self, row: "ShiftRow", override) -> None:
        from app.windows.desk_void import VoidDialog
        from app.windows.dialogs import open_tracked
        dialog = VoidDialog(self._ctx, row, override, self)
        dialog.succeeded.connect(self._voided)
        open_tracked(self, dialog)

    def _voided(self, result) -> None:
        self._ctx.changes.tickets_changed.emit(self._ticket_id_of(result.voucher_no))
        self._say(lambda: self.tr("%1 voided: give back %2 in cash; %3 went back to the account.")
                  .replace("%1", result.voucher_no).replace("%2", money(result.returned_cash_fen))
                  .replace("%3", money(result.returned_account_fen)))

    def _ticket_id_of(self, voucher_no: str) -> int:
        return next((row.ticket_id for row in self.rows if row.voucher_no == voucher_no), 0)

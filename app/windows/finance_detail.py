"""One handover in full beside the finance desk's list: the drawer's float, cash in, out and
dropped, the expected cash, the cashier's count by denomination, the non-cash methods, the
vouchers of the shift, the notes, and once received the receipt and any adjustments."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.windows import ops
from app.windows.desk_format import money
from app.windows.finance_handovers import when
from app.windows.messages import error_text
from app.windows.recharge_format import method_title
from app.windows.retranslate import Retranslating
from app.windows.row_table import fill_row, make_table
from app.windows.shift_close_count import denomination_text

if TYPE_CHECKING:
    from app.finance.handovers import HandoverDetail
    from app.windows.context import GuiContext


class HandoverDetailPanel(Retranslating, QWidget):
    loaded = Signal(object)   # HandoverDetail or None

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.detail: HandoverDetail | None = None
        self._wanted: int | None = None
        self.table = make_table(2, "handover_detail", stretch_column=1)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Value")])
        self._fill()

    def show_handover(self, handover_id: int | None) -> None:
        from app.finance.handovers import handover_detail
        self._wanted = handover_id
        if handover_id is None:
            self._loaded(None, None)
            return
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: handover_detail(db, actor, handover_id),
                on_success=lambda detail: self._loaded(handover_id, detail),
                on_failure=self._failed, parent=self)

    def _loaded(self, handover_id: int | None, detail: "HandoverDetail | None") -> None:
        if handover_id != self._wanted:
            return   # an older answer arriving after a newer choice
        self.detail = detail
        self._fill()
        self.loaded.emit(detail)

    def _failed(self, exc: Exception) -> None:
        self.detail = None
        self.table.setRowCount(1)
        fill_row(self.table, 0, (self.tr("Error"), error_text(exc)))

    def _fill(self) -> None:
        lines = self._lines(self.detail) if self.detail is not None else []
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            fill_row(self.table, row, line)
        self.table.resizeRowsToContents()

    def _lines(self, d: "HandoverDetail") -> list[tuple[str, str]]:
        r = d.row
        pieces = ", ".join(f"{denomination_text(fen)}×{n}" for fen, n in d.count.pieces) or "—"
        lines = [
            (self.tr("Handover"), f"{r.handover_no} · {r.counter} · {r.user_name}"),
            (self.tr("Shift"), f"{d.shift_id}: {when(r.opened_at)} – {when(r.closed_at)}"),
            (self.tr("Closed by"), r.closed_by_name),
            (self.tr("Opening float"), money(d.opening_float_fen)),
            (self.tr("Cash in"), money(d.cash_in_fen)),
            (self.tr("Cash out"), money(d.cash_out_fen)),
            (self.tr("Dropped to the safe"), money(d.cash_dropped_fen)),
            (self.tr("Expected cash"), money(r.expected_cash_fen)),
            (self.tr("Counted by cashier"), f"{money(r.counted_cash_fen)} ({pieces})"),
        ]
        for method, expected, declared, payments in d.methods:
            if expected or declared or payments:
                lines.append((method_title(method), self.tr("expected %1, declared %2, %3 payment(s)")
                              .replace("%1", money(expected)).replace("%2", money(declared))
                              .replace("%3", str(payments))))
        lines.append((self.tr("Vouchers"), f"{d.first_voucher or '—'} … {d.last_voucher or '—'} "
                                           f"({d.vouchers_count})"))
        lines.append((self.tr("Cashier's note"), d.note or "—"))
        if r.received_at is None:
            lines.append((self.tr("Received"), self.tr("not yet")))
            return lines
        destination = self.tr("safe") if d.destination == "safe" else self.tr("bank")
        lines += [
            (self.tr("Received"), f"{when(r.received_at)} {r.received_by} → {destination}"),
            (self.tr("Counted by finance"), money(r.finance_counted_fen)),
            (self.tr("Difference"), money(r.difference_fen)),
            (self.tr("Finance note"), d.receipt_note or "—"),
        ]
        for at, amount_fen, reason, by in d.adjustments:
            lines.append((self.tr("Adjustment"), f"{when(at)} {'+' if amount_fen > 0 else ''}{money(amount_fen)} "
                                                 f"{reason} ({by})"))
        return lines

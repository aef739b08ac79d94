"""The Exit tab: the driver shows the entry voucher, the scanner types its QR code into the
voucher field (or the cashier types the number) and Enter shows the entry; the empty truck's
weight gives the refund; Enter refunds it (app.windows.desk_refund) and the refund voucher
prints. Forged vouchers, vouchers already refunded or voided and exit weights not above the
entry's tare are refused in plain words before any money moves."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.db.clock import to_local
from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.desk_banner import MessageBanner
from app.windows.desk_errors import desk_error_text
from app.windows.desk_fee import FeeBoard
from app.windows.desk_format import merchant_kind, money, paid_to, tare_source, ticket_state, unit_price, weight
from app.windows.desk_print_follow import VoucherPrintFollow
from app.windows.desk_quoter import Quoter
from app.windows.desk_refund import RefundFlow, refund_text
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.weighing.exit import RefundQuote, RefundResult
    from app.weighing.tickets import EntryInfo
    from app.windows.context import GuiContext
    from app.windows.desk_manual import ManualWeight
    from app.windows.desk_weight import LiveWeight

VOUCHER_MAX_CHARS = 200
DETAILS = ("plate", "merchant", "commodity", "gross", "tare", "fee", "paid", "state")


class ExitPanel(Retranslating, QWidget):
    refunded = Signal(object)   # RefundResult

    def __init__(self, ctx: "GuiContext", live: "LiveWeight", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exit_panel")
        self._ctx = ctx
        self._live = live
        self.dialog: QWidget | None = None
        self.shift: ShiftInfo | None = None
        self.entry: EntryInfo | None = None
        self.quote: RefundQuote | None = None
        self._quote_problem: Callable[[], str] | None = None
        self._looking_up = False
        self._confirm_when_ready = False
        self.manual: ManualWeight | None = None
        self._success_text: Callable[[], str] = str

        self.voucher = QLineEdit()
        self.voucher.setObjectName("voucher")
        self.voucher.setMaxLength(VOUCHER_MAX_CHARS)
        font = self.voucher.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.voucher.setFont(font)
        self.voucher_caption = QLabel()
        self.voucher_caption.setBuddy(self.voucher)
        self.details = {name: QLabel() for name in DETAILS}
        self.captions = {name: QLabel() for name in DETAILS}
        form = QFormLayout()
        form.addRow(self.voucher_caption, self.voucher)
        for name in DETAILS:
            self.details[name].setObjectName(f"entry_{name}")
            self.details[name].setWordWrap(True)
            form.addRow(self.captions[name], self.details[name])
        self.refund = FeeBoard("exit_refund")
        self.banner = MessageBanner("exit_message")
        self.flow = RefundFlow(ctx, live, self, self)
        self.quoter = Quoter(self)
        self.printing = VoucherPrintFollow(ctx, self)

        self.refund_action = make_action(self, "F12", self.confirm)
        self.manual_action = make_action(self, "Ctrl+M", self.manual_weight)
        self.refund_button, self.manual_button, self.clear_button = QPushButton(), QPushButton(), QPushButton()
        self.refund_button.setObjectName("refund")
        self.refund_button.clicked.connect(self.confirm)
        self.manual_button.clicked.connect(self.manual_weight)
        self.clear_button.clicked.connect(self.clear)
        for button in (self.refund_button, self.manual_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        big = self.refund_button.font()
        big.setPointSize(big.pointSize() + 4)
        big.setBold(True)
        self.refund_button.setFont(big)
        self.refund_button.setMinimumHeight(44)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refund_button, 2)
        buttons.addWidget(self.manual_button, 1)
        buttons.addWidget(self.clear_button, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.refund)
        layout.addStretch(1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

        # Enter in the voucher field reaches keyPressEvent (QLineEdit passes it on): confirm()
        # looks the voucher up first, and refunds only once it is on screen.
        self.voucher.textEdited.connect(self._voucher_typed)
        live.stable_weight_changed.connect(self._weight_changed)
        self.quoter.answered.connect(self._quoted)
        self.quoter.refused.connect(self._quote_failed)
        self.flow.busy_changed.connect(lambda busy: self.refund_button.setEnabled(not busy))
        self.flow.status.connect(lambda text: self._say("info", text))
        self.flow.failed.connect(lambda text: self._say("error", text))
        self.flow.requoted.connect(self._show_quote)
        self.flow.stale.connect(self._look_up_again)
        self.flow.refunded.connect(self._refunded)
        self.printing.job_moved.connect(self._voucher_moved)
        self.setFocusProxy(self.voucher)
        self.retranslate()

    def retranslate(self) -> None:
        self.voucher_caption.setText(self.tr("&Voucher"))
        self.voucher.setPlaceholderText(self.tr("scan the entry voucher's QR code, or type its number"))
        titles = {"plate": self.tr("Plate"), "merchant": self.tr("Merchant"), "commodity": self.tr("Commodity"),
                  "gross": self.tr("Gross at entry"), "tare": self.tr("Tare at entry"), "fee": self.tr("Fee charged"),
                  "paid": self.tr("Paid"), "state": self.tr("State")}
        for name, caption in self.captions.items():
            caption.setText(titles[name])
        set_action_text(self.manual_action, self.tr("Weight by hand"))
        self.manual_button.setText(self.manual_action.text())
        self.refund_button.setText(self.tr("Refund (Enter / F12)"))
        self.clear_button.setText(self.tr("Clear (Esc)"))
        self._show_entry()
        self._show_quote_state()
        self._show_manual()

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift

    # ---- the voucher -------------------------------------------------------------------------

    def _voucher_typed(self, _text: str) -> None:
        if self.entry is not None:
            self.entry = None
            self.flow.forget_pending()
            self._show_entry()
            self.request_quote()

    def look_up(self, code: str) -> None:
        from app.weighing.exit import find_entry
        if not code.strip():
            self._say("error", lambda: self.tr("Scan the entry voucher or type its number."))
            return
        db, actor = self._ctx.db, self._ctx.actor
        self._looking_up = True
        self._say("info", lambda: self.tr("Looking the voucher up…"))
        ops.run(lambda: find_entry(db, actor, code), on_success=self._found, on_failure=self._not_found, parent=self)

    def _look_up_again(self) -> None:
        if self.entry is not None:
            self.look_up(self.entry.voucher_no)

    def _found(self, entry: "EntryInfo") -> None:
        self._looking_up = False
        self.entry = entry
        # The number, not the long QR payload: Enter in the field now refunds.
        self.voucher.setText(entry.voucher_no)
        self._show_entry()
        if entry.status == "refunded":
            self._say("error", lambda: self.tr("%1 was already refunded (%2, %3): no second refund.")
                            .replace("%1", entry.voucher_no).replace("%2", money(entry.refund_fen))
                            .replace("%3", entry.refund_voucher_no or ""))
        elif entry.status == "void":
            self._say("error", lambda: self.tr("%1 was voided: no refund.").replace("%1", entry.voucher_no))
        else:
            self._say("info", lambda: self.tr("Weigh the empty truck; the refund appears when the weight is "
                                                    "stable. Enter refunds it."))
        self.request_quote()

    def _not_found(self, exc: Exception) -> None:
        self._looking_up = False
        self._confirm_when_ready = False
        self.entry = None
        self._show_entry()
        self.request_quote()
        self._say("error", lambda: desk_error_text(exc))
        self.voucher.selectAll()

    def _show_entry(self) -> None:
        e = self.entry
        if e is None:
            for label in self.details.values():
                label.setText("")
            return
        tare = (f"{weight(e.tare_g)} · {tare_source(e.tare_source)}" if e.tare_g
                else tare_source(e.tare_source))
        paid = self.tr("account %1, cash %2").replace("%1", money(e.paid_account_fen)) \
            .replace("%2", money(e.paid_cash_fen))
        state = ticket_state(e.status)
        if e.status == "refunded":
            state = self.tr("%1: %2 (%3)").replace("%1", state).replace("%2", money(e.refund_fen)) \
                .replace("%3", e.refund_voucher_no or "")
        elif e.status == "void" and e.void_reason:
            state = self.tr("%1: %2").replace("%1", state).replace("%2", e.void_reason)
        texts = {"plate": e.plate, "merchant": f"{e.merchant_name} · {merchant_kind(e.merchant_kind)}",
                 "commodity": f"{e.commodity_name} · {unit_price(e.unit_price_fen)}",
                 "gross": weight(e.gross_g) + (" · " + self.tr("by hand") if e.manual_weight else ""),
                 "tare": tare, "fee": f"{money(e.fee_fen)} · {to_local(e.created_at):%Y-%m-%d %H:%M}",
                 "paid": paid, "state": state}
        for name, label in self.details.items():
            label.setText(texts[name])
        color = "#1f7a34" if e.status == "open" else "#b00020"
        self.details["state"].setStyleSheet(f"color: {color}; font-weight: bold;")

    # ---- the refund --------------------------------------------------------------------------

    def _weight_changed(self, _grams) -> None:
        if self.manual is None:
            self.request_quote()

    def exit_weight_g(self) -> int | None:
        return self.manual.weight_g if self.manual is not None else self._live.stable_g

    def request_quote(self) -> None:
        """Quote the refund on the weight on the scale now (off the GUI thread)."""
        from app.weighing.exit import quote_refund
        self.quote = None
        self._quote_problem = None
        entry, grams = self.entry, self.exit_weight_g()
        due = entry is not None and entry.status == "open" and bool(grams)
        db, actor = self._ctx.db, self._ctx.actor
        self.quoter.request((lambda: quote_refund(db, actor, entry.ticket_id, grams)) if due else None)
        self._show_quote_state()
        if not due:
            self._ready_check()

    def _quoted(self, quote: "RefundQuote") -> None:
        self._show_quote(quote)
        self._ready_check()

    def _quote_failed(self, exc: Exception) -> None:
        self._quote_problem = lambda: desk_error_text(exc)
        self._show_quote_state()
        self._ready_check()

    def _show_quote(self, quote: "RefundQuote") -> None:
        self.quote = quote
        self._quote_problem = None
        self._show_quote_state()

    def _show_quote_state(self) -> None:
        caption = lambda: self.tr("Refund")  # noqa: E731
        q = self.quote
        if q is not None:
            e = q.entry

            def details() -> str:
                return self.tr("exit %1 − entry tare %2 = %3 × %4, at most the fee %5").replace(
                    "%1", weight(q.exit_weight_g)).replace("%2", weight(e.tare_g)).replace(
                    "%3", weight(q.exit_weight_g - e.tare_g)).replace("%4", unit_price(e.unit_price_fen)).replace(
                    "%5", money(e.fee_fen))

            where = "account" if e.merchant_kind == "fixed" and e.merchant_id is not None else "cash"
            if q.needs_supervisor:
                kind = "warn"
                note = lambda: self.tr("The truck is as heavy as it came in: a supervisor must approve.")  # noqa: E731
            else:
                note, kind = (lambda: self.tr("Paid back %1").replace("%1", paid_to(where))), "ok"
            self.refund.show_amount(caption, q.refund_fen, details, note, kind)
            return
        self.refund.show_amount(caption, None, str, self._quote_problem or self._missing_text,
                                "error" if self._quote_problem else "")

    def _missing_text(self) -> str:
        e = self.entry
        if e is None:
            return self.tr("Scan the entry voucher.")
        if e.status != "open":
            return self.tr("No refund: the voucher is %1.").replace("%1", ticket_state(e.status))
        if self.exit_weight_g() is None:
            return self.tr("Waiting for a stable weight of the empty truck…")
        return self.tr("Working out the refund…")

    def confirm(self) -> None:
        if self.flow.busy:
            return
        if self.entry is None and self.voucher.text().strip() and not self._looking_up:
            self._confirm_when_ready = False  # the entry is looked up first: the cashier sees it before refunding
            self.look_up(self.voucher.text())
            return
        if self._looking_up:
            return  # money goes out: the cashier sees the entry before an Enter refunds it
        if self.quoter.running:
            self._confirm_when_ready = True
            return
        self._confirm_when_ready = False
        if self.entry is None or self.quote is None:
            problem = self._quote_problem or self._missing_text
            self._say("error", problem)
            return
        if self.shift is None:  # looking a voucher up needs none; paying money out does
            self._say("error", lambda: self.tr(
                "No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O)."))
            return
        self.flow.start(self.entry.ticket_id, self.quote, self.manual)

    def _ready_check(self) -> None:
        if self._confirm_when_ready and not self._looking_up and not self.quoter.running:
            self._confirm_when_ready = False
            self.confirm()

    def _refunded(self, result: "RefundResult", _attempt) -> None:
        ctx = self._ctx
        ticket_id = self.entry.ticket_id if self.entry is not None else 0
        ctx.changes.tickets_changed.emit(ticket_id)
        ctx.changes.print_jobs_changed.emit(result.print_job_id)
        if ctx.printing is not None:
            ctx.printing.wake()
        self._success_text = refund_text(result)
        self.banner.say("ok", self._success_text)
        self.printing.follow(result.print_job_id)
        self.refunded.emit(result)
        self.clear(keep_message=True)

    def _voucher_moved(self, job) -> None:
        base = self._success_text
        if job.state == "done":
            self.banner.say("ok", lambda: base() + "\n" + self.tr("Refund voucher printed."))
        elif job.state == "failed":
            reason = job.last_error or ""
            self.banner.say("warn", lambda: base() + "\n" + self.tr(
                "Refund voucher NOT printed: %1. The refund is recorded; the print queue (F11) prints it again.")
                .replace("%1", reason))

    # ---- manual weight, clearing -------------------------------------------------------------

    def manual_weight(self) -> None:
        if self.flow.busy:
            return
        if self.manual is not None:
            self.manual = None
            self._show_manual()
            self.request_quote()
            return
        from app.windows.desk_manual import ask_manual_weight
        ask_manual_weight(self, self._ctx, self.tr("Exit weight of the empty truck"), self._manual_given)

    def _manual_given(self, manual: "ManualWeight") -> None:
        self.manual = manual
        self._show_manual()
        self.request_quote()
        self.voucher.setFocus()

    def _show_manual(self) -> None:
        m = self.manual
        if m is None:
            self.refund.mark_manual(None)
        elif m.supervisor:
            self.refund.mark_manual(lambda: self.tr("WEIGHT ENTERED BY HAND: %1, authorised by %2")
                                    .replace("%1", weight(m.weight_g)).replace("%2", m.supervisor))
        else:
            self.refund.mark_manual(lambda: self.tr("WEIGHT ENTERED BY HAND: %1").replace("%1", weight(m.weight_g)))

    def clear(self, keep_message: bool = False) -> None:
        if self.flow.busy:
            return
        self.flow.forget_pending()
        self._confirm_when_ready = False
        self.entry = None
        self.manual = None
        self._show_manual()
        self.voucher.clear()
        self._show_entry()
        if not keep_message:
            self.banner.clear_message()
            self.printing.stop()
        self.request_quote()
        self.voucher.setFocus()

    def _say(self, kind: str, text: Callable[[], str]) -> None:
        """A new message: the voucher printed before is no longer the news."""
        self.printing.stop()
        self.banner.say(kind, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)

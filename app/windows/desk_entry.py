"""The Entry tab: a truck drives on, the cashier types its plate (while it drives on), Enter
fills in the merchant, the commodity it brought last time and its tare; the fee appears as
soon as the weight is stable; Enter charges it (app.windows.desk_charge), the voucher prints,
and the form is empty again with the cursor in the plate field for the next truck.

Keys: Enter fills in the plate, picks a suggestion, and once everything is filled in charges
(so does F12); Down/Up walk the suggestions; Ctrl+M types a weight by hand; Esc clears.
An Enter pressed while the plate is still being looked up charges as soon as it is filled in."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.desk_banner import MessageBanner
from app.windows.desk_charge import ChargeFlow
from app.windows.desk_entry_form import EntryForm
from app.windows.desk_entry_texts import charged_text, payment_note, quote_details
from app.windows.desk_errors import desk_error_text
from app.windows.desk_fee import FeeBoard
from app.windows.desk_format import weight
from app.windows.desk_plate import PlateSearch
from app.windows.desk_print_follow import VoucherPrintFollow
from app.windows.desk_quoter import Quoter
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.weighing.entry import EntryResult, Quote
    from app.weighing.search import Hit
    from app.windows.context import GuiContext
    from app.windows.desk_charge import ChargeAttempt
    from app.windows.desk_manual import ManualWeight
    from app.windows.desk_weight import LiveWeight


class EntryPanel(Retranslating, QWidget):
    charged = Signal(object)   # EntryResult

    def __init__(self, ctx: "GuiContext", live: "LiveWeight", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("entry_panel")
        self._ctx = ctx
        self._live = live
        self.dialog: QWidget | None = None      # the shortfall, manual weight or supervisor dialog
        self.shift: ShiftInfo | None = None
        self.quote: Quote | None = None         # for what is on screen now
        self._quote_problem: Callable[[], str] | None = None
        self._filling = False
        self._confirm_when_ready = False
        self.manual: ManualWeight | None = None
        self.last_result: EntryResult | None = None
        self._success_text: Callable[[], str] = str
        self._plate_at_confirm = ""

        self.form = EntryForm()
        self.fee = FeeBoard("entry_fee")
        self.banner = MessageBanner("entry_message")
        self.search = PlateSearch(ctx.db, self)
        self.flow = ChargeFlow(ctx, live, self, self)
        self.quoter = Quoter(self)
        self.printing = VoucherPrintFollow(ctx, self)

        self.charge_action = make_action(self, "F12", self.confirm)
        self.manual_action = make_action(self, "Ctrl+M", self.manual_weight)
        self.charge_button, self.manual_button, self.clear_button = QPushButton(), QPushButton(), QPushButton()
        self.charge_button.setObjectName("charge")
        self.charge_button.clicked.connect(self.confirm)
        self.manual_button.clicked.connect(self.manual_weight)
        self.clear_button.clicked.connect(self.clear)
        for button in (self.charge_button, self.manual_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the fields
        buttons = QHBoxLayout()
        buttons.addWidget(self.charge_button, 2)
        buttons.addWidget(self.manual_button, 1)
        buttons.addWidget(self.clear_button, 1)
        big = self.charge_button.font()
        big.setPointSize(big.pointSize() + 4)
        big.setBold(True)
        self.charge_button.setFont(big)
        self.charge_button.setMinimumHeight(44)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.fee)
        layout.addStretch(1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

        plate = self.form.plate
        plate.textEdited.connect(self._plate_typed)
        plate.enter_pressed.connect(self._plate_entered)
        plate.suggestion_clicked.connect(self._use_hit)
        plate.escape_pressed.connect(self.clear)
        self.search.found.connect(plate.set_suggestions)
        commodity = self.form.commodity_field
        commodity.enter_pressed.connect(self._commodity_entered)
        commodity.suggestion_clicked.connect(self._commodity_chosen)
        commodity.escape_pressed.connect(self.clear)
        self.form.changed.connect(self.request_quote)
        self.quoter.answered.connect(self._quoted)
        self.quoter.refused.connect(self._quote_failed)
        live.stable_weight_changed.connect(self._weight_changed)
        self.flow.busy_changed.connect(self._busy_changed)
        self.flow.status.connect(lambda text: self._say("info", text))
        self.flow.failed.connect(lambda text: self._say("error", text))
        self.flow.requoted.connect(self._show_quote)
        self.flow.stale.connect(self.request_quote)
        self.flow.charged.connect(self._charged)
        self.printing.job_moved.connect(self._voucher_moved)
        self.setFocusProxy(plate)
        self.retranslate()
        self._show_quote_state()

    def retranslate(self) -> None:
        set_action_text(self.manual_action, self.tr("Weight by hand"))
        self.manual_button.setText(self.manual_action.text())
        self.charge_button.setText(self.tr("Charge (Enter / F12)"))
        self.clear_button.setText(self.tr("Clear (Esc)"))
        self._show_manual()

    # ---- loaded by the desk ------------------------------------------------------------------

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift

    def set_catalog(self, catalog) -> None:
        self.form.set_catalog(catalog)

    def set_vehicle_types(self, types) -> None:
        self.form.set_vehicle_types(types)

    # ---- the plate ---------------------------------------------------------------------------

    def _plate_typed(self, text: str) -> None:
        self.flow.forget_pending()
        self.form.forget_plate()
        self.search.typed(text)

    def _plate_entered(self, walked: "Hit | None", first: "Hit | None") -> None:
        from app.errors import ValidationError
        from app.weighing.plates import normalize_plate
        text = self.form.plate.text()
        if walked is not None:
            self._use_hit(walked)
            return
        if self.form.plate_text and text == self.form.plate_text:
            self.confirm()
            return
        if self._filling:
            self._confirm_when_ready = True  # Enter again while the plate is looked up: charge once filled
            return
        if not text.strip() and self.form.plate_text == "":
            self._say_missing()
            return
        try:
            plate = normalize_plate(text)
        except ValidationError as exc:
            if first is not None:
                self._use_hit(first)
            else:
                self._say("error", lambda: desk_error_text(exc))
            return
        self.fill(plate)

    def _use_hit(self, hit: "Hit") -> None:
        if hit.plate is not None:
            self.form.plate.setText(hit.plate)
            self.fill(hit.plate)
            return
        summary = hit.merchant
        self._filling = True
        from app.weighing.merchants import get_merchant
        db = self._ctx.db
        self.form.plate.clear()
        self.search.cancel()
        ops.run(lambda: get_merchant(db, summary.id), on_success=lambda m: self._merchant_chosen(summary, m),
                on_failure=self._fill_failed, parent=self)

    def _merchant_chosen(self, summary, merchant) -> None:
        self._filling = False
        self.form.choose_merchant(summary, merchant)
        self._say("info", lambda: self.tr("Charging to %1: type the plate.").replace("%1", summary.name))
        self.form.plate.setFocus()

    def fill(self, plate: str) -> None:
        """Look the plate up and fill in what the records say (off the GUI thread)."""
        from app.weighing.merchants import get_merchant
        from app.weighing.vehicles import find_vehicle
        db = self._ctx.db
        chosen = self.form.chosen_merchant
        self._filling = True
        self.search.cancel()
        self.form.plate.close_suggestions()

        def load():
            vehicle = find_vehicle(db, plate)
            merchant_id = chosen.id if chosen is not None else (
                vehicle.merchant.id if vehicle is not None and vehicle.merchant is not None else None)
            return vehicle, get_merchant(db, merchant_id) if merchant_id is not None else None
        ops.run(load, on_success=lambda found: self._filled(plate, *found), on_failure=self._fill_failed,
                parent=self)

    def _filled(self, plate: str, vehicle, merchant) -> None:
        self._filling = False
        self.form.show_vehicle(plate, vehicle, merchant)
        if vehicle is None:
            self._say("warn", lambda: self.tr(
                "%1 is not on record: choose its vehicle type or weigh the tare at exit.").replace("%1", plate))
        else:
            self.printing.stop()
            self.banner.clear_message()
        self._focus_next()
        self._ready_check()

    def _fill_failed(self, exc: Exception) -> None:
        self._filling = False
        self._confirm_when_ready = False
        self._say("error", lambda: desk_error_text(exc))

    def _focus_next(self) -> None:
        form = self.form
        if not form.plate_text:
            form.plate.setFocus()
        elif form.commodity is None:
            form.commodity_field.setFocus()
        elif form.needs_vehicle_type and not form.weigh_at_exit.isChecked():
            form.vehicle_type.setFocus()
        else:
            form.plate.setFocus()

    # ---- the commodity -----------------------------------------------------------------------

    def _commodity_entered(self, walked, first) -> None:
        form = self.form
        if walked is not None:
            self._commodity_chosen(walked)
        elif form.commodity is not None and form.commodity_field.text() == form.commodity.name:
            self.confirm()
        elif first is not None:
            self._commodity_chosen(first)
        else:
            self._say("error", lambda: self.tr("No commodity matches “%1”: type its name or pinyin "
                                                     "initials.").replace("%1", form.commodity_field.text()))

    def _commodity_chosen(self, commodity) -> None:
        self.form.choose_commodity(commodity)
        if self.form.needs_vehicle_type and not self.form.weigh_at_exit.isChecked():
            self.form.vehicle_type.setFocus()

    # ---- the fee -----------------------------------------------------------------------------

    def _weight_changed(self, _grams) -> None:
        if self.manual is None:
            self.request_quote()

    def gross_g(self) -> int | None:
        return self.manual.weight_g if self.manual is not None else self._live.stable_g

    def request_quote(self) -> None:
        """Quote what is on screen now (off the GUI thread); an answer for an older screen is dropped."""
        from app.weighing.entry import quote_entry
        self.quote = None
        self._quote_problem = None
        gross = self.gross_g()
        draft = self.form.draft(gross) if gross else None
        db, actor = self._ctx.db, self._ctx.actor
        self.quoter.request((lambda: quote_entry(db, actor, draft)) if draft is not None else None)
        self._show_quote_state()
        if draft is None:
            self._ready_check()

    def _quoted(self, quote: "Quote") -> None:
        self._show_quote(quote)
        self._ready_check()

    def _quote_failed(self, exc: Exception) -> None:
        self._quote_problem = lambda: desk_error_text(exc)
        self._show_quote_state()
        self._ready_check()

    def _show_quote(self, quote: "Quote") -> None:
        self.quote = quote
        self._quote_problem = None
        self._show_quote_state()

    def _show_quote_state(self) -> None:
        caption = lambda: self.tr("Fee")  # noqa: E731
        q = self.quote
        if q is not None:
            note, kind = payment_note(q, self.form.all_cash.isChecked())
            self.fee.show_amount(caption, q.fee_fen, lambda: quote_details(q), note, kind)
            return
        self.fee.show_amount(caption, None, str, self._quote_problem or self._missing_text,
                             "error" if self._quote_problem else "")

    def _missing_text(self) -> str:
        form = self.form
        if not form.plate_text:
            return self.tr("Type the plate and press Enter.")
        if form.commodity is None:
            return self.tr("Choose the commodity.")
        if self.gross_g() is None:
            state = self._live.state
            if state is None or state.no_signal:
                return self.tr("No weight from the scale. Ctrl+M types a weight by hand.")
            return self.tr("Waiting for a stable weight…")
        return self.tr("Working out the fee…")

    # ---- confirming --------------------------------------------------------------------------

    def confirm(self) -> None:
        """Enter / F12: charge what is on screen (or as soon as it is filled in)."""
        if self.flow.busy:
            return
        if self.shift is None:
            self._say("error", lambda: self.tr(
                "No open shift: open your shift first (Shift → Open shift, Ctrl+Shift+O)."))
            return
        text = self.form.plate.text().strip()
        if text and text != self.form.plate_text and not self._filling:
            self._confirm_when_ready = True
            self._plate_entered(None, None)
            return
        if self._filling or self.quoter.running:
            self._confirm_when_ready = True
            return
        self._confirm_when_ready = False
        draft = self.form.draft(self.quote.gross_g) if self.quote is not None else None
        if draft is None:
            self._say_missing()
            return
        self._plate_at_confirm = self.form.plate.text()
        self.flow.start(draft, self.quote, self.manual)

    def _ready_check(self) -> None:
        if self._confirm_when_ready and not self._filling and not self.quoter.running:
            self._confirm_when_ready = False
            if self.quote is not None:
                self.confirm()
            else:
                self._say_missing()

    def _say_missing(self) -> None:
        problem = self._quote_problem or self._missing_text
        self._say("error", problem)
        self._focus_next()

    def _busy_changed(self, busy: bool) -> None:
        self.charge_button.setEnabled(not busy)

    def _charged(self, result: "EntryResult", attempt: "ChargeAttempt") -> None:
        self.last_result = result
        ctx = self._ctx
        ctx.changes.tickets_changed.emit(result.ticket_id)
        ctx.changes.print_jobs_changed.emit(result.print_job_id)
        if ctx.printing is not None:
            ctx.printing.wake()
        self._success_text = charged_text(result, attempt.quote)
        self.banner.say("ok", self._success_text)
        self.printing.follow(result.print_job_id)
        self.charged.emit(result)
        typed_ahead = self.form.plate.text()
        self.clear(keep_message=True)
        if typed_ahead != self._plate_at_confirm:
            # The next truck's plate, typed while this one was charged: kept, and searched.
            self.form.plate.setText(typed_ahead)
            self.search.typed(typed_ahead)

    def _voucher_moved(self, job) -> None:
        base = self._success_text
        if job.state == "done":
            self.banner.say("ok", lambda: base() + "\n" + self.tr("Voucher printed."))
        elif job.state == "failed":
            reason = job.last_error or ""
            self.banner.say("warn", lambda: base() + "\n" + self.tr(
                "Voucher NOT printed: %1. The charge is recorded; the print queue (F11) prints it again.")
                .replace("%1", reason))

    # ---- manual weight, clearing -------------------------------------------------------------

    def manual_weight(self) -> None:
        """Ctrl+M: type the weight (again Ctrl+M: back to the scale)."""
        if self.flow.busy:
            return
        if self.manual is not None:
            self.manual = None
            self._show_manual()
            self.request_quote()
            return
        from app.windows.desk_manual import ask_manual_weight
        ask_manual_weight(self, self._ctx, self.tr("Gross weight"), self._manual_given)

    def _manual_given(self, manual: "ManualWeight") -> None:
        self.manual = manual
        self._show_manual()
        self.request_quote()
        self._focus_next()

    def _show_manual(self) -> None:
        m = self.manual
        if m is None:
            self.fee.mark_manual(None)
            return
        if m.supervisor:
            self.fee.mark_manual(lambda: self.tr("WEIGHT ENTERED BY HAND: %1, authorised by %2")
                                 .replace("%1", weight(m.weight_g)).replace("%2", m.supervisor))
        else:
            self.fee.mark_manual(lambda: self.tr("WEIGHT ENTERED BY HAND: %1").replace("%1", weight(m.weight_g)))

    def clear(self, keep_message: bool = False) -> None:
        """Esc: an empty form for the next truck, the cursor in the plate field."""
        if self.flow.busy:
            return
        self.flow.forget_pending()
        self._confirm_when_ready = False
        self.manual = None
        self._show_manual()
        self.search.cancel()
        self.form.clear()
        if not keep_message:
            self.banner.clear_message()
            self.printing.stop()
        self.request_quote()
        self.form.plate.setFocus()

    def _say(self, kind: str, text: Callable[[], str]) -> None:
        """A new message: the voucher printed before is no longer the news."""
        self.printing.stop()
        self.banner.say(kind, text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the vehicle type list or on a check box reaches the panel: it charges.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)

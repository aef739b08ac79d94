"""Confirming an entry: capture the weight from the scale, quote it, settle how it is paid,
charge it. Every step that waits (the scale, the database) runs on a worker.

One confirmation attempt has one event id, made here before the first submission: a second
Enter while the charge runs is ignored, and a charge whose outcome is unknown (the database
went away mid-commit) is retried with the same id and the same content, so the ledger posts
it at most once. A refusal (a UserError: nothing was written) ends the attempt."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.windows import ops
from app.windows.desk_errors import desk_error_text, uncertain
from app.windows.desk_format import money, weight

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.weighing.capture import ScaleCapture
    from app.weighing.entry import EntryDraft, EntryResult, Quote
    from app.windows.context import GuiContext
    from app.windows.desk_manual import ManualWeight
    from app.windows.desk_weight import LiveWeight

translate = QCoreApplication.translate


@dataclass
class ChargeAttempt:
    event_id: str
    draft: "EntryDraft"
    capture: "ScaleCapture"
    quote: "Quote"
    cash_fen: int
    override: "Override | None"


class ChargeFlow(QObject):
    busy_changed = Signal(bool)
    status = Signal(object)       # () -> str: what is happening now
    requoted = Signal(object)     # Quote of the captured weight, when it differs from what was shown
    charged = Signal(object, object)   # EntryResult, ChargeAttempt
    failed = Signal(object)       # () -> str
    stale = Signal()              # the figures changed on the server: quote again

    def __init__(self, ctx: "GuiContext", live: "LiveWeight", owner, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._live = live
        self._owner = owner           # where dialogs open (owner.dialog)
        self.busy = False
        self.pending: ChargeAttempt | None = None   # outcome unknown: Enter retries exactly this

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    # ---- 1. capture --------------------------------------------------------------------------

    def start(self, draft: "EntryDraft", shown: "Quote | None", manual: "ManualWeight | None") -> None:
        """`draft` is what was on screen at Enter (its gross is replaced by the capture's): the
        cashier may type the next plate while this one is weighed and charged."""
        if self.busy:
            return  # a double Enter: the first one is on its way
        if self.pending is not None:
            self._charge(self.pending)
            return
        self._set_busy(True)
        if manual is not None:
            from app.weighing.capture import ScaleCapture
            self._captured(draft, shown, manual, ScaleCapture(manual.weight_g, (), manual=True))
            return
        self.status.emit(lambda: translate("ChargeFlow", "Reading the scale…"))
        ops.run(self._live.capture_call(),
                on_success=lambda capture: self._captured(draft, shown, None, capture),
                on_failure=self._refused, parent=self._owner)

    # ---- 2. quote the captured weight ------------------------------------------------------

    def _captured(self, on_screen: "EntryDraft", shown, manual, capture: "ScaleCapture") -> None:
        from app.weighing.entry import quote_entry
        draft = replace(on_screen, gross_g=capture.weight_g)
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: quote_entry(db, actor, draft),
                on_success=lambda quote: self._quoted(draft, capture, shown, manual, quote),
                on_failure=self._refused, parent=self._owner)

    def _quoted(self, draft, capture, shown: "Quote | None", manual, quote: "Quote") -> None:
        if shown is None or (shown.fee_fen, shown.paid_cash_fen) != (quote.fee_fen, quote.paid_cash_fen):
            # The cashier confirms the money on screen, never another figure.
            self._set_busy(False)
            self.requoted.emit(quote)
            self.failed.emit(lambda: translate(
                "ChargeFlow", "The weight settled at %1: the fee is %2. Check it and press Enter to charge.")
                .replace("%1", weight(quote.gross_g)).replace("%2", money(quote.fee_fen)))
            return
        override = manual.override if manual is not None else None
        if quote.merchant_kind != "fixed" or draft.all_cash:
            self._new_attempt(draft, capture, quote, quote.fee_fen, override)
        elif quote.paid_cash_fen > 0:
            self._ask_shortfall(draft, capture, quote, override)
        else:
            self._new_attempt(draft, capture, quote, 0, override)

    # ---- 3. how it is paid -----------------------------------------------------------------

    def _ask_shortfall(self, draft, capture, quote: "Quote", override) -> None:
        from app.windows.desk_payment import ShortfallDialog
        from app.windows.dialogs import open_tracked
        dialog = ShortfallDialog(quote.merchant_name, quote.fee_fen, quote.paid_account_fen, quote.paid_cash_fen,
                                 self._owner)
        dialog.cash_chosen.connect(lambda cash: self._new_attempt(draft, capture, quote, cash, override))
        dialog.rejected.connect(self._shortfall_declined)
        open_tracked(self._owner, dialog)

    def _shortfall_declined(self) -> None:
        self._set_busy(False)
        self.failed.emit(lambda: translate("ChargeFlow", "Not charged."))

    # ---- 4. charge ---------------------------------------------------------------------------

    def _new_attempt(self, draft, capture, quote, cash_fen: int, override) -> None:
        from app.ledger.ids import new_event_id
        self._charge(ChargeAttempt(new_event_id(), draft, capture, quote, cash_fen, override))

    def _charge(self, attempt: ChargeAttempt) -> None:
        from app.weighing.entry import charge_entry
        if not self.busy:
            self._set_busy(True)
        self.status.emit(lambda: translate("ChargeFlow", "Charging…"))
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: charge_entry(db, actor, attempt.draft, event_id=attempt.event_id, capture=attempt.capture,
                                     fee_fen_shown=attempt.quote.fee_fen, cash_fen=attempt.cash_fen,
                                     override=attempt.override),
                on_success=lambda result: self._charged(attempt, result),
                on_failure=lambda exc: self._charge_failed(attempt, exc), parent=self._owner)

    def _charged(self, attempt: ChargeAttempt, result: "EntryResult") -> None:
        self.pending = None
        self._set_busy(False)
        self.charged.emit(result, attempt)

    def _charge_failed(self, attempt: ChargeAttempt, exc: Exception) -> None:
        from app.errors import Conflict, PermissionDenied
        if isinstance(exc, PermissionDenied) and exc.permission == "ticket.manual_weight" and attempt.capture.manual:
            # The supervisor's authorisation is spent by a refused try: ask again, same attempt.
            from app.windows.desk_supervisor import ask_supervisor_for

            def granted(override) -> None:
                attempt.override = override
                self._charge(attempt)
            dialog = ask_supervisor_for(self._owner, self._ctx, "ticket.manual_weight", granted)
            dialog.rejected.connect(lambda: self._refused(exc))
            return
        if uncertain(exc):
            self.pending = attempt
            self._set_busy(False)
            self.failed.emit(lambda: desk_error_text(exc) + "\n" + translate(
                "ChargeFlow", "It is not known whether the charge was recorded. Press Enter to send the same "
                              "charge again: it is never recorded twice."))
            return
        self.pending = None
        self._refused(exc)
        if isinstance(exc, Conflict):
            self.stale.emit()

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        self.failed.emit(lambda: desk_error_text(exc))

    def forget_pending(self) -> None:
        self.pending = None

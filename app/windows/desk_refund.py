"""Confirming an exit refund: capture the empty truck's weight, quote the refund on it, get a
supervisor when the truck is as heavy as it came in, refund. As with charges
(app.windows.desk_charge), one attempt has one event id, a second Enter meanwhile is
ignored, and an attempt whose outcome is unknown is retried with the same id and content."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.windows import ops
from app.windows.desk_errors import desk_error_text, uncertain
from app.windows.desk_format import money, weight

if TYPE_CHECKING:
    from app.auth.actor import Override
    from app.weighing.capture import ScaleCapture
    from app.weighing.exit import RefundQuote, RefundResult
    from app.windows.context import GuiContext
    from app.windows.desk_manual import ManualWeight
    from app.windows.desk_weight import LiveWeight

translate = QCoreApplication.translate
SUPERVISOR_PERMISSION = "ticket.void"   # app.weighing.exit.SUPERVISOR_PERMISSION


@dataclass
class RefundAttempt:
    event_id: str
    ticket_id: int
    capture: "ScaleCapture"
    quote: "RefundQuote"
    override: "Override | None"          # a manual exit weight
    supervisor: "Override | None" = None  # a truck at or above its entry gross


class RefundFlow(QObject):
    busy_changed = Signal(bool)
    status = Signal(object)            # () -> str
    requoted = Signal(object)          # RefundQuote of the captured weight, when it differs
    refunded = Signal(object, object)  # RefundResult, RefundAttempt
    failed = Signal(object)            # () -> str
    stale = Signal()                   # the voucher changed meanwhile: look it up again

    def __init__(self, ctx: "GuiContext", live: "LiveWeight", owner, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._live = live
        self._owner = owner
        self.busy = False
        self.pending: RefundAttempt | None = None

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def start(self, ticket_id: int, shown: "RefundQuote | None", manual: "ManualWeight | None") -> None:
        if self.busy:
            return
        if self.pending is not None and self.pending.ticket_id == ticket_id:
            self._refund(self.pending)
            return
        self.pending = None
        self._set_busy(True)
        if manual is not None:
            from app.weighing.capture import ScaleCapture
            self._captured(ticket_id, shown, manual, ScaleCapture(manual.weight_g, (), manual=True))
            return
        self.status.emit(lambda: translate("RefundFlow", "Reading the scale…"))
        ops.run(self._live.capture_call(), on_success=lambda c: self._captured(ticket_id, shown, None, c),
                on_failure=self._refused, parent=self._owner)

    def _captured(self, ticket_id: int, shown, manual, capture: "ScaleCapture") -> None:
        from app.weighing.exit import quote_refund
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: quote_refund(db, actor, ticket_id, capture.weight_g),
                on_success=lambda q: self._quoted(ticket_id, shown, manual, capture, q),
                on_failure=self._refused, parent=self._owner)

    def _quoted(self, ticket_id, shown: "RefundQuote | None", manual, capture, quote: "RefundQuote") -> None:
        from app.ledger.ids import new_event_id
        if shown is None or (shown.refund_fen, shown.needs_supervisor) != (quote.refund_fen, quote.needs_supervisor):
            self._set_busy(False)
            self.requoted.emit(quote)
            self.failed.emit(lambda: translate(
                "RefundFlow", "The exit weight settled at %1: the refund is %2. Check it and press Enter to refund.")
                .replace("%1", weight(quote.exit_weight_g)).replace("%2", money(quote.refund_fen)))
            return
        attempt = RefundAttempt(new_event_id(), ticket_id, capture, quote,
                                manual.override if manual is not None else None)
        if quote.needs_supervisor and not self._ctx.actor.can(SUPERVISOR_PERMISSION):
            self._ask_supervisor(attempt, None)
            return
        self._refund(attempt)

    def _ask_supervisor(self, attempt: RefundAttempt, refusal: Exception | None) -> None:
        from app.windows.desk_supervisor import ask_supervisor_for

        def granted(override) -> None:
            attempt.supervisor = override
            self._refund(attempt)
        self.status.emit(lambda: translate(
            "RefundFlow", "The truck is as heavy as it came in (nothing unloaded): a supervisor must approve "
                          "this refund."))
        dialog = ask_supervisor_for(self._owner, self._ctx, SUPERVISOR_PERMISSION, granted)
        dialog.rejected.connect(lambda: self._declined(refusal))

    def _declined(self, refusal: Exception | None) -> None:
        self._set_busy(False)
        if refusal is not None:
            self._refused(refusal)
        else:
            self.failed.emit(lambda: translate("RefundFlow", "Not refunded: no supervisor approved it."))

    def _refund(self, attempt: RefundAttempt) -> None:
        from app.weighing.exit import refund_exit
        if not self.busy:
            self._set_busy(True)
        self.status.emit(lambda: translate("RefundFlow", "Refunding…"))
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: refund_exit(db, actor, attempt.ticket_id, event_id=attempt.event_id, capture=attempt.capture,
                                    refund_fen_shown=attempt.quote.refund_fen, override=attempt.override,
                                    supervisor=attempt.supervisor),
                on_success=lambda result: self._refunded(attempt, result),
                on_failure=lambda exc: self._refund_failed(attempt, exc), parent=self._owner)

    def _refunded(self, attempt: RefundAttempt, result: "RefundResult") -> None:
        self.pending = None
        self._set_busy(False)
        self.refunded.emit(result, attempt)

    def _refund_failed(self, attempt: RefundAttempt, exc: Exception) -> None:
        from app.errors import Conflict, PermissionDenied
        from app.weighing.exit import SupervisorRequired
        if isinstance(exc, SupervisorRequired) or (
                isinstance(exc, PermissionDenied) and exc.permission == SUPERVISOR_PERMISSION):
            attempt.supervisor = None
            self._ask_supervisor(attempt, exc)
            return
        if isinstance(exc, PermissionDenied) and exc.permission == "ticket.manual_weight" and attempt.capture.manual:
            from app.windows.desk_supervisor import ask_supervisor_for

            def granted(override) -> None:
                attempt.override = override
                self._refund(attempt)
            dialog = ask_supervisor_for(self._owner, self._ctx, "ticket.manual_weight", granted)
            dialog.rejected.connect(lambda: self._refused(exc))
            return
        if uncertain(exc):
            self.pending = attempt
            self._set_busy(False)
            self.failed.emit(lambda: desk_error_text(exc) + "\n" + translate(
                "RefundFlow", "It is not known whether the refund was recorded. Press Enter to send the same "
                              "refund again: it is never paid twice."))
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


def refund_text(result: "RefundResult") -> Callable[[], str]:
    def text() -> str:
        if result.paid_to == "cash":
            return translate("RefundFlow", "%1 refunded %2 for %3: give %2 in cash to the driver.") \
                .replace("%1", result.voucher_no).replace("%2", money(result.refund_fen)) \
                .replace("%3", result.entry_voucher_no)
        return translate("RefundFlow", "%1 refunded %2 for %3 to the account, balance now %4.") \
            .replace("%1", result.voucher_no).replace("%2", money(result.refund_fen)) \
            .replace("%3", result.entry_voucher_no).replace("%4", money(result.balance_after_fen))
    return text

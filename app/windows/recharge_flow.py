"""Submitting a recharge. One confirmation is one attempt with one event id, made before the
first submission: an Enter pressed again while it runs is ignored, the second confirmation of
a large amount resubmits the same attempt, and a call whose outcome is unknown (the database
went away mid-commit) is sent again with the same id and content when the clerk presses Enter,
so the ledger credits it at most once. A refusal (a UserError: nothing was written) ends it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.windows import ops
from app.windows.desk_errors import uncertain
from app.windows.messages import error_text

if TYPE_CHECKING:
    from app.recharge.service import RechargeResult
    from app.windows.context import GuiContext

translate = QCoreApplication.translate


@dataclass(frozen=True)
class RechargeAttempt:
    event_id: str
    merchant_id: int
    holder: str
    amount_fen: int
    method: str
    reference: str | None
    confirmed_large: bool = False

    def same_request(self, merchant_id: int, amount_fen: int, method: str, reference: str | None) -> bool:
        return (self.merchant_id, self.amount_fen, self.method, self.reference) == \
            (merchant_id, amount_fen, method, reference)


class RechargeFlow(QObject):
    busy_changed = Signal(bool)
    status = Signal(object)            # () -> str
    recharged = Signal(object, object)  # RechargeResult, RechargeAttempt
    failed = Signal(object)            # () -> str

    def __init__(self, ctx: "GuiContext", owner, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._owner = owner                 # where dialogs open (owner.dialog)
        self.busy = False
        self.pending: RechargeAttempt | None = None   # outcome unknown: Enter retries exactly this
        self.submissions = 0                # calls sent to the service (tests count them)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def start(self, merchant_id: int, holder: str, amount_fen: int, method: str, reference: str | None) -> None:
        if self.busy:
            return  # a double Enter: the first one is on its way
        pending = self.pending
        if pending is not None and pending.same_request(merchant_id, amount_fen, method, reference):
            self._submit(pending)
            return
        from app.ledger.ids import new_event_id
        self.pending = None
        self._submit(RechargeAttempt(new_event_id(), merchant_id, holder, amount_fen, method, reference))

    def _submit(self, attempt: RechargeAttempt) -> None:
        from app.recharge.service import recharge
        self._set_busy(True)
        self.submissions += 1
        self.status.emit(lambda: translate("RechargeFlow", "Recharging…"))
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: recharge(db, actor, attempt.merchant_id, amount_fen=attempt.amount_fen,
                                 method=attempt.method, reference=attempt.reference, event_id=attempt.event_id,
                                 confirmed_large=attempt.confirmed_large),
                on_success=lambda result: self._done(attempt, result),
                on_failure=lambda exc: self._failed(attempt, exc), parent=self._owner)

    def _done(self, attempt: RechargeAttempt, result: "RechargeResult") -> None:
        self.pending = None
        self._set_busy(False)
        self.recharged.emit(result, attempt)

    def _failed(self, attempt: RechargeAttempt, exc: Exception) -> None:
        from app.recharge.limits import LargeAmountNotConfirmed
        if isinstance(exc, LargeAmountNotConfirmed) and not attempt.confirmed_large:
            self._ask_large(attempt)
            return
        self._set_busy(False)
        if uncertain(exc):
            self.pending = attempt
            self.failed.emit(lambda: error_text(exc) + "\n" + translate(
                "RechargeFlow", "It is not known whether the recharge was recorded. Press Enter to send the same "
                                "recharge again: it is never credited twice."))
            return
        self.pending = None
        self.failed.emit(lambda: error_text(exc))

    def _ask_large(self, attempt: RechargeAttempt) -> None:
        from app.windows.dialogs import open_tracked
        from app.windows.recharge_large import LargeAmountDialog
        dialog = LargeAmountDialog(attempt.amount_fen, attempt.holder, attempt.method, self._owner)
        dialog.accepted.connect(lambda: self._submit(replace(attempt, confirmed_large=True)))
        dialog.rejected.connect(self._declined)
        open_tracked(self._owner, dialog)

    def _declined(self) -> None:
        self._set_busy(False)
        self.failed.emit(lambda: translate("RechargeFlow", "Not recharged."))

    def forget_pending(self) -> None:
        self.pending = None

"""The Recharge tab's working part: the form, the Confirm button and the message banner. Checks
what it can before asking the service (an account chosen and usable, an open shift, an amount,
a reference), submits through RechargeFlow, and after the COMMIT wakes the printer and follows
the receipt, so the banner says "printed" or why not (the money is credited either way; a
failed receipt waits in the print queue, F11)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.windows.desk_banner import MessageBanner
from app.windows.desk_print_follow import VoucherPrintFollow
from app.windows.recharge_flow import RechargeFlow
from app.windows.recharge_form import RechargeForm
from app.windows.recharge_format import method_title, money
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.recharge.accounts import AccountInfo
    from app.recharge.service import RechargeResult
    from app.windows.context import GuiContext

BUTTON_STEP_PT = 4
BUTTON_HEIGHT_PX = 44


class RechargePanel(Retranslating, QWidget):
    recharged = Signal(object)   # RechargeResult
    cleared = Signal()           # Esc: the desk goes back to Find

    def __init__(self, ctx: "GuiContext", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recharge_panel")
        self._ctx = ctx
        self.dialog: QWidget | None = None      # the large-amount confirmation while open
        self.account: AccountInfo | None = None
        self.shift: ShiftInfo | None = None
        self.shift_known = False
        self.last_result: RechargeResult | None = None
        self._success_text: Callable[[], str] = str
        self.form = RechargeForm()
        self.banner = MessageBanner("recharge_message")
        self.flow = RechargeFlow(ctx, self, self)
        self.printing = VoucherPrintFollow(ctx, self)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirm")
        self.clear_button = QPushButton()
        for button in (self.confirm_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the keyboard stays in the fields
        big = self.confirm_button.font()
        big.setPointSize(big.pointSize() + BUTTON_STEP_PT)
        big.setBold(True)
        self.confirm_button.setFont(big)
        self.confirm_button.setMinimumHeight(BUTTON_HEIGHT_PX)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.clear_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        self.confirm_button.clicked.connect(self.confirm)
        self.clear_button.clicked.connect(self._escape)
        self.form.confirm_requested.connect(self.confirm)
        self.form.escape_pressed.connect(self._escape)
        self.flow.busy_changed.connect(self._busy_changed)
        self.flow.status.connect(lambda text: self.say("info", text))
        self.flow.failed.connect(lambda text: self.say("error", text))
        self.flow.recharged.connect(self._recharged)
        self.printing.job_moved.connect(self._receipt_moved)
        self.setFocusProxy(self.form)
        self.retranslate()

    def retranslate(self) -> None:
        self.confirm_button.setText(self.tr("Recharge (Enter)"))
        self.clear_button.setText(self.tr("Clear (Esc)"))

    def set_account(self, info: "AccountInfo | None") -> None:
        if self.account is None or info is None or info.merchant_id != self.account.merchant_id:
            self.flow.forget_pending()
        self.account = info

    def set_shift(self, shift: "ShiftInfo | None", known: bool = True) -> None:
        self.shift = shift
        self.shift_known = known

    def _busy_changed(self, busy: bool) -> None:
        self.confirm_button.setEnabled(not busy)
        self.form.set_busy(busy)   # read-only, not disabled: the keyboard must not jump elsewhere
        if not busy and self.form.isVisible():
            self.form.setFocus()

    # ---- confirm -----------------------------------------------------------------------------

    def confirm(self) -> None:
        if self.flow.busy:
            return
        try:
            account = self._usable_account()
            amount_fen, method, reference = self.form.values()
        except ValidationError as exc:
            text = str(exc)
            self.say("error", lambda: text)
            return
        self.flow.start(account.merchant_id, account.name or account.code, amount_fen, method, reference)

    def _usable_account(self) -> "AccountInfo":
        account = self.account
        if account is None:
            raise ValidationError(self.tr("Find the account first (Ctrl+F)."))
        if account.status == "suspended":
            raise ValidationError(self.tr("Account %1 (%2) is FROZEN: it takes no recharge until it is unfrozen.")
                                  .replace("%1", account.code).replace("%2", account.name))
        if account.status == "closed":
            raise ValidationError(self.tr("Account %1 (%2) is CLOSED: it takes no recharge.")
                                  .replace("%1", account.code).replace("%2", account.name))
        if self.shift_known and self.shift is None:
            raise ValidationError(self.tr("No open shift at this counter: open one (Shift menu → Open shift, "
                                          "Ctrl+Shift+O) before taking money."))
        return account

    def _recharged(self, result: "RechargeResult", _attempt) -> None:
        self.last_result = result
        ctx = self._ctx
        ctx.changes.print_jobs_changed.emit(result.print_job_id)
        if ctx.printing is not None:
            ctx.printing.wake()
        self._success_text = _success(result)
        self.banner.say("ok", self._success_text)
        self.printing.follow(result.print_job_id)
        self.form.clear()
        self.recharged.emit(result)

    def _receipt_moved(self, job) -> None:
        base = self._success_text
        if job.state == "done":
            self.banner.say("ok", lambda: base() + "\n" + self.tr("Receipt printed."))
        elif job.state == "failed":
            reason = job.last_error or ""
            self.banner.say("warn", lambda: base() + "\n" + self.tr(
                "Receipt NOT printed: %1. The money is credited; the print queue (F11) prints it again.")
                .replace("%1", reason))

    def _escape(self) -> None:
        self.form.clear()
        self.flow.forget_pending()
        self.clear_message()
        self.cleared.emit()

    def clear_message(self) -> None:
        self.printing.stop()
        self.banner.clear_message()

    def say(self, kind: str, text: Callable[[], str]) -> None:
        """Something new to say: the previous receipt's printing no longer overwrites it."""
        self.printing.stop()
        self.banner.say(kind, text)


def _success(result: "RechargeResult") -> Callable[[], str]:
    from PySide6.QtCore import QCoreApplication
    translate = QCoreApplication.translate

    def text() -> str:
        return translate("RechargePanel", "Receipt %1: %2 recharged to %3 by %4. Balance %5 → %6.") \
            .replace("%1", result.receipt_no).replace("%2", money(result.amount_fen)) \
            .replace("%3", result.merchant_code).replace("%4", method_title(result.method)) \
            .replace("%5", money(result.balance_before_fen)).replace("%6", money(result.balance_after_fen))
    return text

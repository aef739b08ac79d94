"""The account recharge desk (账户充值前台), the recharge clerk's screen.

    ┌ no open shift? ──────────────────────────────────────────────────────────────┐
    │ Find (Ctrl+F)        │ Recharge (F7) │ Statement (F8)                          │
    │  hits                │  amount, method F1–F5, transaction no., Recharge (Enter)│
    │  the account's card  │  what just happened                                     │
    │  Freeze / Overdraft  │  this shift's recharges: Reverse… (Ctrl+R), Reprint     │
    │  / Close (managers)  │  (Ctrl+P)                                               │
    └──────────────────────────────────────────────────────────────────────────────┘

Keyboard first at 1366×768: type the account (number, name, initials, phone or plate), Enter;
type the amount; F1 cash (or F2–F5 and scan the transaction number); Enter. The receipt prints,
the form empties and the cursor is back in Find for the next customer. The parts do the work
(recharge_find, recharge_card, recharge_panel, recharge_today, recharge_statement,
recharge_account_actions); this screen lays them out and keeps them on the same account and
shift."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.actions import make_action
from app.windows.messages import error_text
from app.windows.recharge_account_actions import AccountActions
from app.windows.recharge_card import AccountCard
from app.windows.recharge_find import AccountFinder
from app.windows.recharge_panel import RechargePanel
from app.windows.desk_shift_bar import NoShiftBar
from app.windows.recharge_statement import StatementPanel
from app.windows.recharge_today import TodayRecharges
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.recharge.accounts import AccountInfo
    from app.windows.context import GuiContext

LEFT_COLUMN_PX = 430
TODAY_SHARE = (2, 3)   # the form above, the shift's recharges below


class RechargeDeskScreen(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext"):
        super().__init__()
        self.setObjectName("recharge_desk")
        self._ctx = ctx
        self.shift: ShiftInfo | None = None
        self.shift_loaded = False
        self.account: AccountInfo | None = None

        self.no_shift = NoShiftBar(ctx, desk="recharge")
        self.no_shift.hide()
        self.finder = AccountFinder(ctx.db)
        self.card = AccountCard()
        self.actions_bar = AccountActions(ctx)
        self.panel = RechargePanel(ctx)
        self.today = TodayRecharges(ctx)
        self.statement = StatementPanel(ctx)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.finder, 1)
        left_layout.addWidget(self.card)
        left_layout.addWidget(self.actions_bar)
        left.setFixedWidth(LEFT_COLUMN_PX)
        self.recharge_tab = QSplitter(Qt.Orientation.Vertical)
        self.recharge_tab.setObjectName("recharge_tab")
        self.recharge_tab.addWidget(self.panel)
        self.recharge_tab.addWidget(self.today)
        self.recharge_tab.setStretchFactor(0, TODAY_SHARE[0])
        self.recharge_tab.setStretchFactor(1, TODAY_SHARE[1])
        self.recharge_tab.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recharge_tabs")
        self.tabs.addTab(self.recharge_tab, "")
        self.tabs.addTab(self.statement, "")
        self.tabs.currentChanged.connect(lambda _i: self._focus_tab())
        middle = QHBoxLayout()
        middle.addWidget(left)
        middle.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_shift)
        layout.addLayout(middle, 1)

        self.find_action = make_action(self, "Ctrl+F", self.focus_find)
        self.recharge_tab_action = make_action(self, "F7", lambda: self.tabs.setCurrentWidget(self.recharge_tab))
        self.statement_tab_action = make_action(self, "F8", lambda: self.tabs.setCurrentWidget(self.statement))

        self.finder.chosen.connect(self.choose)
        self.panel.recharged.connect(self._recharged)
        self.panel.cleared.connect(self.focus_find)
        self.today.reversed_.connect(lambda result: self.reload_account())
        self.actions_bar.changed.connect(self._account_changed)
        self.actions_bar.closed.connect(self._account_closed)
        ctx.changes.shift_changed.connect(self.set_shift)
        self.setFocusProxy(self.finder)
        self.retranslate()
        self._show_account(None)
        self._load_shift()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Recharge (F7)"))
        self.tabs.setTabText(1, self.tr("Statement (F8)"))

    # ---- the shift ---------------------------------------------------------------------------

    def _load_shift(self) -> None:
        from app.ledger.service import current_shift
        db, actor = self._ctx.db, self._ctx.actor
        if actor.user_id is not None and actor.counter:
            ops.run(lambda: current_shift(db, actor), on_success=self._shift_loaded,
                    on_failure=self._shift_failed, parent=self)
        else:
            self._shift_loaded(None)

    def _shift_loaded(self, shift: "ShiftInfo | None") -> None:
        self.shift_loaded = True
        self.set_shift(shift)

    def _shift_failed(self, exc: Exception) -> None:
        self._shift_loaded(None)
        self.panel.say("error", lambda: error_text(exc))

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.shift_loaded = True
        self.no_shift.setVisible(shift is None)
        self.panel.set_shift(shift)
        self.today.set_shift(shift)

    # ---- the account -------------------------------------------------------------------------

    def choose(self, info: "AccountInfo") -> None:
        """A hit taken in Find: its card, its statement; the cursor goes to the amount."""
        self._show_account(info)
        if self.panel.banner.kind in ("error", "info"):   # about the previous account; a success stays
            self.panel.clear_message()
        if info.status == "suspended":
            self.panel.say("error", lambda: self.tr("Account %1 (%2) is FROZEN: it takes no recharge until it is "
                                                    "unfrozen.").replace("%1", info.code).replace("%2", info.name))
        elif info.status == "closed":
            self.panel.say("error", lambda: self.tr("Account %1 (%2) is CLOSED: it takes no recharge.")
                           .replace("%1", info.code).replace("%2", info.name))
        if self.tabs.currentWidget() is self.recharge_tab:
            self.panel.form.amount.setFocus()
            self.panel.form.amount.selectAll()

    def _show_account(self, info: "AccountInfo | None") -> None:
        self.account = info
        self.card.show_info(info)
        self.actions_bar.show_info(info)
        self.panel.set_account(info)
        self.statement.set_account(info)

    def reload_account(self) -> None:
        """The shown account as it is now (after a recharge, a reversal, a freeze …)."""
        from app.recharge.accounts import account_info
        if self.account is None:
            return
        db, merchant_id = self._ctx.db, self.account.merchant_id
        ops.run(lambda: account_info(db, merchant_id), on_success=self._reloaded,
                on_failure=lambda exc: self.panel.say("error", lambda: error_text(exc)), parent=self)

    def _reloaded(self, info: "AccountInfo") -> None:
        if self.account is not None and info.merchant_id == self.account.merchant_id:
            self._show_account(info)
            self.statement.show_first_page()

    def _recharged(self, result) -> None:
        self.reload_account()
        self.today.refresh()
        self.focus_find()

    def _account_changed(self, info: "AccountInfo") -> None:
        self._show_account(info)
        self.panel.clear_message()

    def _account_closed(self, result) -> None:
        ctx = self._ctx
        if result.print_job_id is not None:
            ctx.changes.print_jobs_changed.emit(result.print_job_id)
            if ctx.printing is not None:
                ctx.printing.wake()
        from app.windows.recharge_format import money
        self.panel.say("ok", lambda: self.tr("Account %1 closed: %2 paid out (receipt %3).")
                       .replace("%1", result.merchant_code).replace("%2", money(result.paid_out_fen))
                       .replace("%3", result.receipt_no))
        self.reload_account()

    # ---- keys --------------------------------------------------------------------------------

    def focus_find(self) -> None:
        self.tabs.setCurrentWidget(self.recharge_tab)
        self.finder.focus()

    def _focus_tab(self) -> None:
        if self.tabs.currentWidget() is self.statement:
            self.statement.setFocus()
        elif self.account is not None:
            self.panel.form.amount.setFocus()
        else:
            self.finder.focus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.finder.focus()

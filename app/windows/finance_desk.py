"""The finance receipt desk (财务收款前台).

    ┌ Handovers (F2) │ Open shifts (F3) │ Day close (F4) │ Policy ─────────────────────────┐
    │ waiting handovers, every counter     │ the chosen handover in full                  │
    │ (polled; received ones on request)   │ Receive… (F5 / Enter)  Adjust… (Ctrl+J)      │
    └──────────────────────────────────────────────────────────────────────────────────────┘

The parts do the work (finance_handovers, finance_detail, finance_receive, finance_adjust,
finance_shifts, finance_day, finance_policy); this screen lays them out, opens the dialogs on
the chosen handover and keeps the list and the detail in step."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.actions import make_action, set_action_text
from app.windows.desk_format import money
from app.windows.dialogs import open_tracked
from app.windows.finance_day import DayClosePanel
from app.windows.finance_detail import HandoverDetailPanel
from app.windows.finance_handovers import HandoverList
from app.windows.finance_policy import PolicyPanel
from app.windows.finance_shifts import OpenShiftsPanel
from app.windows.messages import error_text
from app.windows.retranslate import Retranslating

if TYPE_CHECKING:
    from app.finance.receive import ReceiptResult
    from app.windows.context import GuiContext


class FinanceDeskScreen(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext"):
        super().__init__()
        self.setObjectName("finance_desk")
        self._ctx = ctx
        self.dialog: QWidget | None = None
        self._message: Callable[[], str] = str
        self.handovers = HandoverList(ctx)
        self.detail = HandoverDetailPanel(ctx)
        self.receive_button, self.adjust_button = QPushButton(), QPushButton()
        self.receive_button.setObjectName("receive")
        self.adjust_button.setObjectName("adjust")
        self.receive_action = make_action(self, "F5", self.receive)
        self.adjust_action = make_action(self, "Ctrl+J", self.adjust)
        self.receive_button.clicked.connect(self.receive)
        self.adjust_button.clicked.connect(self.adjust)
        self.message = QLabel()
        self.message.setObjectName("finance_message")
        self.message.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.adjust_button)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.message)
        self.handovers_tab = QSplitter(Qt.Orientation.Horizontal)
        self.handovers_tab.addWidget(self.handovers)
        self.handovers_tab.addWidget(right)
        self.handovers_tab.setStretchFactor(0, 3)
        self.handovers_tab.setStretchFactor(1, 2)
        self.shifts = OpenShiftsPanel(ctx)
        self.day = DayClosePanel(ctx)
        self.policy = PolicyPanel(ctx) if ctx.actor.can("settings.manage") else None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("finance_tabs")
        for index, tab in enumerate(t for t in (self.handovers_tab, self.shifts, self.day, self.policy) if t):
            self.tabs.addTab(tab, "")
            if index < 3:
                make_action(self, f"F{index + 2}", lambda tab=tab: self.tabs.setCurrentWidget(tab))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.handovers.selected.connect(self._selected)
        self.handovers.activated.connect(lambda _id: self.receive())
        self.shifts.closed.connect(lambda _result: self.handovers.refresh())
        self.setFocusProxy(self.handovers)
        self.retranslate()
        self._selected(None)

    def retranslate(self) -> None:
        titles = [self.tr("Handovers (F2)"), self.tr("Open shifts (F3)"), self.tr("Day close (F4)"), self.tr("Policy")]
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, titles[index])
        set_action_text(self.receive_action, self.tr("Receive…"))
        set_action_text(self.adjust_action, self.tr("Adjust…"))
        self.receive_button.setText(self.receive_action.text())
        self.adjust_button.setText(self.adjust_action.text())
        self.message.setText(self._message())

    def _say(self, text: Callable[[], str]) -> None:
        self._message = text
        self.message.setText(text())

    def _selected(self, handover_id: int | None) -> None:
        row = self.handovers.current()
        self.receive_button.setEnabled(row is not None and row.waiting)
        self.adjust_button.setEnabled(row is not None and not row.waiting)
        self.detail.show_handover(handover_id)

    # ---- receive and adjust ------------------------------------------------------------------

    def receive(self) -> None:
        """F5 / Enter: the chosen waiting handover, with its detail and the tolerance loaded first."""
        from app.finance.handovers import handover_detail
        from app.finance.policy import current_policy
        row = self.handovers.current()
        if row is None or not row.waiting or self.dialog is not None:
            return
        db, actor = self._ctx.db, self._ctx.actor
        ops.run(lambda: (handover_detail(db, actor, row.id), current_policy(db)), on_success=self._open_receive,
                on_failure=lambda exc: self._say(lambda: error_text(exc)), parent=self)

    def _open_receive(self, loaded) -> None:
        from app.windows.finance_receive import ReceiveDialog
        detail, policy = loaded
        if self.dialog is not None:
            return
        dialog = ReceiveDialog(self._ctx, detail, policy.tolerance_fen, self)
        dialog.succeeded.connect(self._received)
        open_tracked(self, dialog)

    def _received(self, result: "ReceiptResult") -> None:
        self._say(lambda: self.tr("Handover %1 received: counted %2, difference %3.")
                  .replace("%1", result.handover_no).replace("%2", money(result.counted_cash_fen))
                  .replace("%3", money(result.difference_fen)))
        self.handovers.refresh()

    def adjust(self) -> None:
        from app.windows.finance_adjust import AdjustDialog
        row = self.handovers.current()
        if row is None or row.waiting or self.dialog is not None:
            return
        dialog = AdjustDialog(self._ctx, row, self)
        dialog.succeeded.connect(lambda _id: self._adjusted(row.id, row.handover_no))
        open_tracked(self, dialog)

    def _adjusted(self, handover_id: int, number: str) -> None:
        self._say(lambda: self.tr("Handover %1 adjusted.").replace("%1", number))
        self.detail.show_handover(handover_id)

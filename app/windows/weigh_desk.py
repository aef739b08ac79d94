"""The weigh-and-charge desk (称重收费前台), the cashier's screen at the weighbridge.

    ┌ no open shift? ─────────────────────────────┬─────────────────────────┐
    │ Entry (F2) │ Exit (F3)                      │  big live weight        │
    │  the ticket being charged or refunded       │  this shift's counters  │
    ├─────────────────────────────────────────────┴─────────────────────────┤
    │ this shift's tickets: search (Ctrl+F), reprint (Ctrl+P), void (Ctrl+Del)│
    └───────────────────────────────────────────────────────────────────────┘

Built to be worked from the keyboard at 1366×768: a known vehicle is charged with the plate
typed while it drives on, then Enter, Enter. The panels do the work (desk_entry, desk_exit,
desk_tickets, desk_counters); this screen lays them out, loads the shift and the pick lists,
and keeps every part on the same shift."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.windows import ops
from app.windows.actions import make_action
from app.windows.desk_counters import ShiftCounters
from app.windows.desk_entry import EntryPanel
from app.windows.desk_exit import ExitPanel
from app.windows.desk_shift_bar import NoShiftBar
from app.windows.desk_tickets import TicketList
from app.windows.desk_weight import LiveWeight
from app.windows.retranslate import Retranslating
from app.windows.weight_display import WeightDisplay

if TYPE_CHECKING:
    from app.ledger.service import ShiftInfo
    from app.windows.context import GuiContext

RIGHT_COLUMN_PX = 440
TICKETS_SHARE = (5, 3)   # the ticket being worked on above, the shift's list below


class WeighDeskScreen(Retranslating, QWidget):
    def __init__(self, ctx: "GuiContext"):
        super().__init__()
        self.setObjectName("weigh_desk")
        self._ctx = ctx
        self.shift: ShiftInfo | None = None
        self.shift_loaded = False
        self._sized = False
        self.live = LiveWeight(ctx.scale, self)
        self.weight = WeightDisplay()
        self.live.state_changed.connect(self.weight.show_weight)
        self.weight.show_weight(self.live.state)
        self.counters = ShiftCounters(ctx)
        self.entry = EntryPanel(ctx, self.live)
        self.exit = ExitPanel(ctx, self.live) if ctx.actor.can("ticket.refund") else None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("desk_tabs")
        self.tabs.addTab(self.entry, "")
        if self.exit is not None:
            self.tabs.addTab(self.exit, "")
        self.tabs.currentChanged.connect(lambda _i: self.current_panel().setFocus())
        self.tickets = TicketList(ctx)
        self.tickets.leave_requested.connect(lambda: self.current_panel().setFocus())
        self.no_shift = NoShiftBar(ctx)
        self.no_shift.hide()

        right = QVBoxLayout()
        right.addWidget(self.weight, 3)
        right.addWidget(self.counters, 2)
        right_box = QWidget()
        right_box.setLayout(right)
        right_box.setFixedWidth(RIGHT_COLUMN_PX)
        right.setContentsMargins(0, 0, 0, 0)
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.tabs, 1)
        top_layout.addWidget(right_box)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tickets)
        self.splitter.setStretchFactor(0, TICKETS_SHARE[0])
        self.splitter.setStretchFactor(1, TICKETS_SHARE[1])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_shift)
        layout.addWidget(self.splitter, 1)

        self.entry_action = make_action(self, "F2", lambda: self.show_tab(self.entry))
        self.exit_action = make_action(self, "F3", lambda: self.show_tab(self.exit))
        ctx.changes.shift_changed.connect(self.set_shift)
        self.retranslate()
        self._load()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Entry (F2)"))
        if self.exit is not None:
            self.tabs.setTabText(1, self.tr("Exit (F3)"))

    # ---- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        from app.ledger.service import current_shift
        db, actor = self._ctx.db, self._ctx.actor
        if actor.user_id is not None and actor.counter:
            ops.run(lambda: current_shift(db, actor), on_success=self._shift_loaded,
                    on_failure=self._shift_failed, parent=self)
        else:
            self._shift_loaded(None)
        self._load_lists()

    def _load_lists(self) -> None:
        """The commodities and vehicle types to pick from; again each time the desk is shown,
        so what was added on the master-data screens meanwhile is there."""
        from app.weighing.catalog import list_catalog
        from app.weighing.vehicles import list_vehicle_types
        db = self._ctx.db
        ops.run(lambda: (list_catalog(db), list_vehicle_types(db)), on_success=self._lists_loaded,
                on_failure=lambda exc: self.entry.banner.say("error", lambda: _error(exc)), parent=self)

    def _shift_loaded(self, shift: "ShiftInfo | None") -> None:
        self.shift_loaded = True
        self.set_shift(shift)

    def _shift_failed(self, exc: Exception) -> None:
        self._shift_loaded(None)
        self.entry.banner.say("error", lambda: _error(exc))

    def _lists_loaded(self, lists) -> None:
        catalog, types = lists
        self.entry.set_catalog(catalog)
        self.entry.set_vehicle_types(types)

    def set_shift(self, shift: "ShiftInfo | None") -> None:
        self.shift = shift
        self.no_shift.setVisible(shift is None and self.shift_loaded)
        for part in (self.entry, self.exit, self.counters, self.tickets):
            if part is not None:
                part.set_shift(shift)

    # ---- keys --------------------------------------------------------------------------------

    def current_panel(self) -> QWidget:
        return self.tabs.currentWidget()

    def show_tab(self, panel: QWidget | None) -> None:
        if panel is None:
            return
        self.tabs.setCurrentWidget(panel)
        panel.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._sized:
            self._load_lists()
        else:
            # The first time only: afterwards the splitter stays where the cashier dragged it.
            self._sized = True
            total = sum(self.splitter.sizes()) or self.height()
            share = TICKETS_SHARE[0] / sum(TICKETS_SHARE)
            self.splitter.setSizes([int(total * share), total - int(total * share)])
        self.current_panel().setFocus()


def _error(exc: Exception) -> str:
    from app.windows.desk_errors import desk_error_text
    return desk_error_text(exc)

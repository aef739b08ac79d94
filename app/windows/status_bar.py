"""Who, where and which books: always visible, because a cashier at the wrong counter or on
the wrong database posts money to the wrong place."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from app.config import Settings
from app.db.clock import to_local
from app.windows.context import GuiContext
from app.windows.device_status import DeviceStatusArea
from app.windows.names import role_title
from app.windows.retranslate import Retranslating

DATABASE_LABEL_MIN_PX = 120


class StatusBar(Retranslating, QStatusBar):
    def __init__(self, ctx: GuiContext):
        super().__init__()
        self._ctx = ctx
        self._counter_name = ctx.counter_name
        self.database_label = QLabel()
        self.counter_label = QLabel()
        self.user_label = QLabel()
        for label, name in ((self.database_label, "database"), (self.counter_label, "counter"),
                            (self.user_label, "user")):
            label.setObjectName(name)
            label.setStyleSheet("padding: 0 10px; border-right: 1px solid palette(mid);")
            self.addWidget(label)
        # A long database path gives way (its tooltip keeps it whole) before the device
        # indicators on the right do: a failed print must stay readable at 1024 pixels.
        self.database_label.setMinimumWidth(DATABASE_LABEL_MIN_PX)
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shift")
        self.shift_label.setStyleSheet("padding: 0 10px;")
        self.addWidget(self.shift_label)
        self._shift = None
        self.ledger_label = QLabel()
        self.ledger_label.setObjectName("ledger_problem")
        self.ledger_label.setStyleSheet("color: white; background: #b00020; padding: 0 10px;")
        self.ledger_label.setVisible(bool(ctx.ledger_problems))
        self.addWidget(self.ledger_label)
        self.devices = DeviceStatusArea()
        self.addPermanentWidget(self.devices)
        ctx.changes.settings_changed.connect(self._settings_changed)
        ctx.changes.shift_changed.connect(self._shift_changed)
        self.retranslate()

    def retranslate(self) -> None:
        actor = self._ctx.actor
        self.database_label.setText(self.tr("Database: %1").replace("%1", self._ctx.db.describe()))
        self.database_label.setToolTip(self._ctx.db.describe())
        self.counter_label.setText(self.tr("Counter: %1").replace("%1", self._counter_name))
        self.user_label.setText(self.tr("User: %1 (%2)").replace("%1", actor.display_name)
                                .replace("%2", role_title(actor.role)))

        if self._shift is None:
            self.shift_label.setText(self.tr("No open shift"))
        else:
            opened = to_local(self._shift.opened_at).strftime("%H:%M")
            self.shift_label.setText(self.tr("Shift %1 since %2").replace("%1", str(self._shift.id))
                                     .replace("%2", opened))
        self.ledger_label.setText(self.tr("Ledger check failed: money operations are stopped"))
        self.ledger_label.setToolTip("\n".join(self._ctx.ledger_problems))

    def _shift_changed(self, shift) -> None:
        self._shift = shift
        self.retranslate()

    def _settings_changed(self, settings: Settings) -> None:
        self._counter_name = settings.counter_name
        self.retranslate()

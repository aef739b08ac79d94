"""Change notifications: a screen that writes announces it here, and every view that shows
the same data refreshes itself, so two open views never disagree."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    users_changed = Signal()         # a user was created, changed, locked or unlocked
    settings_changed = Signal(object)  # app.config.Settings as saved
    shift_changed = Signal(object)     # app.ledger.service.ShiftInfo (or None) of this user here
    print_jobs_changed = Signal(int)   # a print job of this counter (its id) was queued or moved on
    tickets_changed = Signal(int)      # a weigh ticket (its id) was charged, refunded or voided here

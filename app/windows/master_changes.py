"""Change notifications of the master-data screens (prices, merchants, vehicles): a screen
that saved announces it here, and every open view of the same data refreshes itself.

One hub per login session, kept as a child of the session's ChangeHub (which belongs to the
main window), so two screens of one session share it and a new login starts with a new one."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.windows.context import GuiContext

HUB_NAME = "master_changes"


class MasterChanges(QObject):
    catalog_changed = Signal()         # a category, commodity, price or the fee rounding rule
    merchants_changed = Signal(int)    # a merchant (its id) was created or changed
    vehicles_changed = Signal(str)     # a vehicle (its normalised plate) was saved
    vehicle_types_changed = Signal()   # the tare library changed


def master_changes(ctx: GuiContext) -> MasterChanges:
    """The session's hub, made on first use."""
    hub = ctx.changes.findChild(MasterChanges, HUB_NAME)
    if hub is None:
        hub = MasterChanges(ctx.changes)
        hub.setObjectName(HUB_NAME)
    return hub

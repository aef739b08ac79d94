"""What every screen after login works with."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.auth.actor import Actor
from app.windows.changes import ChangeHub

if TYPE_CHECKING:
    from app.db.database import Database
    from app.windows.counter_scale import CounterScale
    from app.windows.print_station import PrintStation


@dataclass(frozen=True)
class GuiContext:
    db: "Database"
    actor: Actor
    changes: ChangeHub
    counter_name: str
    ledger_problems: tuple[str, ...] = ()  # the start-up check failed: no money operations
    scale: "CounterScale | None" = None     # this counter's scale (None in isolated screens)
    printing: "PrintStation | None" = None  # this counter's print worker (None in isolated screens)

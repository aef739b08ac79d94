"""`marketdesk demo seed`: demo users for each role (later issues add demo master data)."""
from __future__ import annotations

from dataclasses import dataclass

from app.auth import service as auth
from app.auth.actor import Actor
from app.auth.permissions import DEFAULT_ROLES
from app.db.database import Database
from app.errors import Conflict

DEMO_PASSWORD = "demo1234"
DEMO_USERS = {
    "admin": ("demo_admin", "演示管理员"),
    "manager": ("demo_manager", "演示经理"),
    "cashier": ("demo_cashier", "演示收费员"),
    "recharge_clerk": ("demo_clerk", "演示充值员"),
    "finance": ("demo_finance", "演示财务"),
    "meter_reader": ("demo_reader", "演示抄表员"),
}
assert set(DEMO_USERS) == set(DEFAULT_ROLES)


@dataclass(frozen=True)
class SeedResult:
    created: list[str]
    existing: list[str]
    demo_scale: bool = False  # a simulated scale was switched on for this counter
    demo_printer: str | None = None  # the file the demo "printer" writes receipts to
    weighing: dict | None = None     # demo master data created: {"commodities": 13, ...}


def seed(db: Database, actor: Actor) -> SeedResult:
    """Idempotent: running it twice creates nothing the second time."""
    created, existing = [], []
    for role, (username, display) in DEMO_USERS.items():
        try:
            auth.create_user(db, actor, username, display, DEMO_PASSWORD, role)
            created.append(username)
        except Conflict:
            existing.append(username)
    from app.weighing.demo_data import seed_weighing
    weighing = seed_weighing(db, actor)
    return SeedResult(created, existing, _demo_scale(db, actor), _demo_printer(db, actor), weighing)


def _demo_scale(db: Database, actor: Actor) -> bool:
    """A simulated truck scale for a first look, unless this counter has a scale set up."""
    import sys

    from app import settings_service
    from app.devices.scales.settings import ScaleSettings
    if sys.platform == "win32" or settings_service.scale_settings().enabled:
        return False
    settings_service.update_scale_settings(db, actor, ScaleSettings(enabled=True, demo_simulator=True))
    return True


DEMO_RECEIPT_FILE = "demo-receipt.escpos"


def _demo_printer(db: Database, actor: Actor) -> str | None:
    """A file standing in for the receipt printer (each receipt replaces the last; read it
    with `marketdesk print decode < FILE`), unless this counter has a printer set up."""
    from app import config, settings_service
    from app.devices.printers.settings import PrinterSettings
    if settings_service.printer_settings():
        return None
    path = str(config.data_dir() / DEMO_RECEIPT_FILE)
    config.data_dir().mkdir(parents=True, exist_ok=True)
    settings_service.update_printer_settings(db, actor, [PrinterSettings(
        name="receipt", backend="file", path=path, status_query=False)])
    return path

"""The start-up calls that run off the GUI thread: opening the books and upgrading a shared
PostgreSQL schema. Heavy modules (SQLAlchemy, Alembic) are imported here, on the worker,
so the login window paints before they load."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.auth.actor import Actor
from app.errors import PermissionDenied

if TYPE_CHECKING:
    from app.db.database import Database
    from app.db.migrate import UpgradeResult

UPGRADE_PERMISSION = "settings.manage"


@dataclass(frozen=True)
class Opened:
    db: "Database"
    has_users: bool
    upgraded: "UpgradeResult | None"  # a SQLite file migrated at start (it was backed up first)
    ledger_problems: tuple[str, ...] = ()  # non-empty: money operations are refused


def open_books(url: str) -> Opened:
    """Open, then check the ledger (O(accounts)) and release expired reservations."""
    from app.auth.service import has_users
    from app.db.startup import open_database
    from app.ledger.service import expire_pending, startup_check
    db, upgraded = open_database(url)
    try:
        problems = startup_check(db)
        if not problems:
            expire_pending(db)
        return Opened(db, has_users(db), upgraded, tuple(problems))
    except Exception:
        db.dispose()
        raise


def check_upgrader(url: str, username: str, password: str, counter: str) -> Actor:
    """Only someone who may manage settings may change the schema every counter shares."""
    from app.auth.service import login
    from app.db.database import Database
    db = Database(url)
    try:
        actor = login(db, username, password, counter)
    finally:
        db.dispose()
    if not actor.can(UPGRADE_PERMISSION):
        raise PermissionDenied(UPGRADE_PERMISSION, actor.username)
    return actor


def upgrade_schema(url: str, actor: Actor | None) -> "UpgradeResult":
    """`actor` is None only for an empty database, where nobody exists who could log in."""
    from app.db.database import Database
    from app.db.migrate import upgrade
    from app.settings_service import upgrade_database
    db = Database(url)
    try:
        return upgrade(db) if actor is None else upgrade_database(db, actor)
    finally:
        db.dispose()

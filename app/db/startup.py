"""Opening the books at start: connect, compare schema versions, upgrade when allowed.

SQLite files are upgraded automatically (backed up first); a PostgreSQL database shared by
several counters is upgraded only by a user with settings.manage after confirmation (the
GUI asks) or by `marketdesk db upgrade`."""
from __future__ import annotations

from app.db import migrate
from app.db.database import Database
from app.errors import SchemaMismatch


def open_database(url: str, *, auto_upgrade_sqlite: bool = True) -> tuple[Database, migrate.UpgradeResult | None]:
    """Connected and at head, or SchemaMismatch (PostgreSQL behind; anything ahead)."""
    db = Database(url)
    try:
        state = migrate.schema_state(db)
        if state.newer:
            migrate.check_schema(db)
        if state.up_to_date:
            return db, None
        if db.kind == "sqlite" and auto_upgrade_sqlite:
            return db, migrate.upgrade(db)
        migrate.check_schema(db)  # raises SchemaMismatch(newer=False)
        raise AssertionError("unreachable: schema is behind")
    except Exception:
        db.dispose()
        raise


def is_upgradeable(exc: Exception) -> bool:
    return isinstance(exc, SchemaMismatch) and not exc.newer

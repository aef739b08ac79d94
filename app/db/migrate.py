"""Schema versions: check, upgrade (with a SQLite backup that is restored on failure).

The application refuses a database newer than its code and offers to upgrade an older one.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app import MIGRATIONS_DIR
from app.db.database import Database
from app.db.errors import translate
from app.errors import DatabaseError, SchemaMismatch

log = logging.getLogger(__name__)
BACKUPS_KEPT_MAX = 10


def alembic_config(script_location: Path | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    return cfg


def head_revision(script_location: Path | None = None) -> str:
    heads = ScriptDirectory.from_config(alembic_config(script_location)).get_heads()
    assert len(heads) == 1, f"migrations must have a single head, found {heads}"
    return heads[0]


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:
        translated = translate(exc, db.describe())
        if translated is not None:
            raise translated from exc
        raise


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool        # the current revision is one this code knows
    has_tables: bool   # anything at all in the database

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def newer(self) -> bool:
        return self.current is not None and not self.known


def schema_state(db: Database, script_location: Path | None = None) -> SchemaState:
    head = head_revision(script_location)
    current = current_revision(db)
    script = ScriptDirectory.from_config(alembic_config(script_location))
    known = current is None or _revision_exists(script, current)
    with db.engine.connect() as conn:
        has_tables = bool(inspect(conn).get_table_names())
    return SchemaState(current, head, known, has_tables)


def _revision_exists(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:
        return False


def check_schema(db: Database, script_location: Path | None = None) -> SchemaState:
    """Raise SchemaMismatch unless the database is exactly at this code's head."""
    state = schema_state(db, script_location)
    if state.newer:
        raise SchemaMismatch(
            f"The database {db.describe()} was written by a newer MarketDesk (schema {state.current}); "
            f"this version knows schemas up to {state.head}. Install the newer MarketDesk.",
            state.current, state.head, newer=True)
    if not state.up_to_date:
        what = "is empty" if state.current is None else f"is at schema {state.current}"
        raise SchemaMismatch(
            f"The database {db.describe()} {what}; this MarketDesk needs schema {state.head}. "
            f"Run `marketdesk db upgrade`.", state.current, state.head, newer=False)
    return state


def backup_sqlite(db: Database, label: str) -> Path | None:
    """Consistent copy through SQLite's backup API (safe with WAL). None if no file yet."""
    assert db.kind == "sqlite" and db.sqlite_path is not None
    src_path = db.sqlite_path
    if not src_path.exists() or src_path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dst_path = src_path.with_name(f"{src_path.name}.{stamp}.{label}.bak")
    src = sqlite3.connect(str(src_path))
    dst = sqlite3.connect(str(dst_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    _prune_backups(src_path)
    return dst_path


def restore_sqlite(db: Database, backup: Path) -> None:
    assert db.kind == "sqlite" and db.sqlite_path is not None
    db.dispose()
    src = sqlite3.connect(str(backup))
    dst = sqlite3.connect(str(db.sqlite_path))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _prune_backups(db_path: Path) -> None:
    backups = sorted(db_path.parent.glob(db_path.name + ".*.bak"))
    for old in backups[:-BACKUPS_KEPT_MAX]:
        old.unlink(missing_ok=True)


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def upgrade(db: Database, script_location: Path | None = None) -> UpgradeResult:
    """Migrate to head. SQLite: back the file up first; if anything fails, put it back."""
    state = schema_state(db, script_location)
    if state.newer:
        check_schema(db, script_location)  # raises with the clear message
    if state.up_to_date:
        return UpgradeResult(state.current, state.head, None)
    if db.kind == "sqlite":
        assert db.sqlite_path is not None
        db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    backup = backup_sqlite(db, f"before-{state.head}") if db.kind == "sqlite" else None
    cfg = alembic_config(script_location)
    try:
        with db.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except Exception as exc:
        restored = ""
        if backup is not None:
            restore_sqlite(db, backup)
            restored = f" The database was restored from the backup {backup.name}."
        translated = translate(exc, db.describe())
        reason = str(translated) if translated else f"{type(exc).__name__}: {exc}"
        log.exception("migration failed")
        raise DatabaseError(f"Upgrading the database failed: {reason}.{restored}") from exc
    after = current_revision(db)
    assert after == state.head, f"upgrade ended at {after}, expected {state.head}"
    return UpgradeResult(state.current, state.head, backup)


def downgrade(db: Database, revision: str, script_location: Path | None = None) -> None:
    cfg = alembic_config(script_location)
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()

"""Hand-written statements for the hot paths (every money event runs them), executed on the
driver's own cursor: no SQL compilation, no result wrapping. They run either inside an ORM
Session's transaction (a desk writing its own rows with the money) or in a bare driver
transaction (`Database.transact(..., raw=True)`), which skips the Session's bookkeeping.

Written once with :name parameters; the PostgreSQL form (%(name)s) is derived. SQLite gets
datetimes in SQLAlchemy's own storage format, so ORM and raw rows compare and sort alike.
Driver errors come out as SQLAlchemy's DBAPIError, like everywhere else."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_PARAM = re.compile(r"(?<![:\w]):(\w+)")
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


@dataclass
class RawTx:
    """A driver connection inside an open transaction, with what Sql needs to know of it."""
    dialect_name: str
    driver: Any          # sqlite3.Connection or psycopg.Connection
    dbapi: Any           # the driver module, for its Error class
    session: Session | None = None  # set when the transaction belongs to an ORM Session
    # PostgreSQL autocommit: the one statement allowed is its own transaction (one round trip).
    one_statement: bool = False
    statements: int = 0

    def __post_init__(self):
        assert self.dialect_name in ("sqlite", "postgresql")


def tx_of(target: "Session | Connection | RawTx") -> RawTx:
    if isinstance(target, RawTx):
        return target
    session = target if isinstance(target, Session) else None
    conn = target.connection() if session is not None else target
    return RawTx(conn.dialect.name, conn.connection.driver_connection, conn.dialect.loaded_dbapi, session)


class Rows:
    """The few ways the hot paths read a cursor."""

    def __init__(self, cursor):
        self.columns = [d[0] for d in cursor.description] if cursor.description is not None else []
        self._rows = cursor.fetchall() if cursor.description is not None else []

    def all(self) -> list[tuple]:
        return self._rows

    def first(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def one(self) -> tuple:
        assert len(self._rows) == 1, f"expected one row, got {len(self._rows)}"
        return self._rows[0]

    def scalar(self):
        return self._rows[0][0] if self._rows else None

    def mappings(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self._rows]


class Sql:
    def __init__(self, text: str, *, pg_suffix: str = "", pg_text: str | None = None):
        """`pg_suffix` is appended on PostgreSQL only (e.g. FOR UPDATE, which SQLite lacks:
        there BEGIN IMMEDIATE already holds the write lock); `pg_text` replaces the statement
        there altogether (data-modifying CTEs, say, which SQLite lacks)."""
        self.sqlite = text
        self.postgresql = _PARAM.sub(r"%(\1)s", (pg_text or text) + pg_suffix)

    def run(self, target: "RawTx | Session | Connection", params: dict | None = None) -> Rows:
        tx = tx_of(target)
        tx.statements += 1
        assert not tx.one_statement or tx.statements == 1, "a second statement in a one-statement transaction"
        pg = tx.dialect_name == "postgresql"
        sql = self.postgresql if pg else self.sqlite
        params = params or {} if pg else _sqlite_params(params or {})
        cursor = tx.driver.cursor()
        try:
            cursor.execute(sql, params)
            return Rows(cursor)
        except tx.dbapi.Error as exc:
            raise DBAPIError.instance(sql, params, exc, tx.dbapi.Error) from exc
        finally:
            cursor.close()


def _sqlite_params(params: dict) -> dict:
    return {k: (v.strftime(SQLITE_DATETIME_FORMAT) if isinstance(v, datetime) else v)
            for k, v in params.items()}


def as_datetime(value) -> datetime | None:
    """A datetime as the driver hands it back (SQLite: text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


DB_CLOCK = Sql("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')",
               pg_text="SELECT clock_timestamp() AT TIME ZONE 'UTC'")


def db_clock(target: "RawTx | Session | Connection") -> datetime:
    return as_datetime(DB_CLOCK.run(target).scalar())

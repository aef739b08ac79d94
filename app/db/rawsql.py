"""Hand-written statements for the hot paths (every money event runs them), executed on the
driver's own cursor inside the caller's transaction: no SQL compilation, no result wrapping.
Written once with :name parameters; the PostgreSQL form (%(name)s) is derived. SQLite gets
datetimes in SQLAlchemy's own storage format, so ORM and raw rows compare and sort alike.
Driver errors come out as SQLAlchemy's DBAPIError, like everywhere else."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

_PARAM = re.compile(r"(?<![:\w]):(\w+)")
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class Rows:
    """The few ways the hot paths read a cursor."""

    def __init__(self, cursor):
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


class Sql:
    def __init__(self, text: str, *, pg_suffix: str = "", pg_text: str | None = None):
        """`pg_suffix` is appended on PostgreSQL only (e.g. FOR UPDATE, which SQLite lacks:
        there BEGIN IMMEDIATE already holds the write lock); `pg_text` replaces the statement
        there altogether (data-modifying CTEs, say, which SQLite lacks)."""
        self.sqlite = text
        self.postgresql = _PARAM.sub(r"%(\1)s", (pg_text or text) + pg_suffix)

    def run(self, conn: Connection, params: dict | None = None) -> Rows:
        pg = conn.dialect.name == "postgresql"
        sql = self.postgresql if pg else self.sqlite
        params = params or {} if pg else _sqlite_params(params or {})
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, params)
            return Rows(cursor)
        except conn.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, params, exc, conn.dialect.loaded_dbapi.Error) from exc
        finally:
            cursor.close()


def _sqlite_params(params: dict) -> dict:
    return {k: (v.strftime(SQLITE_DATETIME_FORMAT) if isinstance(v, datetime) else v)
            for k, v in params.items()}

"""Hand-written statements for the hot paths (every money event runs them), executed through
the driver with no SQL compilation on each call. Written once with :name parameters; the
PostgreSQL form (%(name)s) is derived. SQLite gets datetimes in SQLAlchemy's own storage
format, so ORM and raw rows compare and sort alike."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.engine import Connection

_PARAM = re.compile(r"(?<![:\w]):(\w+)")
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class Sql:
    def __init__(self, text: str, *, pg_suffix: str = ""):
        """`pg_suffix` is appended on PostgreSQL only (e.g. FOR UPDATE, which SQLite lacks:
        there BEGIN IMMEDIATE already holds the write lock)."""
        self.sqlite = text
        self.postgresql = _PARAM.sub(r"%(\1)s", text + pg_suffix)

    def run(self, conn: Connection, params: dict | None = None):
        if conn.dialect.name == "postgresql":
            return conn.exec_driver_sql(self.postgresql, params or {})
        return conn.exec_driver_sql(self.sqlite, _sqlite_params(params or {}))


def _sqlite_params(params: dict) -> dict:
    return {k: (v.strftime(SQLITE_DATETIME_FORMAT) if isinstance(v, datetime) else v)
            for k, v in params.items()}

"""Readers for the weighing tests: the audit trail, the database clock, table counts."""
import json
from datetime import datetime

from sqlalchemy import text

from app.db.clock import db_now


class AuditLog:
    def __init__(self, db):
        self.db = db

    def count(self) -> int:
        with self.db.session(readonly=True) as s:
            return s.execute(text("SELECT count(*) FROM audit_log")).scalar()

    def last(self, n: int = 1) -> list[dict]:
        """The newest n entries, oldest first, details decoded."""
        with self.db.session(readonly=True) as s:
            rows = s.execute(text("SELECT action, actor_name, supervisor_name, counter, target, details "
                                  "FROM audit_log ORDER BY seq DESC LIMIT :n"), {"n": n}).mappings().all()
        return [dict(r, details=json.loads(r["details"])) for r in reversed(rows)]

    def actions(self, prefix: str) -> list[str]:
        with self.db.session(readonly=True) as s:
            return list(s.execute(text("SELECT action FROM audit_log WHERE action LIKE :p ORDER BY seq"),
                                  {"p": prefix + "%"}).scalars())


def now_of(db) -> datetime:
    """The database clock (naive UTC), as the services see it."""
    return db.transact(db_now, readonly=True)


def count_rows(db, table: str) -> int:
    assert table.isidentifier()
    with db.session(readonly=True) as s:
        return s.execute(text(f"SELECT count(*) FROM {table}")).scalar()

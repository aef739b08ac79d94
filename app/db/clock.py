"""The database clock: every stored time comes from the server (or the SQLite file's host),
never from a counter PC whose clock may be wrong. Stored as naive UTC."""
from datetime import datetime, timezone

from sqlalchemy.orm import Session

from app.db.rawsql import db_clock


def db_now(session: Session) -> datetime:
    return db_clock(session)


def to_local(value: datetime) -> datetime:
    """A stored naive-UTC time as the counter's local time, for display."""
    return value.replace(tzinfo=timezone.utc).astimezone()

"""The database clock: every stored time comes from the server (or the SQLite file's host),
never from a counter PC whose clock may be wrong. Stored as naive UTC."""
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.orm import Session


def db_now(session: Session) -> datetime:
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(text("SELECT clock_timestamp() AT TIME ZONE 'UTC'")).scalar_one()
        return value
    raw = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
    return datetime.fromisoformat(raw)


def to_local(value: datetime) -> datetime:
    """A stored naive-UTC time as the counter's local time, for display."""
    return value.replace(tzinfo=timezone.utc).astimezone()

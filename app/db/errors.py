"""Turn driver exceptions into messages a cashier (or the person they call) can act on."""
from __future__ import annotations

from sqlalchemy import exc as sa_exc

from app.errors import DatabaseError, DatabaseUnavailable

# SQLSTATEs after which the whole transaction may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None)


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, sa_exc.DBAPIError) and sqlstate(exc) in RETRYABLE_SQLSTATES


def is_disconnect(exc: BaseException) -> bool:
    return isinstance(exc, sa_exc.DBAPIError) and bool(exc.connection_invalidated)


def translate(exc: BaseException, where: str) -> DatabaseError | None:
    """A DatabaseError with a clear message, or None when `exc` is not an environment
    problem (a constraint violation, say, which the caller must handle itself)."""
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    text = str(getattr(exc, "orig", exc)).strip()
    low = text.lower()
    if "database or disk is full" in low or "no space left" in low or sqlstate(exc) == "53100":
        return DatabaseError(f"The disk holding the database is full ({where}). Nothing was saved; "
                             f"free some space and try again.")
    if "database is locked" in low or "database table is locked" in low:
        return DatabaseUnavailable(f"The database file {where} is locked by another program. "
                                   f"Nothing was saved; close the other program and try again.")
    if "file is not a database" in low or "malformed" in low:
        return DatabaseError(f"The database file {where} is damaged or is not a MarketDesk "
                             f"database. Restore it from a backup.")
    if "unable to open database file" in low or "readonly database" in low:
        return DatabaseUnavailable(f"The database file {where} cannot be opened for writing "
                                   f"(missing folder or no permission).")
    from_server = type(getattr(exc, "orig", None)).__module__.startswith("psycopg")
    if from_server and isinstance(exc, sa_exc.OperationalError) and \
            sqlstate(exc) in (None, "08001", "08006", "57P01", "57P03"):
        first = text.splitlines()[0] if text else type(exc).__name__
        return DatabaseUnavailable(f"Cannot reach the database server {where}: {first}")
    if isinstance(exc, sa_exc.InterfaceError):
        return DatabaseUnavailable(f"The connection to the database {where} was lost. Try again.")
    return None

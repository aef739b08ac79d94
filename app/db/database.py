"""Engine factory and unit of work.

SQLite: WAL, synchronous=FULL, foreign keys on, and every write transaction starts with
BEGIN IMMEDIATE so two counters never deadlock half-way through; Python's legacy sqlite3
transaction handling is switched off so DDL runs inside our transactions too.
PostgreSQL: psycopg 3, bounded retry on 40001/40P01 and on a dropped connection.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from app.db import errors as db_errors
from app.db.rawsql import RawTx
from app.errors import DatabaseError, ValidationError

T = TypeVar("T")

TRANSACTION_RETRIES_MAX = 5
RETRY_BACKOFF_S = 0.02
SQLITE_BUSY_TIMEOUT_S = 10.0
PG_CONNECT_TIMEOUT_S = 5
PG_POOL_SIZE = 4


def normalize_url(url: str) -> str:
    """Plain postgresql:// URLs use psycopg 3 (SQLAlchemy would pick psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    def __init__(self, url: str, *, sqlite_busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S):
        self.url = normalize_url((url or "").strip())
        try:
            parsed = make_url(self.url)
        except (ArgumentError, ValueError):
            raise ValidationError(f"database URL: '{url}' is not a database address; use "
                                  f"sqlite:///FILE or postgresql://user:password@host/db") from None
        self.kind = parsed.get_backend_name()
        if self.kind not in ("sqlite", "postgresql"):
            raise ValidationError(f"database URL: '{self.kind}' is not supported; use sqlite:/// or postgresql://")
        self.sqlite_path: Path | None = None
        if self.kind == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise ValidationError("database URL: SQLite needs a file path (sqlite:///FILE)")
            self.sqlite_path = Path(parsed.database)
            self.engine = self._sqlite_engine(sqlite_busy_timeout_s)
        else:
            # No pre-ping (a round trip per transaction): transact() retries on a fresh
            # connection when a pooled one turns out to be dead.
            self.engine = create_engine(
                self.url, pool_size=PG_POOL_SIZE,
                connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "marketdesk"},
            )
        self._parsed = parsed

    def _sqlite_engine(self, busy_timeout_s: float) -> Engine:
        assert self.sqlite_path is not None
        engine = create_engine(self.url, connect_args={"timeout": busy_timeout_s})
        busy_ms = int(busy_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            # Take transaction control away from the sqlite3 module (legacy mode would
            # commit implicitly before DDL); SQLAlchemy's "begin" event emits BEGIN.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            assert mode in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def describe(self) -> str:
        """Where the books are, for the status bar: never shows a password."""
        if self.kind == "sqlite":
            return f"SQLite {self.sqlite_path}"
        p = self._parsed
        return f"PostgreSQL {p.host or 'localhost'}:{p.port or 5432}/{p.database}"

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on any exception.
        Driver errors about the environment come out as app.errors.DatabaseError."""
        bind = self.engine
        if readonly and self.kind == "sqlite":
            bind = self.engine.execution_options(sqlite_begin="DEFERRED")
        elif readonly:  # one snapshot for all queries: a report never sees half an event
            bind = self.engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        try:
            with session.begin():
                yield session
        except Exception as exc:
            translated = db_errors.translate(exc, self.describe())
            if translated is not None:
                raise translated from exc
            raise
        finally:
            session.close()

    @contextmanager
    def raw_transaction(self, *, one_statement: bool = False) -> Iterator[RawTx]:
        """A bare driver transaction for the hot paths that speak app.db.rawsql only (a
        ledger event): no Session bookkeeping. SQLite: BEGIN IMMEDIATE, as everywhere.
        one_statement (PostgreSQL): the work runs exactly one statement, which is atomic by
        itself, in autocommit: one round trip instead of BEGIN, statement, COMMIT."""
        pooled = self.engine.raw_connection()
        driver = pooled.driver_connection
        dbapi = self.engine.dialect.loaded_dbapi
        one_statement = one_statement and self.kind == "postgresql"
        tx = RawTx(self.kind, driver, dbapi, one_statement=one_statement)
        try:
            try:
                if self.kind == "sqlite":
                    driver.execute("BEGIN IMMEDIATE")
                elif one_statement:
                    driver.autocommit = True
                yield tx
                if self.kind == "sqlite":
                    driver.execute("COMMIT")
                elif not one_statement:
                    driver.commit()
            except dbapi.Error as exc:
                disconnected = self.engine.dialect.is_disconnect(exc, driver, None)
                if disconnected:
                    pooled.invalidate(exc)
                raise DBAPIError.instance("BEGIN/COMMIT", None, exc, dbapi.Error,
                                          connection_invalidated=disconnected) from exc
        except BaseException as exc:
            cause = exc.__cause__ if isinstance(exc, DBAPIError) else None
            if isinstance(exc, DBAPIError) and not exc.connection_invalidated and cause is not None \
                    and self.engine.dialect.is_disconnect(cause, driver, None):
                pooled.invalidate(cause)
                exc.connection_invalidated = True
            if pooled.is_valid:
                try:
                    driver.rollback()
                except dbapi.Error:
                    pooled.invalidate()
            translated = db_errors.translate(exc, self.describe()) if isinstance(exc, Exception) else None
            if translated is not None:
                raise translated from exc
            raise
        finally:
            if one_statement and pooled.is_valid:
                driver.autocommit = False
            pooled.close()

    def transact(self, work: Callable[[Session], T], *, readonly: bool = False, raw: bool = False,
                 one_statement: bool = False, retries_max: int = TRANSACTION_RETRIES_MAX) -> T:
        """Run `work` in one transaction, again (bounded) when PostgreSQL reports a
        serialization failure or deadlock. `work` must not have side effects outside the
        session: it may run more than once. raw=True hands `work` a RawTx instead of a
        Session (see raw_transaction), and one_statement=True its one-statement form.
        """
        assert retries_max >= 0
        assert not (raw and readonly)
        assert raw or not one_statement
        attempt = 0
        while True:
            try:
                if raw:
                    with self.raw_transaction(one_statement=one_statement) as tx:
                        return work(tx)
                with self.session(readonly=readonly) as session:
                    return work(session)
            except Exception as exc:
                # A connection that died under us (server restart, cable) has been thrown out
                # of the pool; the next attempt takes a fresh one. Events are idempotent, so a
                # commit whose acknowledgement was lost is harmless to repeat.
                cause = exc.__cause__ if isinstance(exc, DatabaseError) and exc.__cause__ else exc
                if attempt < retries_max and (db_errors.is_retryable(cause) or db_errors.is_disconnect(cause)):
                    attempt += 1
                    time.sleep(RETRY_BACKOFF_S * attempt * (1 + random.random()))
                    continue
                raise

    def dispose(self) -> None:
        self.engine.dispose()

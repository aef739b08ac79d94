"""Engine behaviour on both engines: pragmas, transactions, retries, clear errors."""
import sqlite3
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.db.clock import db_now
from app.db.database import Database, normalize_url
from app.errors import DatabaseError, DatabaseUnavailable

from tests.concurrency import run_together


def test_sqlite_pragmas(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with db.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_sqlite_ddl_rolls_back_with_the_transaction(tmp_path):
    """Python's legacy sqlite3 mode would commit before CREATE TABLE; ours must not."""
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with pytest.raises(RuntimeError):
        with db.session() as s:
            s.execute(text("CREATE TABLE t (x INTEGER)"))
            raise RuntimeError("abort")
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE name='t'")).scalar() == 0
    db.dispose()


def test_sqlite_write_transactions_begin_immediate(tmp_path):
    """A second writer waits for the lock at BEGIN, not half-way through its work."""
    path = tmp_path / "a.sqlite3"
    db = Database(f"sqlite:///{path}", sqlite_busy_timeout_s=0.2)
    with db.session() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.session() as s:
        s.execute(text("SELECT 1"))  # no write yet, but BEGIN IMMEDIATE holds the write lock
        other = sqlite3.connect(str(path), timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    db.dispose()


def test_locked_sqlite_file_gives_clear_message(tmp_path):
    path = tmp_path / "a.sqlite3"
    db = Database(f"sqlite:///{path}", sqlite_busy_timeout_s=0.1)
    with db.session() as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable, match="locked by another program"):
            with db.session() as s:
                s.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM t")).scalar() == 0
    db.dispose()


def test_corrupt_sqlite_file_gives_clear_message(tmp_path):
    path = tmp_path / "a.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    db = Database(f"sqlite:///{path}")
    with pytest.raises(DatabaseError, match="damaged or is not a MarketDesk database"):
        with db.session() as s:
            s.execute(text("SELECT 1"))
    db.dispose()


def test_full_disk_gives_clear_message_and_writes_nothing(tmp_path):
    """SQLite's max_page_count produces the same SQLITE_FULL a full disk does."""
    path = tmp_path / "a.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.session() as s:
        s.execute(text("CREATE TABLE t (x TEXT)"))
        s.execute(text("INSERT INTO t VALUES ('kept')"))
    with pytest.raises(DatabaseError, match="disk holding the database is full"):
        with db.session() as s:
            pages = s.execute(text("PRAGMA page_count")).scalar()
            s.execute(text(f"PRAGMA max_page_count = {pages + 1}"))
            for _ in range(50):
                s.execute(text("INSERT INTO t VALUES (:v)"), {"v": "x" * 4000})
    db.dispose()
    db = Database(f"sqlite:///{path}")
    with db.session() as s:
        assert s.execute(text("SELECT x FROM t")).scalars().all() == ["kept"]
    db.dispose()


def test_unreachable_postgresql_gives_clear_message():
    db = Database("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable, match="Cannot reach the database server PostgreSQL 127.0.0.1:1/none"):
        with db.session() as s:
            s.execute(text("SELECT 1"))
    db.dispose()


def test_plain_postgresql_url_uses_psycopg3():
    assert normalize_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalize_url("sqlite:///x") == "sqlite:///x"


def test_describe_hides_password():
    db = Database("postgresql://user:secret@db.example:5433/market")
    assert db.describe() == "PostgreSQL db.example:5433/market"
    db.dispose()


def test_db_clock_is_naive_utc(db):
    with db.session() as s:
        now = db_now(s)
    assert now.tzinfo is None


def test_transact_retries_serialization_failures(pg_databases):
    """Two transactions that read then write the same row: PostgreSQL SERIALIZABLE aborts
    one with 40001, and transact runs it again, so both increments land."""
    db = Database(pg_databases.create())
    with db.session() as s:
        s.execute(text("CREATE TABLE counter_t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        s.execute(text("INSERT INTO counter_t VALUES (1, 0)"))
    both_read = threading.Barrier(2, timeout=10)
    attempts = []

    def bump(session):
        session.execute(text("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"))
        n = session.execute(text("SELECT n FROM counter_t WHERE id = 1")).scalar_one()
        attempts.append(n)
        if len(attempts) <= 2:
            both_read.wait()
        session.execute(text("UPDATE counter_t SET n = :n WHERE id = 1"), {"n": n + 1})

    run_together(*[lambda: db.transact(bump)] * 2)
    with db.session() as s:
        assert s.execute(text("SELECT n FROM counter_t")).scalar_one() == 2
    assert len(attempts) == 3  # one of the two ran again
    db.dispose()


def test_transact_gives_up_after_bounded_retries(pg_databases):
    import psycopg.errors
    db = Database(pg_databases.create())
    calls = []

    def always_conflicts(session):
        calls.append(1)
        raise OperationalError("stmt", {}, psycopg.errors.SerializationFailure("conflict"))

    with pytest.raises(OperationalError):
        db.transact(always_conflicts, retries_max=3)
    assert len(calls) == 4
    db.dispose()


def test_dropped_postgresql_connection_is_replaced(pg_databases):
    """The server ends our pooled connection (restart, idle timeout): the next unit of work
    retries on a fresh one instead of failing."""
    db = Database(pg_databases.create())
    pid = db.transact(lambda s: s.execute(text("SELECT pg_backend_pid()")).scalar())
    with pg_databases.admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    assert db.transact(lambda s: s.execute(text("SELECT 1")).scalar()) == 1
    assert db.transact(lambda s: s.execute(text("SELECT pg_backend_pid()")).scalar()) != pid
    db.dispose()


def test_raw_transaction_commits_or_rolls_back(db):
    """The bare driver transaction of the hot paths: all or nothing, like a Session."""
    from app.db.rawsql import Sql
    insert = Sql("INSERT INTO app_meta (key, value) VALUES (:k, 'v')")
    db.transact(lambda tx: insert.run(tx, {"k": "kept"}), raw=True)
    with pytest.raises(RuntimeError):
        def fail(tx):
            insert.run(tx, {"k": "dropped"})
            raise RuntimeError("abort")
        db.transact(fail, raw=True)
    with db.session() as s:
        keys = set(s.execute(text("SELECT key FROM app_meta")).scalars())
    assert "kept" in keys and "dropped" not in keys


def test_raw_transaction_on_a_locked_file_says_so(tmp_path):
    from app.db import migrate
    path = tmp_path / "a.sqlite3"
    db = Database(f"sqlite:///{path}", sqlite_busy_timeout_s=0.1)
    migrate.upgrade(db)
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable, match="locked by another program"):
            db.transact(lambda tx: None, raw=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db.dispose()


def test_raw_transaction_replaces_a_dropped_connection(pg_databases):
    from app.db.rawsql import Sql
    db = Database(pg_databases.create())
    backend = Sql("SELECT pg_backend_pid()")
    pid = db.transact(lambda tx: backend.run(tx).scalar(), raw=True)
    with pg_databases.admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    assert db.transact(lambda tx: backend.run(tx).scalar(), raw=True) != pid
    db.dispose()


def test_one_statement_transaction_refuses_a_second_statement(db, engine_name):
    """PostgreSQL runs a one-statement transaction in autocommit: a second statement there
    would not be atomic with the first, so it is refused before it runs."""
    from app.db.rawsql import Sql
    one, two = Sql("SELECT 1"), Sql("SELECT 2")
    if engine_name == "postgresql":
        with pytest.raises(AssertionError, match="second statement"):
            db.transact(lambda tx: (one.run(tx), two.run(tx)), raw=True, one_statement=True)
        assert db.transact(lambda tx: one.run(tx).scalar(), raw=True, one_statement=True) == 1
    else:  # SQLite: BEGIN IMMEDIATE ... COMMIT as always; the option does not apply
        assert db.transact(lambda tx: (one.run(tx), two.run(tx))[1].scalar(), raw=True, one_statement=True) == 2
    if engine_name == "postgresql":  # the pooled connection went back with autocommit off
        pooled = db.engine.raw_connection()
        try:
            assert pooled.driver_connection.autocommit is False
        finally:
            pooled.close()

"""Fixtures shared by every test: offscreen Qt, a private MARKETDESK_HOME, cheap argon2 cost,
and databases. Every database test runs on SQLite and on PostgreSQL (`db_url` is
parametrised); PostgreSQL is a throwaway cluster started here, or MARKETDESK_TEST_PG."""
from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MARKETDESK_HOME"] = tempfile.mkdtemp(prefix="marketdesk-home-")
os.environ.pop("MARKETDESK_DB", None)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.auth import passwords  # noqa: E402
from app.db import migrate  # noqa: E402
from app.db.database import Database, normalize_url  # noqa: E402

passwords.use_test_cost()
_counter = itertools.count()
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    """Each test has its own settings and data directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MARKETDESK_HOME", str(home))
    monkeypatch.delenv("MARKETDESK_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def pg_admin_url():
    """URL of a PostgreSQL database we may CREATE DATABASE from."""
    given = os.environ.get("MARKETDESK_TEST_PG")
    if given:
        yield normalize_url(given)
        return
    from tests.pg_cluster import PgCluster
    cluster = PgCluster()
    url = cluster.start()
    try:
        yield url
    finally:
        cluster.stop()


class PgDatabases:
    """Creates databases on the test server; `migrated()` clones a template at head."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.prefix = f"mdtest_{os.getpid()}_"
        self.template: str | None = None

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}{next(_counter)}"
        with self.admin.connect() as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.url(name)

    def migrated(self) -> str:
        if self.template is None:
            url = self.create()
            db = Database(url)
            migrate.upgrade(db)
            db.dispose()
            self.template = make_url(url).database
        return self.create(self.template)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            names = conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                 {"p": self.prefix + "%"}).scalars().all()
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_admin_url):
    dbs = PgDatabases(pg_admin_url)
    yield dbs
    if os.environ.get("MARKETDESK_TEST_PG"):
        dbs.drop_all()  # a shared server keeps what we leave behind
    else:
        dbs.admin.dispose()  # our throwaway cluster goes whole (dropping ~300 databases took 30 s)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    db.dispose()
    return path


def _copy_sqlite(src, dst) -> None:
    a, b = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


@pytest.fixture(params=ENGINES)
def engine_name(request):
    return request.param


@pytest.fixture
def empty_db_url(engine_name, tmp_path, request):
    """A database with no schema at all."""
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return request.getfixturevalue("pg_databases").create()


@pytest.fixture
def db_url(engine_name, tmp_path, request):
    """A fresh database at the newest schema."""
    if engine_name == "sqlite":
        path = tmp_path / "test.sqlite3"
        _copy_sqlite(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_databases").migrated()


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.dispose()

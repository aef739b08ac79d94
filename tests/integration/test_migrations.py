"""One chain for both engines: single head, upgrade from empty, models match, down and up
again, a failed SQLite migration restored from its backup, a newer schema refused."""
import shutil
import textwrap

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app import MIGRATIONS_DIR
from app.auth import service as auth
from app.db.base import include_object
from app.db import migrate
from app.db.database import Database
from app.db.models import metadata
from app.db.startup import open_database
from app.errors import DatabaseError, SchemaMismatch


def test_single_head():
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_from_empty_then_check(empty_db_url):
    db = Database(empty_db_url)
    with pytest.raises(SchemaMismatch, match="is empty"):
        migrate.check_schema(db)
    result = migrate.upgrade(db)
    assert result.before is None and result.after == migrate.head_revision()
    assert migrate.check_schema(db).up_to_date
    assert migrate.upgrade(db).backup is None  # already at head: nothing to do
    db.dispose()


def test_models_match_migrations(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_downgrade_then_upgrade_again(db):
    migrate.downgrade(db, "base")
    with db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(db)
    assert auth.has_users(db) is False
    assert migrate.check_schema(db).up_to_date
    db.dispose()


def test_newer_database_is_refused(db):
    with db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(SchemaMismatch, match="newer MarketDesk") as info:
        migrate.check_schema(db)
    assert info.value.newer
    with pytest.raises(SchemaMismatch, match="newer MarketDesk"):
        migrate.upgrade(db)
    with pytest.raises(SchemaMismatch, match="newer MarketDesk"):
        open_database(db.url)


def test_open_database_upgrades_sqlite_automatically_with_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    db, result = open_database(url)
    assert result is not None and result.after == migrate.head_revision()
    db.dispose()
    db, result = open_database(url)
    assert result is None
    db.dispose()


def test_open_database_does_not_upgrade_postgresql_by_itself(pg_databases):
    url = pg_databases.create()
    with pytest.raises(SchemaMismatch, match="db upgrade") as info:
        open_database(url)
    assert not info.value.newer


FAILING_REVISION = '''
"""a migration that breaks half-way"""
import sqlalchemy as sa
from alembic import op

revision = "9999_fails"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO app_meta (key, value) VALUES ('half', 'written')")
    raise RuntimeError("simulated failure in the middle of a migration")


def downgrade():
    pass
'''


def test_failed_sqlite_migration_is_restored_from_backup(tmp_path):
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9999_fails.py").write_text(textwrap.dedent(FAILING_REVISION.format(head=head)))

    path = tmp_path / "books.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    auth.create_first_admin(db, "boss", "Boss", "secret123")

    with pytest.raises(DatabaseError, match="restored from the backup"):
        migrate.upgrade(db, script_location=scripts)

    db = Database(f"sqlite:///{path}")
    assert migrate.current_revision(db) == head
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM app_meta WHERE key = 'half'")).scalar() == 0
        assert s.execute(text("SELECT username FROM users")).scalars().all() == ["boss"]
    assert list(tmp_path.glob("books.sqlite3.*.before-9999_fails.bak"))
    db.dispose()


def test_failed_postgresql_migration_rolls_back(pg_databases, tmp_path):
    db = Database(pg_databases.migrated())
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9999_fails.py").write_text(textwrap.dedent(FAILING_REVISION.format(head=head)))
    with pytest.raises(DatabaseError, match="Upgrading the database failed"):
        migrate.upgrade(db, script_location=scripts)
    assert migrate.current_revision(db) == head
    with db.engine.connect() as conn:
        assert "half_done" not in inspect(conn).get_table_names()
    db.dispose()


def test_downgrade_below_counter_chains_refused_while_counters_have_chains(db):
    """0009 split the audit trail per counter; going back to one chain would lose that."""
    from app.auth import audit
    db.transact(lambda s: audit.append(s, action="test.x", actor_id=None, actor_name="t", counter="east"))
    with pytest.raises(Exception, match="kept per counter since 0009"):
        migrate.downgrade(db, "0008")
    assert migrate.current_revision(db) == migrate.head_revision()
    assert db.transact(audit.verify, readonly=True).ok
    db.dispose()

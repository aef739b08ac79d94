"""Settings changes: validated, audited (database upgrades too), no half-written file."""
import pytest
from sqlalchemy import text

from app import config
from app.auth import audit
from app.auth import service as auth
from app.db import migrate
from app.db.database import Database
from app.errors import PermissionDenied, ValidationError
from app.settings_service import set_database_url, update_settings, upgrade_database


@pytest.fixture
def admin(db):
    auth.create_first_admin(db, "boss", "", "boss-pass")
    return auth.login(db, "boss", "boss-pass", counter="1号")


def test_update_is_audited_without_the_password(db, admin):
    update_settings(db, admin, counter_name="2号收费台",
                    database_url="postgresql://md:topsecret@db.example/market")
    assert config.load_settings().counter_name == "2号收费台"
    with db.session() as s:
        details = s.execute(text("SELECT details FROM audit_log WHERE action = 'settings.change'")).scalar_one()
    assert "2号收费台" in details and "topsecret" not in details


def test_bad_value_changes_nothing(db, admin):
    with pytest.raises(ValidationError, match="language"):
        update_settings(db, admin, language="fr")
    assert not config.settings_path().exists()


def test_database_url_before_login():
    set_database_url(" sqlite:////srv/books.sqlite3 ")
    assert config.resolve_db_url() == "sqlite:////srv/books.sqlite3"
    with pytest.raises(ValidationError, match="database URL"):
        set_database_url("mysql://nope")


@pytest.mark.parametrize("url, message", [
    ("nonsense", "not a database address"),
    ("mysql://u@h/d", "not supported"),
    ("sqlite://", "needs a file path"),
])
def test_bad_database_url_is_named(url, message):
    with pytest.raises(ValidationError, match=message):
        Database(url)


def test_upgrade_needs_settings_manage_and_is_audited(pg_databases):
    """A shared PostgreSQL database one revision behind, upgraded by an administrator."""
    target = Database(pg_databases.migrated())
    auth.create_first_admin(target, "boss", "", "boss-pass")
    auth.create_user(target, auth.login(target, "boss", "boss-pass"), "cash1", "", "cash-pass", "cashier")
    head = migrate.head_revision()
    migrate.downgrade(target, "0001")
    cashier = auth.login(target, "cash1", "cash-pass")
    with pytest.raises(PermissionDenied, match="settings.manage"):
        upgrade_database(target, cashier)
    assert migrate.current_revision(target) == "0001"
    result = upgrade_database(target, auth.login(target, "boss", "boss-pass", counter="1号"))
    assert (result.before, result.after) == ("0001", head)
    with target.session() as s:
        actor, details = s.execute(text("SELECT actor_name, details FROM audit_log "
                                        "WHERE action = 'db.upgrade'")).one()
    assert actor == "boss" and '"from":"0001"' in details
    # The logins on the old schema went into its single chain, which the upgrade kept whole.
    report = target.transact(audit.verify, readonly=True)
    assert report.ok, report.problems
    target.dispose()

"""Users: first administrator, login, lockout, administration, overrides."""
import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.auth.actor import Override, require
from app.auth.permissions import DEFAULT_ROLES, PERMISSIONS
from app.errors import (AccountLocked, AuthenticationFailed, Conflict, NotFound,
                        PermissionDenied, ValidationError)


@pytest.fixture
def admin(db):
    auth.create_first_admin(db, "Boss", "老板", "boss-pass")
    return auth.login(db, "boss", "boss-pass", counter="1号")


def test_first_admin_only_once(db, admin):
    assert auth.has_users(db)
    with pytest.raises(Conflict, match="already exists"):
        auth.create_first_admin(db, "other", "", "secret123")
    assert admin.role == "admin" and admin.permissions == frozenset(PERMISSIONS)


def test_passwords_are_argon2id_hashes(db, admin):
    with db.session() as s:
        stored = s.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and "boss-pass" not in stored


def test_default_roles_in_database_match_the_code(db, admin):
    roles = {r.name: r.permissions for r in auth.list_roles(db, admin)}
    assert roles == dict(DEFAULT_ROLES)


def test_login_wrong_password_and_unknown_user_look_the_same(db, admin):
    with pytest.raises(AuthenticationFailed, match="wrong user name or password"):
        auth.login(db, "boss", "nope-nope")
    with pytest.raises(AuthenticationFailed, match="wrong user name or password"):
        auth.login(db, "ghost", "nope-nope")
    with pytest.raises(AuthenticationFailed, match="wrong user name or password"):
        auth.login(db, "bad name!", "nope-nope")


def test_lockout_after_five_failures_then_expiry(db, admin):
    auth.create_user(db, admin, "cash1", "收费员一", "cash-pass", "cashier")
    for _ in range(auth.LOGIN_FAILURES_MAX - 1):
        with pytest.raises(AuthenticationFailed) as info:
            auth.login(db, "cash1", "wrong-pass")
        assert not isinstance(info.value, AccountLocked)
    with pytest.raises(AccountLocked, match="locked for 5 minutes"):
        auth.login(db, "cash1", "wrong-pass")
    with pytest.raises(AccountLocked, match="more minute"):
        auth.login(db, "cash1", "cash-pass")  # the right password does not help while locked
    with db.session() as s:  # let the lock expire without waiting
        s.execute(text("UPDATE users SET locked_until = '2000-01-01 00:00:00' WHERE username = 'cash1'"))
    assert auth.login(db, "cash1", "cash-pass").role == "cashier"


def test_successful_login_resets_failure_count(db, admin):
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.login(db, "cash1", "wrong-pass")
    auth.login(db, "cash1", "cash-pass")
    for _ in range(3):
        with pytest.raises(AuthenticationFailed) as info:
            auth.login(db, "cash1", "wrong-pass")
        assert not isinstance(info.value, AccountLocked)


def test_admin_lock_unlock_and_reset(db, admin):
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    auth.set_disabled(db, admin, "cash1", True)
    with pytest.raises(AccountLocked, match="locked by an administrator"):
        auth.login(db, "cash1", "cash-pass")
    auth.set_disabled(db, admin, "cash1", False)
    auth.reset_password(db, admin, "cash1", "temp-pass")
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "cash1", "cash-pass")
    cashier = auth.login(db, "cash1", "temp-pass")
    assert [u.must_change_password for u in auth.list_users(db, admin) if u.username == "cash1"] == [True]
    auth.change_password(db, cashier, "temp-pass", "new-pass-1")
    assert auth.login(db, "cash1", "new-pass-1").username == "cash1"
    assert [u.must_change_password for u in auth.list_users(db, admin) if u.username == "cash1"] == [False]


def test_change_password_needs_the_old_one(db, admin):
    with pytest.raises(AuthenticationFailed, match="current password is wrong"):
        auth.change_password(db, admin, "not-it", "new-pass-1")
    with pytest.raises(ValidationError, match="at least"):
        auth.change_password(db, admin, "boss-pass", "123")


def test_last_admin_cannot_be_removed(db, admin):
    with pytest.raises(Conflict, match="last active administrator"):
        auth.set_role(db, admin, "boss", "cashier")
    with pytest.raises(Conflict, match="cannot lock yourself out"):
        auth.set_disabled(db, admin, "boss", True)


def test_set_role_changes_permissions(db, admin):
    auth.create_user(db, admin, "ann", "", "ann-pass", "cashier")
    auth.set_role(db, admin, "ann", "finance")
    assert auth.login(db, "ann", "ann-pass").can("handover.receive")


@pytest.mark.parametrize("bad, message", [
    ({"username": "a"}, "user name"),
    ({"username": "has space"}, "user name"),
    ({"password": "12345"}, "at least 6"),
    ({"password": " padded "}, "space"),
    ({"role": "pope"}, "role 'pope' does not exist"),
    ({"display_name": "x" * 65}, "display name"),
])
def test_bad_input_is_named_and_nothing_written(db, admin, bad, message):
    fields = {"username": "newbie", "display_name": "", "password": "good-pass", "role": "cashier"} | bad
    before = len(auth.list_users(db, admin))
    with pytest.raises((ValidationError, NotFound), match=message):
        auth.create_user(db, admin, fields["username"], fields["display_name"], fields["password"], fields["role"])
    assert len(auth.list_users(db, admin)) == before


def test_duplicate_user_name_refused(db, admin):
    auth.create_user(db, admin, "ann", "", "ann-pass", "cashier")
    with pytest.raises(Conflict, match="already taken"):
        auth.create_user(db, admin, "ANN", "", "ann-pass", "cashier")


def test_supervisor_override_is_single_use_and_audited(db, admin):
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    auth.create_user(db, admin, "mgr", "", "mgr-pass", "manager")
    cashier = auth.login(db, "cash1", "cash-pass")
    with pytest.raises(AuthenticationFailed, match="lacks the permission 'user.manage'"):
        auth.authorize_override(db, "mgr", "mgr-pass", "user.manage")
    with pytest.raises(AuthenticationFailed):
        auth.authorize_override(db, "boss", "wrong-pass", "user.manage")
    token = auth.authorize_override(db, "boss", "boss-pass", "user.manage")
    auth.create_user(db, cashier, "helper", "", "help-pass", "cashier", override=token)
    with pytest.raises(PermissionDenied):
        auth.create_user(db, cashier, "helper2", "", "help-pass", "cashier", override=token)
    with db.session() as s:
        row = s.execute(text("SELECT actor_name, supervisor_name FROM audit_log "
                             "WHERE action = 'user.create' AND target = 'helper'")).one()
    assert tuple(row) == ("cash1", "boss")


def test_override_for_another_permission_or_forged_is_refused(db, admin):
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    cashier = auth.login(db, "cash1", "cash-pass")
    token = auth.authorize_override(db, "boss", "boss-pass", "settings.manage")
    with pytest.raises(PermissionDenied):
        require(cashier, "user.manage", token)
    forged = Override("user.manage", admin.user_id, "boss")
    with pytest.raises(PermissionDenied):
        require(cashier, "user.manage", forged)


def test_login_reports_a_required_password_change(db, admin):
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    assert not auth.login(db, "cash1", "cash-pass").must_change_password
    auth.reset_password(db, admin, "cash1", "temp-pass")
    assert auth.login(db, "cash1", "temp-pass").must_change_password

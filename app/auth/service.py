"""User services: first administrator, login with lockout, user administration,
password changes and supervisor overrides. Each function is one unit of work."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth import audit, passwords
from app.auth.actor import Actor, Grant, Override, _issue_override, require
from app.auth.models import DISPLAY_NAME_MAX_CHARS, USERNAME_MAX_CHARS, Role, User
from app.auth.permissions import PERMISSIONS
from app.db.clock import db_now
from app.db.database import Database
from app.errors import (AccountLocked, AuthenticationFailed, Conflict, NotFound,
                        ValidationError)

LOGIN_FAILURES_MAX = 5
LOCKOUT_S = 5 * 60
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{2,%d}$" % USERNAME_MAX_CHARS)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: datetime | None
    must_change_password: bool


@dataclass(frozen=True)
class RoleInfo:
    name: str
    title: str
    permissions: frozenset[str]


def normalize_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_RE.match(name):
        raise ValidationError(
            f"user name: 2–{USERNAME_MAX_CHARS} characters of a–z, 0–9, '_', '.', '-'")
    return name


def _display_name(display_name: str, username: str) -> str:
    name = (display_name or "").strip() or username
    if len(name) > DISPLAY_NAME_MAX_CHARS:
        raise ValidationError(f"display name: at most {DISPLAY_NAME_MAX_CHARS} characters")
    return name


def _role(session: Session, role_name: str) -> Role:
    role = session.scalar(select(Role).where(Role.name == role_name))
    if role is None:
        raise NotFound(f"role '{role_name}' does not exist")
    return role


def _user(session: Session, username: str, *, lock: bool = False) -> User:
    stmt = select(User).where(User.username == username.strip().lower())
    if lock:
        stmt = stmt.with_for_update(of=User)
    user = session.scalar(stmt)
    if user is None:
        raise NotFound(f"user '{username}' does not exist")
    return user


def _actor_for(user: User, counter: str | None) -> Actor:
    perms = frozenset(p.permission for p in user.role.permissions)
    return Actor(user.id, user.username, user.display_name, user.role.name, perms, counter,
                 must_change_password=user.must_change_password)


def _audit(session: Session, grant: Grant, action: str, target: str | None, details: dict | None = None):
    audit.append(session, action=action, actor_id=grant.actor.user_id, actor_name=grant.actor.username,
                 supervisor_name=grant.supervisor_name, counter=grant.actor.counter,
                 target=target, details=details)


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, user.role.name, user.disabled,
                    user.locked_until, user.must_change_password)


# ---- first start -------------------------------------------------------------------------

def has_users(db: Database) -> bool:
    return db.transact(lambda s: s.scalar(select(func.count(User.id))) > 0, readonly=True)


def create_first_admin(db: Database, username: str, display_name: str, password: str) -> UserInfo:
    """Only while the database has no users at all (first start)."""
    name = normalize_username(username)
    shown = _display_name(display_name, name)
    passwords.check_policy(password)
    password_hash = passwords.hash_password(password)

    def work(session: Session) -> UserInfo:
        if session.scalar(select(func.count(User.id))) > 0:
            raise Conflict("an administrator already exists; log in instead")
        now = db_now(session)
        user = User(username=name, display_name=shown, password_hash=password_hash,
                    role=_role(session, "admin"), created_at=now, password_changed_at=now)
        session.add(user)
        session.flush()
        audit.append(session, action="user.create_first_admin", actor_id=user.id,
                     actor_name=user.username, target=user.username)
        return _info(user)

    return db.transact(work)


# ---- login -------------------------------------------------------------------------------

def login(db: Database, username: str, password: str, counter: str | None = None) -> Actor:
    """Check the password; count failures; lock for LOCKOUT_S after LOGIN_FAILURES_MAX.
    A failure is committed (the count must survive) and then raised."""
    try:
        name = normalize_username(username)
    except ValidationError:
        raise AuthenticationFailed("wrong user name or password") from None

    def work(session: Session) -> Actor | Exception:
        user = session.scalar(select(User).where(User.username == name).with_for_update(of=User))
        if user is None:
            passwords.verify_password(_DUMMY_HASH(), password)  # same cost: no user-name oracle
            return AuthenticationFailed("wrong user name or password")
        now = db_now(session)
        if user.disabled:
            return AccountLocked(f"user '{name}' is locked by an administrator")
        if user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            return AccountLocked(f"too many wrong passwords: user '{name}' is locked for {minutes} more minute(s)")
        if not passwords.verify_password(user.password_hash, password):
            user.failed_logins += 1
            details = {"failed_logins": user.failed_logins}
            if user.failed_logins >= LOGIN_FAILURES_MAX:
                user.locked_until = now + timedelta(seconds=LOCKOUT_S)
                user.failed_logins = 0
                audit.append_any_schema(session, action="login.locked", actor_id=user.id, actor_name=name,
                             counter=counter, target=name, details=details)
                return AccountLocked(f"too many wrong passwords: user '{name}' is locked for "
                                     f"{LOCKOUT_S // 60} minutes")
            audit.append_any_schema(session, action="login.failed", actor_id=user.id, actor_name=name,
                         counter=counter, target=name, details=details)
            return AuthenticationFailed("wrong user name or password")
        user.failed_logins = 0
        user.locked_until = None
        audit.append_any_schema(session, action="login", actor_id=user.id, actor_name=name, counter=counter)
        return _actor_for(user, counter)

    result = db.transact(work)
    if isinstance(result, Exception):
        raise result
    return result


_dummy_hash_cache: list[str] = []


def _DUMMY_HASH() -> str:
    if not _dummy_hash_cache:
        _dummy_hash_cache.append(passwords.hash_password("not-a-real-password"))
    return _dummy_hash_cache[0]


def authorize_override(db: Database, supervisor_username: str, password: str, permission: str,
                       counter: str | None = None) -> Override:
    """A supervisor authorises one action needing `permission`; the service that spends the
    override records the supervisor's name in its audit entry."""
    if permission not in PERMISSIONS:
        raise ValidationError(f"permission: unknown '{permission}'")
    supervisor = login(db, supervisor_username, password, counter)
    if not supervisor.can(permission):
        raise AuthenticationFailed(f"supervisor '{supervisor.username}' lacks the permission '{permission}'")
    assert supervisor.user_id is not None
    return _issue_override(permission, supervisor.user_id, supervisor.username)


# ---- the user's own password -------------------------------------------------------------

def change_password(db: Database, actor: Actor, old_password: str, new_password: str) -> None:
    passwords.check_policy(new_password)
    if old_password == new_password:
        raise ValidationError("new password: must differ from the old one")
    new_hash = passwords.hash_password(new_password)

    def work(session: Session) -> None:
        user = _user(session, actor.username, lock=True)
        if not passwords.verify_password(user.password_hash, old_password):
            raise AuthenticationFailed("the current password is wrong")
        user.password_hash = new_hash
        user.must_change_password = False
        user.password_changed_at = db_now(session)
        _audit(session, Grant(actor, "self"), "user.change_password", actor.username)

    db.transact(work)


# ---- administration (user.manage) --------------------------------------------------------

def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    require(actor, "user.manage")
    return db.transact(lambda s: [_info(u) for u in s.scalars(select(User).order_by(User.username))],
                       readonly=True)


def list_roles(db: Database, actor: Actor) -> list[RoleInfo]:
    require(actor, "user.manage")

    def work(session: Session) -> list[RoleInfo]:
        return [RoleInfo(r.name, r.title, frozenset(p.permission for p in r.permissions))
                for r in session.scalars(select(Role).order_by(Role.id))]

    return db.transact(work, readonly=True)


def create_user(db: Database, actor: Actor, username: str, display_name: str, password: str,
                role: str, override: Override | None = None) -> UserInfo:
    grant = require(actor, "user.manage", override)
    name = normalize_username(username)
    shown = _display_name(display_name, name)
    passwords.check_policy(password)
    password_hash = passwords.hash_password(password)

    def work(session: Session) -> UserInfo:
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise Conflict(f"user name '{name}' is already taken")
        now = db_now(session)
        user = User(username=name, display_name=shown, password_hash=password_hash,
                    role=_role(session, role), created_at=now, password_changed_at=now,
                    must_change_password=False)
        session.add(user)
        session.flush()
        _audit(session, grant, "user.create", name, {"role": role, "display_name": shown})
        return _info(user)

    return db.transact(work)


def set_role(db: Database, actor: Actor, username: str, role: str,
             override: Override | None = None) -> UserInfo:
    grant = require(actor, "user.manage", override)

    def work(session: Session) -> UserInfo:
        user = _user(session, username, lock=True)
        new_role = _role(session, role)
        if user.role.name == "admin" and role != "admin":
            _refuse_removing_last_admin(session, user)
        old = user.role.name
        user.role = new_role
        session.flush()
        _audit(session, grant, "user.set_role", user.username, {"old": old, "new": role})
        return _info(user)

    return db.transact(work)


def reset_password(db: Database, actor: Actor, username: str, new_password: str,
                   override: Override | None = None) -> None:
    """Administrator sets a temporary password; the user must change it at next login."""
    grant = require(actor, "user.manage", override)
    passwords.check_policy(new_password)
    new_hash = passwords.hash_password(new_password)

    def work(session: Session) -> None:
        user = _user(session, username, lock=True)
        user.password_hash = new_hash
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        user.password_changed_at = db_now(session)
        _audit(session, grant, "user.reset_password", user.username)

    db.transact(work)


def set_disabled(db: Database, actor: Actor, username: str, disabled: bool,
                 override: Override | None = None) -> UserInfo:
    """Lock (disable) or unlock a user; unlocking also lifts a lockout after failures."""
    grant = require(actor, "user.manage", override)

    def work(session: Session) -> UserInfo:
        user = _user(session, username, lock=True)
        if disabled and user.username == actor.username:
            raise Conflict("you cannot lock yourself out")
        if disabled and user.role.name == "admin":
            _refuse_removing_last_admin(session, user)
        user.disabled = disabled
        if not disabled:
            user.failed_logins = 0
            user.locked_until = None
        _audit(session, grant, "user.lock" if disabled else "user.unlock", user.username)
        return _info(user)

    return db.transact(work)


def _refuse_removing_last_admin(session: Session, user: User) -> None:
    admins = session.scalar(select(func.count(User.id)).join(Role)
                            .where(Role.name == "admin", User.disabled.is_(False)))
    if admins <= 1:
        raise Conflict(f"'{user.username}' is the last active administrator")

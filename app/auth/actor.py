"""Who is acting, and the check every service makes before it writes."""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from app.errors import PermissionDenied

# Overrides are only valid when issued by auth.service.authorize_override; this registry
# keeps a hand-built Override from passing the check.
_ISSUED_OVERRIDES: "weakref.WeakSet[Override]" = weakref.WeakSet()


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    display_name: str
    role: str
    permissions: frozenset[str]
    counter: str | None = None
    must_change_password: bool = False  # after an administrator's reset: change before working

    def can(self, permission: str) -> bool:
        return permission in self.permissions


SYSTEM_ACTOR = Actor(user_id=None, username="system", display_name="system", role="system",
                     permissions=frozenset())


@dataclass(eq=False)
class Override:
    """A supervisor's one-time authorisation of one permission for another user."""
    permission: str
    supervisor_id: int
    supervisor_name: str
    used: bool = field(default=False)


def _issue_override(permission: str, supervisor_id: int, supervisor_name: str) -> Override:
    token = Override(permission, supervisor_id, supervisor_name)
    _ISSUED_OVERRIDES.add(token)
    return token


@dataclass(frozen=True)
class Grant:
    """The result of a permission check: who authorised it, for the audit entry."""
    actor: Actor
    permission: str
    supervisor_name: str | None = None


def require(actor: Actor, permission: str, override: Override | None = None) -> Grant:
    """Raise PermissionDenied unless the actor holds `permission` or brings an unused
    supervisor override for exactly this permission (which is then spent)."""
    if actor.can(permission):
        return Grant(actor, permission)
    if (override is not None and override in _ISSUED_OVERRIDES and not override.used
            and override.permission == permission):
        override.used = True
        return Grant(actor, permission, supervisor_name=override.supervisor_name)
    raise PermissionDenied(permission, actor.username)

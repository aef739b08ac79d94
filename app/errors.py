"""Errors a user can act on. Their message is shown as-is (GUI and command line)."""


class UserError(Exception):
    """Base of every error whose message is meant for the person at the counter."""


class ValidationError(UserError):
    """Bad input: the message names the field and what is wrong with it."""


class PermissionDenied(UserError):
    def __init__(self, permission: str, user: str):
        super().__init__(f"user '{user}' lacks the permission '{permission}'")
        self.permission = permission
        self.user = user


class NotFound(UserError):
    pass


class Conflict(UserError):
    """The action collides with the current state (duplicate name, already closed, ...)."""


class AuthenticationFailed(UserError):
    pass


class AccountLocked(AuthenticationFailed):
    pass


class DatabaseError(UserError):
    """The database cannot be used right now; the message says why and what to do."""


class DatabaseUnavailable(DatabaseError):
    pass


class SchemaMismatch(DatabaseError):
    """The database schema is not the one this version of MarketDesk expects."""

    def __init__(self, message: str, current: str | None, head: str, newer: bool):
        super().__init__(message)
        self.current = current
        self.head = head
        self.newer = newer

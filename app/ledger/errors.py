"""Ledger refusals: each a distinct type, each with a message a cashier can act on.
Nothing is written when one is raised (the whole event rolls back)."""
from app.errors import UserError
from app.money import format_fen


class LedgerError(UserError):
    pass


class InvalidAmount(LedgerError):
    def __init__(self, amount_fen):
        super().__init__(f"amount must be a positive whole number of fen, got {amount_fen!r}")


class AccountNotFound(LedgerError):
    def __init__(self, ref):
        super().__init__(f"account {ref} does not exist")


class AccountClosed(LedgerError):
    def __init__(self, name: str):
        super().__init__(f"account '{name}' is closed")


class LedgerMismatch(LedgerError):
    def __init__(self, debit_name: str, credit_name: str):
        super().__init__(f"accounts '{debit_name}' and '{credit_name}' keep different currencies")


class SameAccount(LedgerError):
    def __init__(self, name: str):
        super().__init__(f"a transfer needs two different accounts, got '{name}' twice")


class ExceedsCredits(LedgerError):
    """Not enough balance on a prepaid account (or its overdraft)."""

    def __init__(self, name: str, available_fen: int, needed_fen: int):
        super().__init__(f"balance of '{name}' is too low: available {format_fen(available_fen)} yuan, "
                         f"needed {format_fen(needed_fen)} yuan")
        self.available_fen = available_fen
        self.needed_fen = needed_fen


class ExceedsDebits(LedgerError):
    """Paying out more than an asset account (a drawer) holds."""

    def __init__(self, name: str, available_fen: int, needed_fen: int):
        super().__init__(f"'{name}' holds only {format_fen(available_fen)} yuan, "
                         f"{format_fen(needed_fen)} yuan needed")
        self.available_fen = available_fen
        self.needed_fen = needed_fen


class PendingNotFound(LedgerError):
    def __init__(self, pending_id):
        super().__init__(f"reservation {pending_id} does not exist")


class PendingAlreadyResolved(LedgerError):
    def __init__(self, pending_id):
        super().__init__(f"reservation {pending_id} was already completed or cancelled")


class PendingExpired(LedgerError):
    def __init__(self, pending_id):
        super().__init__(f"reservation {pending_id} has expired and can no longer be completed")


class PostExceedsPending(LedgerError):
    def __init__(self, pending_id, pending_fen: int, post_fen: int):
        super().__init__(f"cannot complete {format_fen(post_fen)} yuan of reservation {pending_id}: "
                         f"only {format_fen(pending_fen)} yuan were reserved")


class IdempotencyConflict(LedgerError):
    def __init__(self, event_id: str):
        super().__init__(f"event {event_id} was already submitted with different content; "
                         f"nothing was posted")


class LedgerUnhealthy(LedgerError):
    def __init__(self, problems: list[str]):
        super().__init__("money operations are stopped: the ledger check failed ("
                         + "; ".join(problems[:3]) + "). Call your administrator; run "
                         "`marketdesk ledger verify`.")
        self.problems = problems

"""What a caller asks the ledger to do: plain values, hashed for idempotency."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from app.ledger.codes import TransferCode
from app.errors import ValidationError
from app.ledger.errors import InvalidAmount
from app.money import AMOUNT_MAX_FEN
from app.ledger.ids import EVENT_ID_MAX_CHARS

PENDING_TIMEOUT_MAX_S = 30 * 24 * 3600
EVENT_ITEMS_MAX = 64


MEMO_MAX_CHARS = 200
TICKET_REF_MAX_CHARS = 40
KIND_MAX_CHARS = 48


def _check_amount(amount_fen) -> None:
    if type(amount_fen) is not int or not 0 < amount_fen <= AMOUNT_MAX_FEN:
        raise InvalidAmount(amount_fen)


def _check_text(value: str | None, field: str, max_chars: int) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > max_chars):
        raise ValidationError(f"{field}: at most {max_chars} characters")


def _check_id(value, field: str) -> None:
    if type(value) is not int or value <= 0:
        raise ValidationError(f"{field}: {value!r} is not an id")


@dataclass(frozen=True)
class NewTransfer:
    debit_account_id: int
    credit_account_id: int
    amount_fen: int
    code: TransferCode
    pending: bool = False
    timeout_s: int | None = None  # pending only: expires after this many seconds
    ticket_ref: str | None = None
    shift_id: int | None = None
    memo: str | None = None

    def validate(self) -> None:
        _check_amount(self.amount_fen)
        _check_id(self.debit_account_id, "debit account")
        _check_id(self.credit_account_id, "credit account")
        _check_code(self.code)
        _check_text(self.memo, "memo", MEMO_MAX_CHARS)
        _check_text(self.ticket_ref, "ticket", TICKET_REF_MAX_CHARS)
        if self.timeout_s is not None:
            if not self.pending:
                raise ValidationError("timeout: only a reservation (pending transfer) can expire")
            if type(self.timeout_s) is not int or not 0 < self.timeout_s <= PENDING_TIMEOUT_MAX_S:
                raise ValidationError(f"timeout: 1 to {PENDING_TIMEOUT_MAX_S} seconds")


@dataclass(frozen=True)
class PostPending:
    """Make (all, or with amount_fen only part, of) a pending transfer final."""
    pending_id: int
    amount_fen: int | None = None
    memo: str | None = None

    def validate(self) -> None:
        _check_id(self.pending_id, "reservation")
        _check_text(self.memo, "memo", MEMO_MAX_CHARS)
        if self.amount_fen is not None:
            _check_amount(self.amount_fen)


@dataclass(frozen=True)
class VoidPending:
    pending_id: int
    code: TransferCode | None = None  # EXPIRED when the sweeper voids it
    memo: str | None = None

    def validate(self) -> None:
        _check_id(self.pending_id, "reservation")
        _check_text(self.memo, "memo", MEMO_MAX_CHARS)
        if self.code is not None:
            _check_code(self.code)


def _check_code(code) -> None:
    try:
        TransferCode(code)
    except ValueError:
        raise ValidationError(f"transfer code: unknown {code!r}") from None


Item = NewTransfer | PostPending | VoidPending


@dataclass(frozen=True)
class EventRequest:
    """A business event: transfers that commit together or not at all."""
    event_id: str
    kind: str
    items: tuple[Item, ...]

    def validate(self) -> None:
        if not isinstance(self.event_id, str) or not 0 < len(self.event_id) <= EVENT_ID_MAX_CHARS:
            raise ValidationError(f"event id: 1 to {EVENT_ID_MAX_CHARS} characters")
        if not isinstance(self.kind, str) or not 0 < len(self.kind) <= KIND_MAX_CHARS:
            raise ValidationError(f"event kind: 1 to {KIND_MAX_CHARS} characters")
        if not 0 < len(self.items) <= EVENT_ITEMS_MAX:
            raise ValidationError(f"event: 1 to {EVENT_ITEMS_MAX} transfers")
        for item in self.items:
            item.validate()

    def content_hash(self) -> str:
        # vars(), not asdict(): the items are flat, and this runs for every money event.
        body = [self.kind] + [[type(i).__name__, vars(i)] for i in self.items]
        raw = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PostedTransfer:
    id: int
    event_index: int
    debit_account_id: int
    credit_account_id: int
    amount_fen: int
    code: str
    kind: str
    pending_id: int | None
    expires_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class EventResult:
    event_id: str
    transfers: tuple[PostedTransfer, ...]
    replayed: bool  # True: this id was already posted; nothing new was written

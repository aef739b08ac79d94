"""What a caller asks the ledger to do: plain values, hashed for idempotency."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from app.ledger.codes import TransferCode
from app.ledger.errors import InvalidAmount
from app.ledger.ids import EVENT_ID_MAX_CHARS

PENDING_TIMEOUT_MAX_S = 30 * 24 * 3600
EVENT_ITEMS_MAX = 64


def _check_amount(amount_fen) -> None:
    if type(amount_fen) is not int or amount_fen <= 0:
        raise InvalidAmount(amount_fen)


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
        TransferCode(self.code)
        if self.timeout_s is not None:
            assert self.pending, "only a pending transfer can have a timeout"
            assert 0 < self.timeout_s <= PENDING_TIMEOUT_MAX_S


@dataclass(frozen=True)
class PostPending:
    """Make (all, or with amount_fen only part, of) a pending transfer final."""
    pending_id: int
    amount_fen: int | None = None
    memo: str | None = None

    def validate(self) -> None:
        if self.amount_fen is not None:
            _check_amount(self.amount_fen)


@dataclass(frozen=True)
class VoidPending:
    pending_id: int
    code: TransferCode | None = None  # EXPIRED when the sweeper voids it
    memo: str | None = None

    def validate(self) -> None:
        if self.code is not None:
            TransferCode(self.code)


Item = NewTransfer | PostPending | VoidPending


@dataclass(frozen=True)
class EventRequest:
    """A business event: transfers that commit together or not at all."""
    event_id: str
    kind: str
    items: tuple[Item, ...]

    def validate(self) -> None:
        assert self.event_id and len(self.event_id) <= EVENT_ID_MAX_CHARS, "event id missing or too long"
        assert self.kind, "event kind missing"
        assert 0 < len(self.items) <= EVENT_ITEMS_MAX, "an event holds 1..64 transfers"
        for item in self.items:
            item.validate()

    def content_hash(self) -> str:
        body = [self.kind] + [[type(i).__name__, asdict(i)] for i in self.items]
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

"""Posting on PostgreSQL: one call of the server-side twin of posting.py (md_post_event,
migration 0009), so a whole event, its audit entry included, is one round trip. It refuses
with the same exceptions and writes nothing when it does."""
from __future__ import annotations

import json
from datetime import datetime

from app.db.rawsql import RawTx, Sql, as_datetime
from app.ledger import errors
from app.ledger.requests import EventRequest, EventResult, NewTransfer, PostedTransfer, PostPending

_POST = Sql("SELECT md_post_event(:event_id, :kind, :content_hash, :operator_id, :operator_name, :counter, "
            "CAST(:now AS timestamp), CAST(:items AS jsonb), CAST(:audit AS jsonb))")
_REFUSALS = {cls.__name__: cls for cls in (
    errors.AccountNotFound, errors.AccountClosed, errors.LedgerMismatch, errors.SameAccount,
    errors.ExceedsCredits, errors.ExceedsDebits, errors.PendingNotFound, errors.PendingAlreadyResolved,
    errors.PendingExpired, errors.PostExceedsPending, errors.IdempotencyConflict)}


def _item(item) -> dict:
    if isinstance(item, NewTransfer):
        return {"t": "new", "debit": item.debit_account_id, "credit": item.credit_account_id,
                "amount": item.amount_fen, "code": str(item.code), "pending": item.pending,
                "timeout_s": item.timeout_s, "ticket_ref": item.ticket_ref, "shift_id": item.shift_id,
                "memo": item.memo}
    if isinstance(item, PostPending):
        return {"t": "post", "pending_id": item.pending_id, "amount": item.amount_fen, "memo": item.memo}
    return {"t": "void", "pending_id": item.pending_id, "code": None if item.code is None else str(item.code),
            "memo": item.memo}


def post_on_server(conn: RawTx, request: EventRequest, *, operator_id: int | None, operator_name: str,
                   counter: str | None, now: datetime | None, audit_action: str | None,
                   supervisor_name: str | None) -> EventResult:
    assert conn.dialect_name == "postgresql"
    audit = None if audit_action is None else json.dumps(
        {"action": audit_action, "supervisor_name": supervisor_name}, ensure_ascii=False)
    out = _POST.run(conn, dict(
        event_id=request.event_id, kind=request.kind, content_hash=request.content_hash(),
        operator_id=operator_id, operator_name=operator_name, counter=counter, now=now,
        items=json.dumps([_item(i) for i in request.items], ensure_ascii=False), audit=audit)).scalar()
    if "error" in out:
        raise _REFUSALS[out["error"]](*out["args"])
    transfers = tuple(PostedTransfer(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], as_datetime(t[8]),
                                     as_datetime(t[9])) for t in out["transfers"])
    assert len(transfers) == len(request.items), "the server returned another number of transfers"
    return EventResult(request.event_id, transfers, replayed=out["replayed"])

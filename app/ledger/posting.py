"""Posting an event: the one place account counters change.

Order of work (both engines): idempotency check -> event row (a concurrent duplicate waits
on its primary key, then sees it) -> pending transfers read -> accounts locked in id order
(SQLite: the database is already ours since BEGIN IMMEDIATE) -> each item checked and applied
to in-memory counters -> counters written, transfers inserted. Any refusal raises and the
caller's transaction rolls back whole.

This is the hot path of every desk, so it speaks SQLAlchemy Core: a handful of statements
per event, whatever the number of transfers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.auth import audit
from app.db.rawsql import RawTx, Sql, as_datetime, tx_of
from app.ledger import health
from app.ledger.codes import TransferKind
from app.ledger.errors import (AccountClosed, AccountNotFound, ExceedsCredits, ExceedsDebits,
                               IdempotencyConflict, LedgerMismatch, PendingAlreadyResolved,
                               PendingExpired, PendingNotFound, PostExceedsPending, SameAccount)
from app.ledger.models import Account, Event, Transfer
from app.ledger.pg_posting import post_on_server
from app.ledger.requests import (EventRequest, EventResult, NewTransfer, PostedTransfer, PostPending,
                                 VoidPending)

ACCOUNTS = Account.__table__
EVENTS = Event.__table__
TRANSFERS = Transfer.__table__
COUNTERS = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")

_EVENT_HASH = Sql("SELECT content_hash FROM ledger_events WHERE id = :id")
_INSERT_EVENT = Sql(
    "INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, created_at) "
    "VALUES (:id, :kind, :content_hash, :operator_id, :operator_name, :counter, :created_at) "
    "ON CONFLICT (id) DO NOTHING RETURNING id")
_LOCK_ACCOUNTS = ("SELECT a.id, a.name, a.ledger, a.closed, a.debits_must_not_exceed_credits, "
                  "a.credits_must_not_exceed_debits, a.overdraft_limit_fen, a.debits_pending, a.debits_posted, "
                  "a.credits_pending, a.credits_posted, "
                  "(SELECT content_hash FROM ledger_events WHERE id = :event_id), {clock} "
                  "FROM ledger_accounts AS a WHERE a.id IN ({ids}) ORDER BY a.id")
_SQLITE_CLOCK = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_PG_CLOCK = "clock_timestamp() AT TIME ZONE 'UTC'"
_LOCKS: dict[int, Sql] = {}
_UPDATE_COUNTERS: dict[int, Sql] = {}
# PostgreSQL posts through md_post_event (one round trip). False runs this module's own path
# there too: the model test does, to keep the two implementations equal.
SERVER_SIDE_ON_POSTGRESQL = True
_TRANSFER_COLUMNS = ("event_id", "event_index", "ledger", "debit_account_id", "credit_account_id",
                     "amount_fen", "code", "kind", "pending_id", "expires_at", "ticket_ref", "shift_id",
                     "operator_id", "counter", "memo", "created_at")
_INSERT_TRANSFERS: dict[int, Sql] = {}
_TRANSFER = Sql("SELECT * FROM ledger_transfers WHERE id = :id")
_EVENT_TRANSFERS = Sql("SELECT * FROM ledger_transfers WHERE event_id = :event_id ORDER BY event_index")
_RESOLVED = Sql("SELECT id FROM ledger_transfers WHERE pending_id = :pending_id")


@dataclass
class _State:
    """An account's limits and counters while an event is applied."""
    id: int
    name: str
    ledger: int
    closed: bool
    dmnec: bool
    cmned: bool
    overdraft_limit_fen: int
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    changed: bool = False


def _posted(row) -> PostedTransfer:
    return PostedTransfer(row["id"], row["event_index"], row["debit_account_id"], row["credit_account_id"],
                          row["amount_fen"], row["code"], row["kind"], row["pending_id"],
                          as_datetime(row["expires_at"]), as_datetime(row["created_at"]))


def find_existing(session: "Session | RawTx", request: EventRequest) -> EventResult | None:
    """The earlier result of this event id, or None. Same id, other content: refused."""
    tx = tx_of(session)
    content_hash = _EVENT_HASH.run(tx, {"id": request.event_id}).scalar()
    if content_hash is None:
        return None
    if content_hash != request.content_hash():
        raise IdempotencyConflict(request.event_id)
    rows = _EVENT_TRANSFERS.run(tx, {"event_id": request.event_id}).mappings()
    assert len(rows) == len(request.items), f"event {request.event_id} is stored without all its transfers"
    return EventResult(request.event_id, tuple(_posted(r) for r in rows), replayed=True)


def post_event(session: "Session | RawTx", request: EventRequest, *, operator_id: int | None,
               operator_name: str, counter: str | None, now: datetime | None = None,
               audit_action: str | None = None, supervisor_name: str | None = None) -> EventResult:
    """Post inside the caller's transaction (so a ticket, its transfers, its print job and
    its audit entry commit together). Resubmitting the same event returns the first result.
    With `audit_action`, the event's own audit entry is appended too (not on a replay).

    Every check happens before the first write: a refusal leaves nothing behind in the
    caller's transaction, so a caller that commits its own "refused" record cannot commit a
    half-event with it. On PostgreSQL the same work runs server-side (pg_posting)."""
    request.validate()
    health.require_healthy()
    conn = tx_of(session)
    if conn.session is not None:
        conn.session.flush()  # our raw statements bypass autoflush: pending ORM changes go first
    if conn.dialect_name == "postgresql" and SERVER_SIDE_ON_POSTGRESQL:
        result = post_on_server(conn, request, operator_id=operator_id, operator_name=operator_name,
                                counter=counter, now=now, audit_action=audit_action,
                                supervisor_name=supervisor_name)
        if not result.replayed:
            _expire_accounts(conn, {a for t in result.transfers for a in (t.debit_account_id, t.credit_account_id)})
        return result
    result = _post_here(conn, request, operator_id=operator_id, operator_name=operator_name, counter=counter,
                        now=now)
    if audit_action is not None and not result.replayed:
        audit.append(conn, action=audit_action, actor_id=operator_id, actor_name=operator_name,
                     supervisor_name=supervisor_name, counter=counter, target=request.event_id,
                     now=result.transfers[0].created_at, details=audit_details(result))
    return result


def audit_details(result: EventResult) -> dict:
    """What an event's audit entry records (md_post_event writes the same)."""
    return {"transfers": [t.id for t in result.transfers],
            "amount_fen": sum(t.amount_fen for t in result.transfers)}


def _post_here(conn: RawTx, request: EventRequest, *, operator_id: int | None, operator_name: str,
               counter: str | None, now: datetime | None) -> EventResult:
    pendings = _load_pendings(conn, request)
    states, existing_hash, db_clock = _lock_accounts(conn, request, pendings)
    if existing_hash is not None:  # a retry or a double click: the first result stands
        existing = find_existing(conn, request)
        assert existing is not None
        return existing
    now = now or db_clock  # read after the locks were granted, so expiry is judged fairly
    resolved_here: set[int] = set()
    rows = []
    for index, item in enumerate(request.items):
        if isinstance(item, NewTransfer):
            row = _apply_new(item, states, now)
        else:
            pending = pendings[item.pending_id]
            if pending["id"] in resolved_here or _is_resolved(conn, pending["id"]):
                raise PendingAlreadyResolved(pending["id"])
            resolved_here.add(pending["id"])
            row = _apply_resolution(item, pending, states, now)
        row.update(event_id=request.event_id, event_index=index, operator_id=operator_id,
                   counter=counter, created_at=now)
        rows.append(row)

    inserted = _INSERT_EVENT.run(conn, dict(
        id=request.event_id, kind=request.kind, content_hash=request.content_hash(),
        operator_id=operator_id, operator_name=operator_name, counter=counter, created_at=now)).first()
    if inserted is None:
        # The same id on other accounts, posted by another counter a moment ago: we waited on
        # its key until it committed. Same content cannot get here (same accounts, so we
        # would have waited on their locks and seen it above); other content is refused.
        existing = find_existing(conn, request)
        assert existing is not None, "event id collided but the event is not visible"
        return existing
    _write_counters(conn, [s for s in states.values() if s.changed])
    for transfer_id, index in _insert_transfers(len(rows)).run(conn, _numbered(rows)).all():
        rows[index]["id"] = transfer_id
    assert all("id" in row for row in rows)
    return EventResult(request.event_id, tuple(_posted(r) for r in rows), replayed=False)


def _insert_transfers(n: int) -> Sql:
    """One INSERT for all of an event's transfers. RETURNING order is not promised by either
    engine, so each id comes back with its event_index."""
    if n not in _INSERT_TRANSFERS:
        values = ", ".join("(" + ", ".join(f":{c}_{i}" for c in _TRANSFER_COLUMNS) + ")" for i in range(n))
        _INSERT_TRANSFERS[n] = Sql(f"INSERT INTO ledger_transfers ({', '.join(_TRANSFER_COLUMNS)}) "
                                   f"VALUES {values} RETURNING id, event_index")
    return _INSERT_TRANSFERS[n]


def _numbered(rows: list[dict]) -> dict:
    return {f"{c}_{i}": row[c] for i, row in enumerate(rows) for c in _TRANSFER_COLUMNS}


def _load_pendings(conn, request: EventRequest) -> dict[int, dict]:
    ids = {i.pending_id for i in request.items if isinstance(i, (PostPending, VoidPending))}
    if not ids:
        return {}
    found = {}
    for pending_id in ids:
        for row in _TRANSFER.run(conn, {"id": pending_id}).mappings():
            row["expires_at"] = as_datetime(row["expires_at"])
            found[row["id"]] = row
    for pending_id in ids:
        if pending_id not in found or found[pending_id]["kind"] != TransferKind.PENDING:
            raise PendingNotFound(pending_id)
    return found


def _lock_accounts(conn, request: EventRequest, pendings: dict[int, dict]) -> tuple[dict[int, _State], str | None, datetime]:
    """Lock the event's accounts in id order (two events touching the same accounts cannot
    deadlock) and, in the same round trip, read whether the event exists and the DB clock."""
    ids: set[int] = set()
    for item in request.items:
        if isinstance(item, NewTransfer):
            ids.update((item.debit_account_id, item.credit_account_id))
    for pending in pendings.values():
        ids.update((pending["debit_account_id"], pending["credit_account_id"]))
    ordered = sorted(ids)
    params = {f"a{i}": account_id for i, account_id in enumerate(ordered)}
    params["event_id"] = request.event_id
    rows = _lock_sql(len(ordered)).run(conn, params).all()
    states = {r[0]: _State(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5]), *r[6:11]) for r in rows}
    for account_id in ordered:
        if account_id not in states:
            raise AccountNotFound(account_id)
    existing_hash, clock = rows[0][11], rows[0][12]
    return states, existing_hash, clock if isinstance(clock, datetime) else datetime.fromisoformat(clock)


def _lock_sql(n: int) -> Sql:
    if n not in _LOCKS:
        marks = ", ".join(f":a{i}" for i in range(n))
        _LOCKS[n] = Sql(_LOCK_ACCOUNTS.format(ids=marks, clock=_SQLITE_CLOCK),
                        pg_text=_LOCK_ACCOUNTS.format(ids=marks, clock=_PG_CLOCK), pg_suffix=" FOR UPDATE OF a")
    return _LOCKS[n]


def _write_counters(conn: RawTx, changed: list[_State]) -> None:
    """All changed accounts in one statement (UPDATE ... FROM; SQLite since 3.33)."""
    if not changed:
        return
    params = {f"{c}_{i}": getattr(s, c) for i, s in enumerate(changed) for c in ("id", *COUNTERS)}
    _update_counters(len(changed)).run(conn, params)
    _expire_accounts(conn, {s.id for s in changed})


def _update_counters(n: int) -> Sql:
    if n not in _UPDATE_COUNTERS:
        rows = ", ".join("(" + ", ".join(f":{c}_{i}" for c in ("id", *COUNTERS)) + ")" for i in range(n))
        sets = ", ".join(f"{c} = v.column{k + 2}" for k, c in enumerate(COUNTERS))
        _UPDATE_COUNTERS[n] = Sql(f"UPDATE ledger_accounts SET {sets} FROM (VALUES {rows}) AS v "
                                  f"WHERE ledger_accounts.id = v.column1")
    return _UPDATE_COUNTERS[n]


def _expire_accounts(conn: RawTx, ids: set[int]) -> None:
    """ORM objects of these accounts loaded earlier in the same Session are now stale."""
    if conn.session is not None:
        for obj in list(conn.session.identity_map.values()):
            if isinstance(obj, Account) and obj.id in ids:
                conn.session.expire(obj)


def _is_resolved(conn, pending_id: int) -> bool:
    return _RESOLVED.run(conn, {"pending_id": pending_id}).first() is not None


def _check_pair(debit: _State, credit: _State) -> None:
    if debit.id == credit.id:
        raise SameAccount(debit.name)
    if debit.ledger != credit.ledger:
        raise LedgerMismatch(debit.name, credit.name)
    for account in (debit, credit):
        if account.closed:
            raise AccountClosed(account.name)


def _check_limits(debit: _State, credit: _State, amount_fen: int) -> None:
    """TigerBeetle's balancing rules, checked after the item is applied in memory."""
    if debit.dmnec:
        limit = debit.credits_posted + debit.overdraft_limit_fen
        if debit.debits_pending + debit.debits_posted > limit:
            available = limit - (debit.debits_pending + debit.debits_posted - amount_fen)
            raise ExceedsCredits(debit.name, available, amount_fen)
    if credit.cmned:
        if credit.credits_pending + credit.credits_posted > credit.debits_posted:
            available = credit.debits_posted - (credit.credits_pending + credit.credits_posted - amount_fen)
            raise ExceedsDebits(credit.name, available, amount_fen)


def _apply_new(item: NewTransfer, states: dict[int, _State], now: datetime) -> dict:
    debit, credit = states[item.debit_account_id], states[item.credit_account_id]
    _check_pair(debit, credit)
    amount = item.amount_fen
    if item.pending:
        debit.debits_pending += amount
        credit.credits_pending += amount
    else:
        debit.debits_posted += amount
        credit.credits_posted += amount
    debit.changed = credit.changed = True
    _check_limits(debit, credit, amount)
    expires_at = now + timedelta(seconds=item.timeout_s) if item.timeout_s else None
    return dict(ledger=debit.ledger, debit_account_id=debit.id, credit_account_id=credit.id,
                amount_fen=amount, code=str(item.code),
                kind=str(TransferKind.PENDING if item.pending else TransferKind.POSTED),
                pending_id=None, expires_at=expires_at, ticket_ref=item.ticket_ref,
                shift_id=item.shift_id, memo=item.memo)


def _apply_resolution(item: PostPending | VoidPending, pending: dict, states: dict[int, _State],
                      now: datetime) -> dict:
    debit, credit = states[pending["debit_account_id"]], states[pending["credit_account_id"]]
    if isinstance(item, PostPending) and (debit.closed or credit.closed):
        # A void only releases a reservation: allowed even then, so it can never get stuck.
        raise AccountClosed(debit.name if debit.closed else credit.name)
    reserved = pending["amount_fen"]
    debit.debits_pending -= reserved
    credit.credits_pending -= reserved
    assert debit.debits_pending >= 0 and credit.credits_pending >= 0, "pending counters went negative"
    if isinstance(item, PostPending):
        if pending["expires_at"] is not None and now > pending["expires_at"]:
            raise PendingExpired(pending["id"])
        amount = reserved if item.amount_fen is None else item.amount_fen
        if amount > reserved:
            raise PostExceedsPending(pending["id"], reserved, amount)
        debit.debits_posted += amount
        credit.credits_posted += amount
        kind, code = TransferKind.POST, pending["code"]
    else:
        amount = reserved
        kind, code = TransferKind.VOID, str(item.code or pending["code"])
    debit.changed = credit.changed = True
    # Posting moves money from pending to posted (never more): limits cannot newly break.
    _check_limits(debit, credit, amount)
    return dict(ledger=pending["ledger"], debit_account_id=debit.id, credit_account_id=credit.id,
                amount_fen=amount, code=code, kind=str(kind), pending_id=pending["id"], expires_at=None,
                ticket_ref=pending["ticket_ref"], shift_id=pending["shift_id"], memo=item.memo)

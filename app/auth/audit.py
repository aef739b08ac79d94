"""The audit trail: append-only hash chains, one per counter.

Within a chain, hash(n) = sha256(hash(n-1) || canonical JSON of row n). The main chain ('',
entries made without a counter) starts from 64 zeros; a counter's chain starts from the hash
of its name and is announced by an `audit.chain_open` entry in the main chain. One chain per
counter means counters never wait on each other to append (the one row lock of a single chain
halved the money throughput of a busy PostgreSQL server). `verify` recomputes every chain and
reports each row that was changed, removed or moved, and each chain that was removed.

On PostgreSQL the append runs server-side (`md_audit_append`, migration 0009), computing the
same hash; `verify` here checks both.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import AuditChain, AuditEntry
from app.db.rawsql import RawTx, Sql, db_clock, tx_of

GENESIS_HASH = "0" * 64
MAIN_CHAIN = ""
CHAIN_OPEN_ACTION = "audit.chain_open"
_HEAD = Sql("SELECT seq, hash FROM audit_chains WHERE chain = :chain")
_OPEN = Sql("INSERT INTO audit_chains (chain, seq, hash) VALUES (:chain, 0, :hash) "
            "ON CONFLICT (chain) DO NOTHING RETURNING chain")
_INSERT = Sql("INSERT INTO audit_log (chain, chain_seq, created_at, actor_id, actor_name, supervisor_name, "
              "counter, action, target, details, prev_hash, hash) VALUES (:chain, :chain_seq, :created_at, "
              ":actor_id, :actor_name, :supervisor_name, :counter, :action, :target, :details, :prev_hash, "
              ":hash) RETURNING seq")
_ADVANCE = Sql("UPDATE audit_chains SET seq = :chain_seq, hash = :hash WHERE chain = :chain")
_PG_APPEND = Sql("SELECT md_audit_append(:created_at, :actor_id, :actor_name, :supervisor_name, :counter, "
                 ":action, :target, :details)")
VERIFY_BATCH_ROWS = 5000
ACTION_MAX_CHARS = 64


def canonical_details(details: dict | None) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def chain_of(counter: str | None) -> str:
    return counter or MAIN_CHAIN


def chain_genesis(chain: str) -> str:
    if chain == MAIN_CHAIN:
        return GENESIS_HASH
    return hashlib.sha256(f"audit chain {chain}".encode("utf-8")).hexdigest()


def row_hash(prev_hash: str, seq: int, created_at: datetime, actor_id: int | None, actor_name: str,
             supervisor_name: str | None, counter: str | None, action: str, target: str | None,
             details: str) -> str:
    """`seq` is the row's position in its chain (chain_seq)."""
    body = json.dumps([seq, created_at.isoformat(timespec="microseconds"), actor_id, actor_name,
                       supervisor_name, counter, action, target, details],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _hash_of(entry: AuditEntry, prev_hash: str) -> str:
    return row_hash(prev_hash, entry.chain_seq, entry.created_at, entry.actor_id, entry.actor_name,
                    entry.supervisor_name, entry.counter, entry.action, entry.target, entry.details)


def append(session: "Session | RawTx", *, action: str, actor_id: int | None, actor_name: str,
           target: str | None = None, details: dict | None = None,
           supervisor_name: str | None = None, counter: str | None = None,
           now: datetime | None = None) -> int:
    """Append one entry to the counter's chain inside the caller's transaction (it commits or
    rolls back with the change it describes); returns its seq. The chain's head row is locked
    so concurrent appends at one counter form one chain. This runs with every money event."""
    assert action and len(action) <= ACTION_MAX_CHARS
    conn = tx_of(session)
    row = dict(created_at=now, actor_id=actor_id, actor_name=actor_name, supervisor_name=supervisor_name,
               counter=counter, action=action, target=target, details=canonical_details(details))
    if conn.dialect_name == "postgresql":  # one round trip: lock, hash, insert, advance
        return _PG_APPEND.run(conn, row).scalar()
    # SQLite: BEGIN IMMEDIATE already serialises writers, so no lock is needed here.
    chain = chain_of(counter)
    head = _HEAD.run(conn, {"chain": chain}).first()
    if head is None:
        _open_chain(conn, chain, actor_id, actor_name, row["created_at"])
        head = (0, chain_genesis(chain))
    chain_seq, prev_hash = head[0] + 1, head[1]
    row.update(chain=chain, chain_seq=chain_seq, prev_hash=prev_hash,
               created_at=row["created_at"] or db_clock(conn))
    row["hash"] = row_hash(prev_hash, chain_seq, row["created_at"], actor_id, actor_name, supervisor_name,
                           counter, action, target, row["details"])
    seq = _INSERT.run(conn, row).scalar()
    _ADVANCE.run(conn, {"chain": chain, "chain_seq": chain_seq, "hash": row["hash"]})
    return seq


_REVISION = Sql("SELECT version_num FROM alembic_version")
_LEGACY_HEAD = Sql("SELECT seq, hash FROM audit_head WHERE id = 1", pg_suffix=" FOR UPDATE")
_LEGACY_INSERT = Sql("INSERT INTO audit_log (seq, created_at, actor_id, actor_name, supervisor_name, counter, "
                     "action, target, details, prev_hash, hash) VALUES (:seq, :created_at, :actor_id, :actor_name, "
                     ":supervisor_name, :counter, :action, :target, :details, :prev_hash, :hash)")
_LEGACY_ADVANCE = Sql("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1")
CHAINS_REVISION = "0009"  # revisions are zero-padded numbers: text order is their order


def append_any_schema(session: "Session | RawTx", **entry) -> int:
    """append() that also works on a database whose schema predates per-counter chains (one
    chain, one head row). Only logins need it: on a shared PostgreSQL database that is behind
    this program, an administrator logs in before upgrading it. One extra query."""
    conn = tx_of(session)
    revision = _REVISION.run(conn).scalar()
    if revision is None or revision >= CHAINS_REVISION:
        return append(conn, **entry)
    seq, prev_hash = _LEGACY_HEAD.run(conn).one()
    row = dict(seq=seq + 1, created_at=entry.get("now") or db_clock(conn), actor_id=entry["actor_id"],
               actor_name=entry["actor_name"], supervisor_name=entry.get("supervisor_name"),
               counter=entry.get("counter"), action=entry["action"], target=entry.get("target"),
               details=canonical_details(entry.get("details")), prev_hash=prev_hash)
    row["hash"] = row_hash(prev_hash, row["seq"], row["created_at"], row["actor_id"], row["actor_name"],
                           row["supervisor_name"], row["counter"], row["action"], row["target"], row["details"])
    _LEGACY_INSERT.run(conn, row)
    _LEGACY_ADVANCE.run(conn, {"seq": row["seq"], "hash": row["hash"]})
    return row["seq"]


def _open_chain(conn: RawTx, chain: str, actor_id: int | None, actor_name: str,
                now: datetime | None) -> None:
    assert chain != MAIN_CHAIN, "the main chain exists from the first migration"
    opened = _OPEN.run(conn, {"chain": chain, "hash": chain_genesis(chain)}).first()
    assert opened is not None, "a chain appeared while this transaction held the write lock"
    append(conn, action=CHAIN_OPEN_ACTION, actor_id=actor_id, actor_name=actor_name, target=chain,
           details={"chain": chain}, now=now)


@dataclass
class AuditReport:
    rows_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "rows_checked": self.rows_checked, "problems": self.problems}


class _TooManyProblems(Exception):
    pass


def verify(session: Session, *, problems_max: int = 100) -> AuditReport:
    """Walk every chain in order, in batches, without loading the whole log: the main chain
    first (it names the counters' chains), then each counter's."""
    report = AuditReport()
    heads = {c.chain: (c.seq, c.hash) for c in session.execute(select(AuditChain)).scalars()}
    logged = set(session.execute(select(AuditEntry.chain).distinct()).scalars())
    opened: set[str] = set()

    def problem(text: str) -> None:
        report.problems.append(text)
        if len(report.problems) >= problems_max:
            raise _TooManyProblems

    try:
        _verify_chain(session, MAIN_CHAIN, heads.get(MAIN_CHAIN), report, problem, opened)
        for chain in sorted((set(heads) | logged | opened) - {MAIN_CHAIN}):
            if chain not in opened:
                problem(f"counter {chain}: its chain was never opened in the main chain (added behind the "
                        f"application's back)")
            if chain not in heads and chain not in logged:
                problem(f"counter {chain}: its whole chain was removed")
                continue
            _verify_chain(session, chain, heads.get(chain), report, problem, opened)
    except _TooManyProblems:
        report.problems.append("too many problems; stopped")
    return report


def _verify_chain(session: Session, chain: str, head: tuple[int, str] | None, report: AuditReport,
                  problem, opened: set[str]) -> None:
    label = "" if chain == MAIN_CHAIN else f"counter {chain}, "
    expected_seq = 1
    prev_hash = chain_genesis(chain)
    last_seq = 0
    while True:
        batch = session.execute(
            select(AuditEntry).where(AuditEntry.chain == chain, AuditEntry.chain_seq > last_seq)
            .order_by(AuditEntry.chain_seq).limit(VERIFY_BATCH_ROWS)).scalars().all()
        if not batch:
            break
        for entry in batch:
            report.rows_checked += 1
            n = entry.chain_seq
            if n != expected_seq:
                problem(f"{label}row {expected_seq}: missing (next row present is {n})")
            if entry.prev_hash != prev_hash:
                problem(f"{label}row {n}: does not follow the row before it (removed, inserted or reordered)")
            if _hash_of(entry, entry.prev_hash) != entry.hash:
                problem(f"{label}row {n}: content was changed after it was written")
            if chain == MAIN_CHAIN and entry.action == CHAIN_OPEN_ACTION and entry.target:
                opened.add(entry.target)
            prev_hash = entry.hash
            expected_seq = n + 1
            last_seq = n
        session.expunge_all()
    if head is None:
        problem(f"{label}the chain's head row is missing")
    elif head[0] != last_seq or head[1] != prev_hash:
        problem(f"{label}log ends at row {last_seq} but the head records row {head[0]}: rows at the end "
                f"were removed or altered")

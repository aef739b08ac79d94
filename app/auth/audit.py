"""The audit trail: an append-only hash chain.

hash(n) = sha256(hash(n-1) || canonical JSON of row n). The genesis hash is 64 zeros.
`verify` recomputes the chain and reports every row that was changed, removed or moved.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import AuditEntry, AuditHead
from app.db.rawsql import RawTx, Sql, db_clock, tx_of

GENESIS_HASH = "0" * 64
_HEAD = Sql("SELECT seq, hash FROM audit_head WHERE id = 1", pg_suffix=" FOR UPDATE")
_INSERT_SQL = ("INSERT INTO audit_log (seq, created_at, actor_id, actor_name, supervisor_name, counter, action, "
               "target, details, prev_hash, hash) VALUES (:seq, :created_at, :actor_id, :actor_name, "
               ":supervisor_name, :counter, :action, :target, :details, :prev_hash, :hash)")
_ADVANCE_SQL = "UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"
# PostgreSQL: both in one round trip; SQLite runs the two statements.
_INSERT = Sql(_INSERT_SQL, pg_text=f"WITH appended AS ({_INSERT_SQL}) {_ADVANCE_SQL}")
_ADVANCE = Sql(_ADVANCE_SQL)
VERIFY_BATCH_ROWS = 5000
ACTION_MAX_CHARS = 64


def canonical_details(details: dict | None) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def row_hash(prev_hash: str, seq: int, created_at: datetime, actor_id: int | None, actor_name: str,
             supervisor_name: str | None, counter: str | None, action: str, target: str | None,
             details: str) -> str:
    body = json.dumps([seq, created_at.isoformat(timespec="microseconds"), actor_id, actor_name,
                       supervisor_name, counter, action, target, details],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _hash_of(entry: AuditEntry, prev_hash: str) -> str:
    return row_hash(prev_hash, entry.seq, entry.created_at, entry.actor_id, entry.actor_name,
                    entry.supervisor_name, entry.counter, entry.action, entry.target, entry.details)


def append(session: "Session | RawTx", *, action: str, actor_id: int | None, actor_name: str,
           target: str | None = None, details: dict | None = None,
           supervisor_name: str | None = None, counter: str | None = None,
           now: datetime | None = None) -> int:
    """Append one entry inside the caller's transaction (it commits or rolls back with the
    change it describes); returns its seq. The head row is locked so concurrent appends form
    one chain. Core statements: this runs with every money event."""
    assert action and len(action) <= ACTION_MAX_CHARS
    conn = tx_of(session)
    seq, prev_hash = _HEAD.run(conn).one()
    row = dict(seq=seq + 1, created_at=now or db_clock(conn), actor_id=actor_id, actor_name=actor_name,
               supervisor_name=supervisor_name, counter=counter, action=action, target=target,
               details=canonical_details(details), prev_hash=prev_hash)
    row["hash"] = row_hash(prev_hash, row["seq"], row["created_at"], actor_id, actor_name, supervisor_name,
                           counter, action, target, row["details"])
    _INSERT.run(conn, row)
    if conn.dialect_name != "postgresql":
        _ADVANCE.run(conn, {"seq": row["seq"], "hash": row["hash"]})
    return row["seq"]


@dataclass
class AuditReport:
    rows_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "rows_checked": self.rows_checked, "problems": self.problems}


def verify(session: Session, *, problems_max: int = 100) -> AuditReport:
    """Walk the chain in seq order, in batches, without loading the whole log."""
    report = AuditReport()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    last_seq = 0
    while True:
        batch = session.execute(
            select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq)
            .limit(VERIFY_BATCH_ROWS)).scalars().all()
        if not batch:
            break
        for entry in batch:
            report.rows_checked += 1
            if entry.seq != expected_seq:
                report.problems.append(
                    f"row {expected_seq}: missing (next row present is {entry.seq})")
            if entry.prev_hash != prev_hash:
                report.problems.append(
                    f"row {entry.seq}: does not follow the row before it (removed, inserted or reordered)")
            if _hash_of(entry, entry.prev_hash) != entry.hash:
                report.problems.append(f"row {entry.seq}: content was changed after it was written")
            prev_hash = entry.hash
            expected_seq = entry.seq + 1
            last_seq = entry.seq
            if len(report.problems) >= problems_max:
                report.problems.append("too many problems; stopped")
                return report
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is None:
        report.problems.append("audit head row is missing")
    elif head.seq != last_seq or head.hash != prev_hash:
        report.problems.append(
            f"log ends at row {last_seq} but the head records row {head.seq}: rows at the end were removed or altered")
    return report

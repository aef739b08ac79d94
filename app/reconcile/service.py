"""Import a channel statement and match it: the file is read and checked in full first; then
one transaction writes the statement, its lines and the matches, with an audit entry. A file
with bad rows is refused as a whole unless the user chose to import the valid rows (the
others' errors are kept with the statement). The same file, or lines already imported, are
refused."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.auth import audit
from app.auth.actor import Actor, Override, require
from app.db.clock import db_now, to_local
from app.errors import Conflict, ValidationError
from app.reconcile.books import SLACK, bulk_insert, match_channel
from app.reconcile.formats import CHANNELS, check_channel
from app.reconcile.models import ReconLine, ReconStatement
from app.reconcile.parse import ParsedStatement, RowError, parse_rows
from app.reconcile.reader import read_bytes, rows
from app.reconcile.settings import mapping_in, window_in

FILE_NAME_MAX_CHARS = 200


class ImportRefused(ValidationError):
    """Rows of the file are wrong; nothing was imported. Carries the errors and how many rows
    are valid, so the user can choose to import those."""

    def __init__(self, file_name: str, errors: list[RowError], error_count: int, valid_count: int):
        shown = "\n".join(str(e) for e in errors[:20])
        more = f"\n… and {error_count - 20} more" if error_count > 20 else ""
        super().__init__(f"{file_name}: {error_count} rows are wrong, {valid_count} are valid; nothing was "
                         f"imported.\n{shown}{more}")
        self.errors = errors
        self.error_count = error_count
        self.valid_count = valid_count


@dataclass(frozen=True)
class ImportResult:
    statement_id: int
    file_name: str
    channel: str
    lines: int
    skipped: int
    matched: int
    amount_fen: int
    fee_fen: int
    period_start: datetime
    period_end: datetime


def _local_midnight_utc(at_utc: datetime, days: int = 0) -> datetime:
    local = to_local(at_utc).date() + timedelta(days=days)
    return datetime.combine(local, time()).astimezone().astimezone(timezone.utc).replace(tzinfo=None)


def import_statement(db, actor: Actor, path: str | Path, *, channel: str, preset: str | None = None,
                     accept_valid_rows: bool = False, override: Override | None = None) -> ImportResult:
    grant = require(actor, "reconcile.run", override)
    check_channel(channel)
    path = Path(path)
    name = path.name[:FILE_NAME_MAX_CHARS]
    data = read_bytes(path)
    mapping = db.transact(lambda s: mapping_in(s, channel, preset), readonly=True)
    parsed = parse_rows(name, rows(name, data), mapping)
    if parsed.error_count and not accept_valid_rows:
        raise ImportRefused(name, parsed.errors, parsed.error_count, len(parsed.lines))
    if not parsed.lines:
        raise ValidationError(f"{name}: no valid statement lines to import")
    sha256 = hashlib.sha256(data).hexdigest()

    def work(session: Session) -> ImportResult:
        _refuse_twice(session, name, sha256, channel, parsed)
        statement = _save(session, actor, name, sha256, channel, mapping.name, parsed)
        matched = match_channel(session, channel, window_in(session))
        audit.append(session, action="reconcile.import", actor_id=actor.user_id, actor_name=actor.username,
                     supervisor_name=grant.supervisor_name, counter=actor.counter, target=f"statement {statement.id}",
                     details={"file": name, "sha256": sha256, "channel": channel, "format": mapping.name,
                              "lines": statement.line_count, "skipped": statement.skipped_count,
                              "matched": matched})
        return ImportResult(statement.id, name, channel, statement.line_count, statement.skipped_count, matched,
                            statement.amount_fen, statement.fee_fen, statement.period_start, statement.period_end)

    try:
        return db.transact(work)
    except IntegrityError:  # only the file and its lines are unique here: imported elsewhere a moment ago
        raise Conflict(f"{name}: this statement (or a part of it) has just been imported elsewhere") from None


def _refuse_twice(session: Session, name: str, sha256: str, channel: str, parsed: ParsedStatement) -> None:
    earlier = session.execute(select(ReconStatement.id, ReconStatement.file_name, ReconStatement.created_at)
                              .where(ReconStatement.file_sha256 == sha256)).first()
    if earlier is not None:
        raise Conflict(f"{name}: this file was already imported as statement {earlier.id} ({earlier.file_name}, "
                       f"{to_local(earlier.created_at):%Y-%m-%d %H:%M})")
    times = [line.occurred_at for line in parsed.lines]
    existing = session.execute(
        select(ReconLine.kind, ReconLine.reference, ReconLine.refund_no, ReconLine.statement_id).where(
            ReconLine.channel == channel, ReconLine.occurred_at >= min(times) - SLACK,
            ReconLine.occurred_at <= max(times) + SLACK))
    known = {(kind, ref, refund_no): statement_id for kind, ref, refund_no, statement_id in existing}
    for line in parsed.lines:
        statement_id = known.get((line.kind, line.reference, line.refund_no))
        if statement_id is not None:
            overlap = sum((l.kind, l.reference, l.refund_no) in known for l in parsed.lines)
            raise Conflict(f"{name}: {overlap} of its lines are already imported in statement {statement_id} "
                           f"(e.g. row {line.row_no}, transaction {line.reference}): the same statement cannot be "
                           "imported twice")


def _save(session: Session, actor: Actor, name: str, sha256: str, channel: str, preset: str,
          parsed: ParsedStatement) -> ReconStatement:
    lines = parsed.lines
    times = [line.occurred_at for line in lines]
    skipped = "\n".join(str(e) for e in parsed.errors)
    if parsed.error_count > len(parsed.errors):
        skipped += f"\n… and {parsed.error_count - len(parsed.errors)} more"
    statement = ReconStatement(
        channel=channel, preset=preset, file_name=name, file_sha256=sha256,
        period_start=_local_midnight_utc(min(times)), period_end=_local_midnight_utc(max(times), 1),
        line_count=len(lines), skipped_count=parsed.error_count, skipped_errors=skipped,
        amount_fen=sum(l.amount_fen if l.kind == "payment" else -l.amount_fen for l in lines),
        fee_fen=sum(l.fee_fen for l in lines), imported_by=actor.username, created_at=db_now(session))
    session.add(statement)
    session.flush()
    bulk_insert(session, "recon_lines", ("statement_id", "row_no", "channel", "kind", "reference", "refund_no",
                                         "order_no", "amount_fen", "fee_fen", "occurred_at"),
                [(statement.id, l.row_no, channel, l.kind, l.reference, l.refund_no, l.order_no, l.amount_fen,
                  l.fee_fen, l.occurred_at) for l in lines])
    return statement


def refresh(db, actor: Actor) -> int:
    """Match what is still open on every channel (new payments may have arrived); returns the
    number of new matches. Two counters refreshing at once: a pair the other one recorded
    first is skipped (see match_channel)."""
    require(actor, "reconcile.run")

    def work(session: Session) -> int:
        window = window_in(session)
        open_channels = [c for (c,) in session.execute(text(
            "SELECT DISTINCT l.channel FROM recon_lines l LEFT JOIN recon_matches m ON m.line_id = l.id "
            "WHERE m.id IS NULL"))]
        return sum(match_channel(session, c, window) for c in open_channels if c in CHANNELS)
    return db.transact(work)

"""Our side of the reconciliation and the matching pass over the database: load the open
statement lines of a channel and our unmatched payments around them (two or three queries),
pair them in memory, insert the pairs in one statement. Cheap when nothing is open, so the
screen runs it whenever new payments arrive."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from app.db.clock import db_now
from app.reconcile.matching import DEFAULT_WINDOW, Ours, Theirs, match
from app.reconcile.models import ReconMatch

SLACK = timedelta(days=1)   # our payments this far around a statement's lines are candidates

_OPEN_LINES = text(
    "SELECT l.id, l.kind, l.reference, l.order_no, l.amount_fen, l.occurred_at FROM recon_lines l "
    "LEFT JOIN recon_matches m ON m.line_id = l.id WHERE l.channel = :channel AND m.id IS NULL")
_OUR_RECHARGES = text(
    "SELECT r.id, r.reference, r.receipt_no, r.amount_fen, r.created_at FROM recharges r "
    "LEFT JOIN recon_matches m ON m.recharge_id = r.id "
    "WHERE r.method = :channel AND r.created_at >= :t0 AND r.created_at < :t1 AND m.id IS NULL")
_OUR_REVERSALS = text(
    "SELECT v.id, r.reference, v.receipt_no, r.amount_fen, v.created_at FROM recharge_reversals v "
    "JOIN recharges r ON r.id = v.recharge_id LEFT JOIN recon_matches m ON m.reversal_id = v.id "
    "WHERE r.method = :channel AND v.created_at >= :t0 AND v.created_at < :t1 AND m.id IS NULL")


def as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def match_channel(session: Session, channel: str, window: timedelta = DEFAULT_WINDOW) -> int:
    """Pair what is still open on `channel`; returns the number of new matches."""
    lines = [Theirs(i, kind, ref, order_no, amount, as_datetime(at))
             for i, kind, ref, order_no, amount, at in session.execute(_OPEN_LINES, {"channel": channel})]
    if not lines:
        return 0
    span = {"channel": channel, "t0": min(t.at for t in lines) - SLACK, "t1": max(t.at for t in lines) + SLACK}
    ours = [Ours("payment", i, ref, receipt, amount, as_datetime(at))
            for i, ref, receipt, amount, at in session.execute(_OUR_RECHARGES, span)]
    ours += [Ours("refund", i, ref, receipt, amount, as_datetime(at))
             for i, ref, receipt, amount, at in session.execute(_OUR_REVERSALS, span)]
    if not ours:
        return 0
    pairs = match(lines, ours, window)
    if pairs:
        now = db_now(session)
        session.execute(insert(ReconMatch.__table__), [
            {"line_id": p.line_id, "recharge_id": p.our_id if p.kind == "payment" else None,
             "reversal_id": p.our_id if p.kind == "refund" else None, "method": p.method, "created_at": now}
            for p in pairs])
    return len(pairs)

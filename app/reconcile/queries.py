"""What the reconciliation shows: a summary by outcome, and the difference items (open ones,
or all with their resolutions). Items are read with a few set queries, never one per row.

Outcomes: matched (closed), amount_mismatch (a matched line whose amount differs from ours),
missing_ours (on a statement, not in our books), missing_channel (our payment within a
statement's period of its channel, on none of its statements). An item is open until it is
matched or resolved. Keys: L<line id>, R<recharge id>, V<reversal id>. The list of items is
capped (a limit); the summary counts them all, with the same conditions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db.rawsql import as_datetime
from app.reconcile.formats import CHANNELS

ITEMS_MAX = 100_000
OUTCOMES = ("missing_ours", "missing_channel", "amount_mismatch")


@dataclass(frozen=True)
class Item:
    key: str
    outcome: str
    channel: str
    kind: str                   # payment | refund
    reference: str
    at: datetime                # naive UTC: the channel's time, or ours when the channel has none
    channel_fen: int | None
    ours_fen: int | None
    fee_fen: int
    receipt_no: str
    statement_id: int | None
    row_no: int | None
    note: str | None
    resolved_by: str | None


@dataclass(frozen=True)
class Summary:
    statements: int
    lines: int
    matched: int
    matched_fen: int
    fee_fen: int
    open_by_outcome: dict[str, int]
    resolved: int


_LINE_FROM = """
FROM recon_lines l
LEFT JOIN recon_matches m ON m.line_id = l.id
LEFT JOIN recharges r ON r.id = m.recharge_id
LEFT JOIN recharge_reversals v ON v.id = m.reversal_id
LEFT JOIN recharges rr ON rr.id = v.recharge_id
LEFT JOIN recon_resolutions res ON res.item_kind = 'line' AND res.item_id = l.id
WHERE (m.id IS NULL OR COALESCE(r.amount_fen, rr.amount_fen) <> l.amount_fen) {extra}"""
_LINE_ITEMS = """
SELECT l.id, l.channel, l.kind, l.reference, l.occurred_at, l.amount_fen, l.fee_fen, l.statement_id, l.row_no,
       m.id AS match_id, COALESCE(r.amount_fen, rr.amount_fen) AS ours_fen,
       COALESCE(r.receipt_no, v.receipt_no) AS receipt_no, res.note, res.resolved_by""" + _LINE_FROM + """
ORDER BY l.occurred_at, l.id LIMIT :limit"""

_COVERED = ("EXISTS (SELECT 1 FROM recon_statements s WHERE s.channel = r.method AND s.period_start <= {t} "
            "AND {t} < s.period_end)")
_RECHARGE_FROM = f"""
FROM recharges r
LEFT JOIN recon_matches m ON m.recharge_id = r.id
LEFT JOIN recon_resolutions res ON res.item_kind = 'recharge' AND res.item_id = r.id
WHERE r.method IN ('bank_card', 'wechat', 'alipay', 'bank_transfer') AND m.id IS NULL
  AND {_COVERED.format(t="r.created_at")} {{extra}}"""
_RECHARGE_ITEMS = """
SELECT r.id, r.method, r.reference, r.created_at, r.amount_fen, r.receipt_no, res.note, res.resolved_by""" + \
    _RECHARGE_FROM + """
ORDER BY r.created_at, r.id LIMIT :limit"""
_REVERSAL_FROM = f"""
FROM recharge_reversals v
JOIN recharges r ON r.id = v.recharge_id
LEFT JOIN recon_matches m ON m.reversal_id = v.id
LEFT JOIN recon_resolutions res ON res.item_kind = 'reversal' AND res.item_id = v.id
WHERE r.method IN ('bank_card', 'wechat', 'alipay', 'bank_transfer') AND m.id IS NULL
  AND {_COVERED.format(t="v.created_at")} {{extra}}"""
_REVERSAL_ITEMS = """
SELECT v.id, r.method, r.reference, v.created_at, r.amount_fen, v.receipt_no, res.note, res.resolved_by""" + \
    _REVERSAL_FROM + """
ORDER BY v.created_at, v.id LIMIT :limit"""
# (outcome, resolved 0/1, how many): the items above, counted
_RESOLVED = "CASE WHEN res.id IS NULL THEN 0 ELSE 1 END"
_COUNTS = (
    f"SELECT CASE WHEN m.id IS NULL THEN 'missing_ours' ELSE 'amount_mismatch' END, {_RESOLVED}, COUNT(*)"
    f"{_LINE_FROM} GROUP BY 1, 2",
    f"SELECT 'missing_channel', {_RESOLVED}, COUNT(*){_RECHARGE_FROM} GROUP BY 2",
    f"SELECT 'missing_channel', {_RESOLVED}, COUNT(*){_REVERSAL_FROM} GROUP BY 2")


def items(session: Session, *, open_only: bool = True, channel: str | None = None, key: str | None = None,
          limit: int = ITEMS_MAX) -> list[Item]:
    """Differences ordered by time; `key` restricts to one item."""
    assert channel is None or channel in CHANNELS
    params: dict = {"limit": limit, "channel": channel}
    kind, item_id = (key[0], int(key[1:])) if key else (None, None)
    params["item_id"] = item_id

    def extra(channel_col: str, id_col: str) -> str:
        return _extra(channel_col, channel, open_only=open_only, id_col=id_col if key else None)

    found: list[Item] = []
    if kind in (None, "L"):
        for row in session.execute(text(_LINE_ITEMS.format(extra=extra("l.channel", "l.id"))), params):
            outcome = "missing_ours" if row.match_id is None else "amount_mismatch"
            found.append(Item(f"L{row.id}", outcome, row.channel, row.kind, row.reference, as_datetime(row.occurred_at),
                              row.amount_fen, row.ours_fen, row.fee_fen, row.receipt_no or "", row.statement_id,
                              row.row_no, row.note, row.resolved_by))
    for prefix, sql, item_kind in (("R", _RECHARGE_ITEMS, "payment"), ("V", _REVERSAL_ITEMS, "refund")):
        if kind not in (None, prefix):
            continue
        id_col = "r.id" if prefix == "R" else "v.id"
        for row in session.execute(text(sql.format(extra=extra("r.method", id_col))), params):
            found.append(Item(f"{prefix}{row.id}", "missing_channel", row.method, item_kind, row.reference,
                              as_datetime(row.created_at), None, row.amount_fen, 0, row.receipt_no, None, None, row.note,
                              row.resolved_by))
    found.sort(key=lambda i: (i.at, i.key))
    return found[:limit]


def _extra(channel_col: str, channel: str | None, *, open_only: bool = False, id_col: str | None = None) -> str:
    parts = [" AND res.id IS NULL"] if open_only else []
    if channel:
        parts.append(f" AND {channel_col} = :channel")
    if id_col:
        parts.append(f" AND {id_col} = :item_id")
    return "".join(parts)


def counts(session: Session, channel: str | None = None) -> tuple[dict[str, int], int]:
    """The differences, all counted (not capped as the items are): open ones by outcome, and
    how many are resolved."""
    assert channel is None or channel in CHANNELS
    open_by = {outcome: 0 for outcome in OUTCOMES}
    resolved = 0
    for sql, channel_col in zip(_COUNTS, ("l.channel", "r.method", "r.method")):
        for outcome, is_resolved, n in session.execute(text(sql.format(extra=_extra(channel_col, channel))),
                                                       {"channel": channel}):
            if is_resolved:
                resolved += n
            else:
                open_by[outcome] += n
    return open_by, resolved


def summary(session: Session, channel: str | None = None) -> Summary:
    assert channel is None or channel in CHANNELS
    where = " WHERE l.channel = :channel" if channel else ""
    row = session.execute(text(
        "SELECT COUNT(l.id), COALESCE(SUM(l.fee_fen), 0), "
        "SUM(CASE WHEN COALESCE(r.amount_fen, rr.amount_fen) = l.amount_fen THEN 1 ELSE 0 END), "
        "COALESCE(SUM(CASE WHEN COALESCE(r.amount_fen, rr.amount_fen) = l.amount_fen THEN l.amount_fen END), 0) "
        "FROM recon_lines l LEFT JOIN recon_matches m ON m.line_id = l.id "
        "LEFT JOIN recharges r ON r.id = m.recharge_id LEFT JOIN recharge_reversals v ON v.id = m.reversal_id "
        "LEFT JOIN recharges rr ON rr.id = v.recharge_id" + where), {"channel": channel}).one()
    statements = session.execute(text("SELECT COUNT(*) FROM recon_statements" +
                                      (" WHERE channel = :channel" if channel else "")), {"channel": channel}).scalar()
    open_by, resolved = counts(session, channel)
    return Summary(statements, row[0], row[2] or 0, int(row[3]), int(row[1]), open_by, resolved)


def stamp(session: Session) -> tuple:
    """Changes when a payment, reversal, statement, match or resolution is added: the screen
    polls this (primary-key maxima, cheap) and reloads only when it moved."""
    return tuple(session.execute(text(
        "SELECT (SELECT MAX(id) FROM recharges), (SELECT MAX(id) FROM recharge_reversals), "
        "(SELECT MAX(id) FROM recon_statements), (SELECT MAX(id) FROM recon_matches), "
        "(SELECT MAX(id) FROM recon_resolutions)")).one())

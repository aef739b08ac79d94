"""Pairing statement lines with our payments, in memory (dict look-ups, one sort): first by the
channel's transaction number, then by our receipt number given as the merchant order number,
then by the same amount within a time window (same kind, one-to-one, the nearest in time; ties
to the lower id, so the result never depends on the order rows arrived in)."""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True)
class Theirs:
    line_id: int
    kind: str           # payment | refund
    reference: str
    order_no: str | None
    amount_fen: int
    at: datetime


@dataclass(frozen=True)
class Ours:
    kind: str           # payment (a recharge) | refund (a reversal)
    our_id: int         # recharge id or reversal id
    reference: str
    receipt_no: str
    amount_fen: int
    at: datetime


@dataclass(frozen=True)
class Pair:
    line_id: int
    kind: str
    our_id: int
    method: str         # reference | order_no | amount_time


def match(lines: list[Theirs], ours: list[Ours], window: timedelta = DEFAULT_WINDOW) -> list[Pair]:
    pairs: list[Pair] = []
    by_reference = {(o.kind, o.reference): o for o in ours}
    by_receipt = {(o.kind, o.receipt_no): o for o in ours}
    used: set[tuple[str, int]] = set()
    rest: list[Theirs] = []
    for line in sorted(lines, key=lambda t: t.line_id):
        found = by_reference.get((line.kind, line.reference))
        method = "reference"
        if found is None or (found.kind, found.our_id) in used:
            found = by_receipt.get((line.kind, line.order_no)) if line.order_no else None
            method = "order_no"
        if found is None or (found.kind, found.our_id) in used:
            rest.append(line)
            continue
        used.add((found.kind, found.our_id))
        pairs.append(Pair(line.line_id, line.kind, found.our_id, method))
    pairs.extend(_by_amount_and_time(rest, [o for o in ours if (o.kind, o.our_id) not in used], window))
    return pairs


def _by_amount_and_time(lines: list[Theirs], ours: list[Ours], window: timedelta) -> list[Pair]:
    pool: dict[tuple[str, int], list[tuple[datetime, int]]] = defaultdict(list)
    for o in ours:
        pool[(o.kind, o.amount_fen)].append((o.at, o.our_id))
    for candidates in pool.values():
        candidates.sort()
    taken: set[tuple[str, int]] = set()
    pairs = []
    for line in sorted(lines, key=lambda t: (t.at, t.line_id)):
        candidates = pool.get((line.kind, line.amount_fen))
        if not candidates:
            continue
        best = None
        i = bisect.bisect_left(candidates, (line.at - window, -1))
        while i < len(candidates) and candidates[i][0] <= line.at + window:
            at, our_id = candidates[i]
            if (line.kind, our_id) not in taken:
                rank = (abs(at - line.at), our_id)
                if best is None or rank < best:
                    best = rank
            i += 1
        if best is not None:
            taken.add((line.kind, best[1]))
            pairs.append(Pair(line.line_id, line.kind, best[1], "amount_time"))
    return pairs

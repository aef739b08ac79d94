"""Document numbers: kind letter + local date + running number of the day, E2611230042.
Given inside the transaction that uses them, so a rolled-back charge leaves no gap-free
promise broken (numbers of rolled-back charges are reused) and two counters never share one."""
from __future__ import annotations

from datetime import datetime

from app.db.clock import to_local
from app.db.rawsql import Sql

# entry voucher, refund voucher, recharge receipt, recharge reversal, account closure, handover,
# cash drop or pay-out slip
KINDS = ("E", "R", "C", "X", "K", "H", "D")
DIGITS_MIN = 4

_NEXT = Sql("INSERT INTO voucher_sequences (kind, day, last) VALUES (:kind, :day, 1) "
            "ON CONFLICT (kind, day) DO UPDATE SET last = voucher_sequences.last + 1 RETURNING last")


def next_voucher_no(tx, kind: str, now_utc: datetime) -> str:
    assert kind in KINDS
    day = to_local(now_utc).strftime("%y%m%d")
    n = _NEXT.run(tx, dict(kind=kind, day=day)).scalar()
    assert n and n > 0
    return f"{kind}{day}{n:0{DIGITS_MIN}d}"

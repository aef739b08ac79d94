"""Reconciliation of a 100 000-line statement (`python -m bench.finance_reconcile`): 100 000
WeChat payments in our books (bulk-inserted), a WeChat Pay bill of 100 000 lines for them (a
few with differences), timed from the file on disk to the matches committed. Goal < 10 s.
`run()` is called by bench/finance.py."""
from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from app.auth import service as auth
from app.auth.passwords import use_test_cost
from app.db import migrate
from app.db.clock import db_now, to_local
from app.db.database import Database
from app.ledger.service import open_shift
from app.reconcile.report import overview
from app.reconcile.service import import_statement
from app.weighing import merchants

LINES = 100_000
BATCH = 20_000
COUNTER = "财务室"
HEADER = "交易时间,微信订单号,商户订单号,交易状态,订单金额,申请退款金额,手续费"


def _reference(i: int) -> str:
    return f"4200001234{i:018d}"


def seed_payments(db: Database, n: int, merchant, shift_id: int, operator_id: int) -> datetime:
    """n WeChat recharges, one a second up to the database's now, straight into the tables."""
    now = db.transact(db_now, readonly=True)
    first = now - timedelta(seconds=n)
    event_sql = text("INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, "
                     "created_at) VALUES (:event, 'bench', 'x', NULL, 'bench', 'bench', :t)")
    recharge_sql = text(
        "INSERT INTO recharges (receipt_no, event_id, merchant_id, account_id, method, reference, amount_fen, "
        "balance_before_fen, balance_after_fen, shift_id, counter, operator_id, operator_name, created_at) VALUES "
        "(:receipt, :event, :merchant, :account, 'wechat', :ref, :amount, 0, :amount, :shift, 'bench', :op, "
        "'bench', :t)")
    for start in range(0, n, BATCH):
        rows = [dict(event=f"bench-rc{i}", receipt=f"CB{i:08d}", merchant=merchant.id, account=merchant.account_id,
                     ref=_reference(i), amount=100 + i % 50_000, shift=shift_id, op=operator_id,
                     t=first + timedelta(seconds=i)) for i in range(start, min(n, start + BATCH))]
        with db.session() as s:
            s.execute(event_sql, rows)
            s.execute(recharge_sql, rows)
    return first


def write_bill(path: Path, n: int, first: datetime) -> Path:
    """The channel's view: every payment, but the last ten missing, ten amounts off, ten unknown."""
    lines = [HEADER]
    for i in range(n - 10):
        amount = 100 + i % 50_000 + (1 if i < 10 else 0)
        at = to_local(first + timedelta(seconds=i, milliseconds=400)).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"`{at},`{_reference(i)},`M{i},`SUCCESS,`{amount // 100}.{amount % 100:02d},`0.00,`0.01")
    for i in range(10):
        lines.append(f"`{to_local(first).strftime('%Y-%m-%d %H:%M:%S')},`{_reference(10 ** 9 + i)},`U{i},`SUCCESS,"
                     "`1.00,`0.00,`0.00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(db_url: str | None = None) -> dict:
    use_test_cost()
    tmp = Path(tempfile.mkdtemp(prefix="marketdesk-bench-"))
    db = Database(db_url or f"sqlite:///{tmp / 'reconcile.sqlite3'}")
    migrate.upgrade(db)
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    shift = open_shift(db, admin, 0)
    merchant = merchants.create_merchant(db, admin, kind="fixed", name="寿光蔬菜批发部")
    t0 = time.perf_counter()
    first = seed_payments(db, LINES, merchant, shift.id, admin.user_id)
    seed_s = time.perf_counter() - t0
    bill = write_bill(tmp / "wechat-bill.csv", LINES, first)
    t0 = time.perf_counter()
    result = import_statement(db, admin, bill, channel="wechat")
    reconcile_s = time.perf_counter() - t0
    summary = overview(db, admin, limit=100).summary
    db.dispose()
    assert result.lines == LINES and summary.open_by_outcome == {
        "missing_ours": 10, "missing_channel": 10, "amount_mismatch": 10}, summary
    return {"statement_lines": result.lines, "our_payments": LINES, "matched": result.matched,
            "reconcile_s": round(reconcile_s, 2), "goal_s": 10, "ok": reconcile_s < 10, "seed_s": round(seed_s, 2),
            "engine": db.engine.dialect.name}


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False))

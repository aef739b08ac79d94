"""Recharge-desk numbers (`python -m bench.recharge [--movements N]`), written to
bench/RESULTS.md (SQLite file):
- recharge confirm -> committed -> receipt at a loopback printer: p99 goal < 100 ms;
  baseline: one bare driver transaction inserting one row, same database, same run;
- the statement of an account with N movements (default 100 000): first page (goal
  < 100 ms), a page deep in the period (keyset: the same cost);
- the PDF of one month of that account (goal < 2 s)."""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from app.auth import service as auth
from app.auth.passwords import use_test_cost
from app.db import migrate
from app.db.database import Database
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.ledger.ids import new_event_id
from app.ledger.service import open_shift
from app.printing.branding import load_branding
from app.printing.worker import PrintWorker
from app.recharge.service import recharge
from app.recharge.statements import statement_page, statement_pdf
from app.weighing import merchants
from bench.results import replace_section
from bench.weigh import bare_commit, ms, p

COUNTER = "2号充值台"
RECHARGES = 200
BATCH = 20_000


def bulk_movements(db: Database, account_id: int, n: int, days: int = 300) -> tuple[datetime, datetime]:
    """n recharges straight into the ledger tables, spread over `days` up to now, with the
    account's counters kept equal to them (the statement reads transfers; verify would too)."""
    with db.session() as s:
        now = s.execute(text("SELECT max(created_at) FROM ledger_transfers")).scalar()
        source = s.execute(text("SELECT id FROM ledger_accounts WHERE key = 'clearing:bank_transfer'")).scalar()
    now = now if isinstance(now, datetime) else datetime.fromisoformat(now)
    first = now - timedelta(days=days)
    step = timedelta(days=days) / n
    event_sql = text("INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, "
                     "created_at) VALUES (:id, 'bench', 'x', NULL, 'bench', 'bench', :t)")
    transfer_sql = text(
        "INSERT INTO ledger_transfers (event_id, event_index, ledger, debit_account_id, credit_account_id, "
        "amount_fen, code, kind, pending_id, expires_at, ticket_ref, shift_id, operator_id, counter, memo, "
        "created_at) VALUES (:id, 0, 156, :src, :acc, 100, 'RECHARGE', 'posted', NULL, NULL, :ref, NULL, NULL, "
        "'bench', NULL, :t)")
    for start in range(0, n, BATCH):
        rows = [dict(id=f"bench-r{i}", src=source, acc=account_id, ref=f"B{i:08d}", t=first + step * i)
                for i in range(start, min(n, start + BATCH))]
        with db.session() as s:
            s.execute(event_sql, rows)
            s.execute(transfer_sql, rows)
    with db.session() as s:
        s.execute(text("UPDATE ledger_accounts SET credits_posted = credits_posted + :a WHERE id = :acc"),
                  {"a": 100 * n, "acc": account_id})
        s.execute(text("UPDATE ledger_accounts SET debits_posted = debits_posted + :a WHERE id = :src"),
                  {"a": 100 * n, "src": source})
    return first, now


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.recharge")
    ap.add_argument("--movements", type=int, default=100_000)
    args = ap.parse_args(argv)
    use_test_cost()
    tmp = Path(tempfile.mkdtemp(prefix="marketdesk-bench-"))
    db = Database(f"sqlite:///{tmp / 'recharge.sqlite3'}")
    migrate.upgrade(db)
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    auth.create_user(db, admin, "clerk", "充值员", "clerk-pass", "recharge_clerk")
    clerk = auth.login(db, "clerk", "clerk-pass", counter=COUNTER)
    open_shift(db, clerk, 0)
    busy = merchants.create_merchant(db, admin, kind="fixed", name="寿光蔬菜批发部")
    other = merchants.create_merchant(db, admin, kind="fixed", name="青州果品行")
    base = bare_commit(db)
    confirmed = []
    with FakeNetworkPrinter() as printer:
        settings = PrinterSettings(host="127.0.0.1", port=printer.port)
        worker = PrintWorker(db, COUNTER, lambda: [settings], lambda: load_branding(db))
        for i in range(RECHARGES + 10):
            start = time.perf_counter()
            recharge(db, clerk, other.id, amount_fen=100_00, method="wechat", reference=f"42000012342026112{i:011d}",
                     event_id=new_event_id())
            assert worker.run_once() == 1
            printer.wait_for_jobs(i + 1, 30)
            if i >= 10:
                confirmed.append(time.perf_counter() - start)
    started = time.perf_counter()
    first, last = bulk_movements(db, busy.account_id, args.movements)
    fill_s = time.perf_counter() - started
    whole = (first - timedelta(days=1), last + timedelta(days=1))
    first_page, deep_page = [], []
    cursor = None
    for _ in range(20):
        t0 = time.perf_counter()
        page = statement_page(db, clerk, busy.id, *whole, page_size=100)
        first_page.append(time.perf_counter() - t0)
        cursor = page.next_cursor
    middle = statement_page(db, clerk, busy.id, first + (last - first) / 2, whole[1], page_size=1)
    for _ in range(20):
        t0 = time.perf_counter()
        statement_page(db, clerk, busy.id, *whole, page_size=100, cursor=middle.next_cursor or cursor)
        deep_page.append(time.perf_counter() - t0)
    month = (last - timedelta(days=30), last + timedelta(seconds=1))
    t0 = time.perf_counter()
    pdf = statement_pdf(db, clerk, busy.id, *month, printed_at=datetime(2026, 11, 30, 18, 0), market_name="市场")
    pdf_s = time.perf_counter() - t0
    with db.session() as s:
        month_rows = s.execute(text("SELECT count(*) FROM ledger_transfers WHERE credit_account_id = :a "
                                    "AND created_at >= :t0 AND created_at < :t1"),
                               {"a": busy.account_id, "t0": month[0], "t1": month[1]}).scalar()
    db.dispose()
    lines = ["## Recharge desk (`python -m bench.recharge`)\n",
             f"{time.strftime('%Y-%m-%d')}, 2 cores, SQLite file. {RECHARGES} WeChat recharges to a loopback printer; "
             f"then {args.movements:,} movements bulk-loaded on one account over 300 days ({fill_s:.0f} s).\n",
             "| | p50 | p99 / max | goal |", "|---|---|---|---|",
             f"| bare transaction, one row (baseline) | {ms(statistics.median(base))} | {ms(p(base, .99))} | |",
             f"| recharge confirm → committed → receipt at the printer | {ms(statistics.median(confirmed))} | "
             f"{ms(p(confirmed, .99))} ({p(confirmed, .99) / p(base, .99):.1f}× baseline) | p99 < 100 ms |",
             f"| statement, first page (100 lines) | {ms(statistics.median(first_page))} | {ms(max(first_page))} "
             f"| < 100 ms |",
             f"| statement, a page in the middle of the period | {ms(statistics.median(deep_page))} | "
             f"{ms(max(deep_page))} | |",
             f"| PDF of the last month ({month_rows:,} movements, {len(pdf) // 1024} KB) | {pdf_s:.2f} s | | < 2 s |",
             ""]
    body = "\n".join(lines)
    replace_section("## Recharge desk", body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

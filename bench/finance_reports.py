"""Finance report numbers (`python -m bench.finance_reports [--pg URL] [--tickets N]`, or `run(url)`
from bench/finance.py): N tickets (default 1 000 000) over 30 local days, 30 % refunded at exit,
0.1 % voided, bulk-inserted; then the day report of one day (goal < 3 s) and the month report,
and writing the day report as PDF and XLSX. Prints JSON."""
from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from app.auth import service as auth
from app.auth.passwords import use_test_cost
from app.db import migrate
from app.db.database import Database
from app.db.rawsql import SQLITE_DATETIME_FORMAT, Sql, tx_of
from app.reports.books import day_report, month_report, write_pdf, write_xlsx
from app.reports.books.build import local_midnight_utc
from app.weighing import catalog
from bench.weigh import BATCH, COUNTER, plates, setup

DAYS = 30
FIRST_DAY = date(2026, 10, 1)
CATEGORIES = ("叶菜", "水果", "水产", "肉禽", "粮油")   # 蔬菜 comes from bench.weigh.setup
COUNTERS = tuple(f"{i}号收费台" for i in range(1, 5))
CASHIERS = 8
RUNS = 5
_EVENT = Sql("INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, created_at) "
             "VALUES (:id, :kind, 'x', :u, 'bench', :counter, :t)")
_TICKET = Sql(
    "INSERT INTO weigh_tickets (id, voucher_no, event_id, shift_id, counter, operator_id, operator_name, vehicle_id, "
    "plate, merchant_id, merchant_name, merchant_kind, commodity_id, commodity_name, category_id, price_id, "
    "unit_price_fen, rounding_fen, gross_g, tare_g, tare_source, fee_fen, paid_account_fen, paid_cash_fen, "
    "manual_weight, authorised_by, refundable_by_weight, scale_frames, created_at) VALUES (:id, :v, :e, :s, :counter, "
    ":u, 'bench', NULL, :plate, NULL, '临时户', 'temporary', :c, 'x', :cat, :price, 1500, 1, :gross, 10000000, "
    "'licensed', :fee, :account, :cash, false, NULL, true, '[]', :t)")
_REFUND = Sql(
    "INSERT INTO weigh_refunds (ticket_id, voucher_no, event_id, shift_id, counter, operator_id, operator_name, "
    "exit_weight_g, refund_fen, paid_to, manual_weight, authorised_by, scale_frames, created_at) VALUES (:id, :v, :e, "
    ":s, :counter, :u, 'bench', 12000000, :refund, :paid_to, false, NULL, '[]', :t)")
_VOID = Sql("INSERT INTO weigh_voids (ticket_id, event_id, operator_id, operator_name, authorised_by, reason, "
            "created_at) VALUES (:id, :e, :u, 'bench', NULL, 'bench', :t)")


def _catalog(db: Database, admin) -> list[tuple[int, int, int]]:
    """(commodity, category, price) of 20 commodities in 5 categories."""
    for c, name in enumerate(CATEGORIES):
        category = catalog.create_category(db, admin, name)
        for i in range(4):
            catalog.create_commodity(db, admin, category.id, f"{name}{i + 1}号", 1000 + 100 * i)
    with db.session() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT c.id, c.category_id, p.id FROM commodities c JOIN prices p ON p.commodity_id = c.id")).all()]


def _cashiers(db: Database, admin) -> list[int]:
    for i in range(CASHIERS):
        auth.create_user(db, admin, f"bench{i}", f"收费员{i}", "bench-pass", "cashier")
    with db.session() as s:
        return [r[0] for r in s.execute(text("SELECT id FROM users WHERE username LIKE 'bench%'")).all()]


def seed(db: Database, n_tickets: int) -> None:
    admin, _cashier, _cabbage, _merchant = setup(db)
    goods, users = _catalog(db, admin), _cashiers(db, admin)
    with db.session() as s:
        shift = s.execute(text("SELECT id FROM shifts LIMIT 1")).scalar()
    rng = random.Random(11)
    start = local_midnight_utc(FIRST_DAY)
    step_s = DAYS * 86400 / n_tickets
    all_plates = plates(5000)
    for first in range(0, n_tickets, BATCH):
        events, tickets, refunds, voids = [], [], [], []
        for i in range(first + 1, min(n_tickets, first + BATCH) + 1):
            at = start + timedelta(seconds=i * step_s)
            commodity, category, price = goods[i % len(goods)]
            counter, user = COUNTERS[i % len(COUNTERS)], users[i % len(users)]
            gross = 20_000_000 + rng.randrange(20_000_000)
            fee = (gross - 10_000_000) * 15 // 1_000_000
            account = fee if i % 3 == 0 else 0
            events.append(dict(id=f"t{i}", kind="weigh.entry", u=user, counter=counter, t=at))
            tickets.append(dict(id=i, v=f"E{i:010d}", e=f"t{i}", s=shift, counter=counter, u=user,
                                plate=all_plates[i % len(all_plates)], c=commodity, cat=category, price=price,
                                gross=gross, fee=fee, account=account, cash=fee - account, t=at))
            later = at + timedelta(minutes=30)
            if i % 1000 == 7:
                events.append(dict(id=f"v{i}", kind="weigh.void", u=user, counter=counter, t=later))
                voids.append(dict(id=i, e=f"v{i}", u=user, t=later))
            elif i % 10 < 3 and fee > 30:
                events.append(dict(id=f"r{i}", kind="weigh.exit", u=user, counter=counter, t=later))
                refunds.append(dict(id=i, v=f"X{i:010d}", e=f"r{i}", s=shift, counter=counter, u=user,
                                    refund=fee // 3, paid_to="account" if account else "cash", t=later))
        with db.session() as s:
            for sql, rows in ((_EVENT, events), (_TICKET, tickets), (_REFUND, refunds), (_VOID, voids)):
                if rows:
                    _many(s, sql, rows)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if db.kind == "postgresql" else "ANALYZE"))


def _many(session, sql: Sql, rows: list[dict]) -> None:
    """One executemany through the driver (times as the app stores them on SQLite)."""
    tx = tx_of(session)
    pg = tx.dialect_name == "postgresql"
    if not pg:
        rows = [{k: v.strftime(SQLITE_DATETIME_FORMAT) if isinstance(v, datetime) else v for k, v in r.items()}
                for r in rows]
    cursor = tx.driver.cursor()
    try:
        cursor.executemany(sql.postgresql if pg else sql.sqlite, rows)
    finally:
        cursor.close()


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def run(db_url: str | None = None, n_tickets: int = 1_000_000) -> dict:
    """Seed a fresh database at `db_url` (default: a temporary SQLite file) and measure."""
    use_test_cost()
    url = db_url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='marketdesk-bench-')) / 'finance.sqlite3'}"
    db = Database(url)
    try:
        migrate.upgrade(db)
        seed_s, _ = _timed(lambda: seed(db, n_tickets))
        admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
        day = FIRST_DAY + timedelta(days=DAYS // 2)
        days = [_timed(lambda: day_report(db, admin, day)) for _ in range(RUNS)]
        report = days[-1][1]
        month_s, month = _timed(lambda: month_report(db, admin, FIRST_DAY.year, FIRST_DAY.month))
        out = Path(tempfile.mkdtemp(prefix="marketdesk-bench-out-"))
        pdf_s, _ = _timed(lambda: write_pdf(report, out / "day.pdf"))
        xlsx_s, _ = _timed(lambda: write_xlsx(report, out / "day.xlsx"))
        with db.session() as s:
            total = s.execute(text("SELECT COUNT(*) FROM weigh_tickets")).scalar()
        return {"database": db.kind, "tickets": int(total), "seed_s": round(seed_s, 1),
                "day_tickets": report.total.tickets, "day_report_s": round(statistics.median(t for t, _ in days), 3),
                "day_report_max_s": round(max(t for t, _ in days), 3), "month_tickets": month.total.tickets,
                "month_report_s": round(month_s, 3), "day_pdf_s": round(pdf_s, 3), "day_xlsx_s": round(xlsx_s, 3)}
    finally:
        db.dispose()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.finance_reports")
    ap.add_argument("--db", help="database URL of an EMPTY database (default: a temporary SQLite file)")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.db, args.tickets), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

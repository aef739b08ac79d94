"""Weigh-desk numbers (`python -m bench.weigh [--pg URL] [--tickets N] [--vehicles N]`),
written to bench/RESULTS.md:
- confirm -> committed -> voucher bytes at a loopback printer (charge_entry, then the print
  worker sends the job): p99 goal < 100 ms, on SQLite and PostgreSQL; baseline: one bare
  driver transaction inserting one row, same database, same run;
- with N tickets (default 1 000 000) and M vehicles (default 100 000): plate search
  (goal < 50 ms) and what the desk reads when it opens (goal < 1 s)."""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.auth import service as auth
from app.auth.passwords import use_test_cost
from app.db import migrate
from app.db.database import Database
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, open_shift
from app.printing.branding import load_branding
from app.printing.worker import PrintWorker
from app.weighing import catalog, merchants, search, tickets, vehicles
from app.weighing.capture import ScaleCapture
from app.weighing.entry import EntryDraft, charge_entry, quote_entry
from bench.results import replace_section

COUNTER = "1号收费台"
CHARGES = 200
SEARCHES = 200
PROVINCES = "鲁京苏浙粤豫冀"
BATCH = 20_000


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"


def setup(db: Database):
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    auth.create_user(db, admin, "cash1", "收费员", "cash-pass", "cashier")
    cashier = auth.login(db, "cash1", "cash-pass", counter=COUNTER)
    open_shift(db, cashier, 1000_00)
    veg = catalog.create_category(db, admin, "蔬菜")
    cabbage = catalog.create_commodity(db, admin, veg.id, "大白菜", 1500)
    merchant = merchants.create_merchant(db, admin, kind="fixed", name="寿光蔬菜批发部")
    vehicles.save_vehicle(db, admin, "鲁G12345", merchant_id=merchant.id, licensed_tare_g=12_000_000)
    return admin, cashier, cabbage.id, merchant.id


def plates(n: int) -> list[str]:
    rng = random.Random(7)
    out, seen = [], set()
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    while len(out) < n:
        plate = rng.choice(PROVINCES) + rng.choice(letters) + "".join(rng.choice("0123456789" + letters)
                                                                      for _ in range(5))
        if plate not in seen:
            seen.add(plate)
            out.append(plate)
    return out


def bulk_fill(db: Database, n_vehicles: int, n_tickets: int, commodity_id: int, merchant_id: int) -> list[str]:
    """Vehicles and old tickets (of an old shift) written straight into the tables: the
    benchmark needs volume, not a million charges through the services."""
    all_plates = plates(n_vehicles)
    with db.session() as s:
        now = s.execute(text("SELECT created_at FROM prices LIMIT 1")).scalar()
        ids = s.execute(text("SELECT c.category_id, p.id FROM commodities c JOIN prices p ON p.commodity_id = c.id "
                             "WHERE c.id = :c"), {"c": commodity_id}).one()
        user_id = s.execute(text("SELECT id FROM users WHERE username = 'cash1'")).scalar()
        drawer = s.execute(text("SELECT drawer_account_id FROM shifts LIMIT 1")).scalar()
        old_shift = s.execute(text("INSERT INTO shifts (user_id, counter, opening_float_fen, drawer_account_id, "
                                   "opened_at, closed_at) VALUES (:u, 'old', 0, :d, :t, :t) RETURNING id"),
                              {"u": user_id, "d": drawer, "t": now}).scalar()
    vehicle_sql = text("INSERT INTO vehicles (plate, merchant_id, vehicle_type_id, licensed_tare_g, "
                       "weigh_tare_at_exit, last_commodity_id, created_at, updated_at) "
                       "VALUES (:plate, :m, NULL, 9000000, false, :c, :t, :t)")
    for start in range(0, n_vehicles, BATCH):
        with db.session() as s:
            s.execute(vehicle_sql, [dict(plate=pl, m=merchant_id if i % 5 == 0 else None, c=commodity_id, t=now)
                                    for i, pl in enumerate(all_plates[start:start + BATCH])])
    event_sql = text("INSERT INTO ledger_events (id, kind, content_hash, operator_id, operator_name, counter, "
                     "created_at) VALUES (:id, 'weigh.entry', 'x', :u, 'cash1', 'old', :t)")
    ticket_sql = text(
        "INSERT INTO weigh_tickets (voucher_no, event_id, shift_id, counter, operator_id, operator_name, vehicle_id, "
        "plate, merchant_id, merchant_name, merchant_kind, commodity_id, commodity_name, category_id, price_id, "
        "unit_price_fen, rounding_fen, gross_g, tare_g, tare_source, fee_fen, paid_account_fen, paid_cash_fen, "
        "manual_weight, authorised_by, refundable_by_weight, scale_frames, created_at) VALUES (:v, :e, :s, 'old', "
        ":u, 'cash1', NULL, :plate, NULL, '临时户', 'temporary', :c, '大白菜', :cat, :price, 1500, 1, 30000000, "
        "10000000, 'licensed', 30000, 0, 30000, false, NULL, false, '[]', :t)")
    for start in range(0, n_tickets, BATCH):
        batch = range(start, min(n_tickets, start + BATCH))
        events = [dict(id=f"bench-{i}", u=user_id, t=now) for i in batch]
        rows = [dict(v=f"B{i:010d}", e=f"bench-{i}", s=old_shift, u=user_id, plate=all_plates[i % n_vehicles],
                     c=commodity_id, cat=ids[0], price=ids[1], t=now) for i in batch]
        with db.session() as s:
            s.execute(event_sql, events)
            s.execute(ticket_sql, rows)
    if db.kind == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return all_plates


def charge_to_printer(db: Database, cashier, commodity_id: int) -> list[float]:
    latencies = []
    with FakeNetworkPrinter() as printer:
        settings = PrinterSettings(host="127.0.0.1", port=printer.port)
        worker = PrintWorker(db, COUNTER, lambda: [settings], lambda: load_branding(db))
        draft = EntryDraft("鲁G12345", commodity_id, 32_000_000, all_cash=True)
        capture = ScaleCapture(32_000_000, (("2026-11-23T08:00:00", "022b303033323030303031410d"),))
        for i in range(CHARGES + 10):
            q = quote_entry(db, cashier, draft)   # shown before the cashier presses Enter
            start = time.perf_counter()
            charge_entry(db, cashier, draft, event_id=new_event_id(), capture=capture, fee_fen_shown=q.fee_fen,
                         cash_fen=q.fee_fen)
            assert worker.run_once() == 1
            printer.wait_for_jobs(i + 1, 30)
            if i >= 10:
                latencies.append(time.perf_counter() - start)
    return latencies


def bare_commit(db: Database) -> list[float]:
    with db.session() as s:
        key = "id INTEGER PRIMARY KEY" if db.kind == "sqlite" else "id BIGSERIAL PRIMARY KEY"
        s.execute(text(f"CREATE TABLE IF NOT EXISTS bench_bare ({key}, v TEXT)"))
    out = []
    for i in range(CHARGES):
        start = time.perf_counter()
        with db.raw_transaction() as tx:
            cur = tx.driver.cursor()
            cur.execute("INSERT INTO bench_bare (v) VALUES ('x')")
            cur.close()
        out.append(time.perf_counter() - start)
    return out


def searches(db: Database, all_plates: list[str]) -> list[float]:
    rng = random.Random(3)
    out = []
    for _ in range(SEARCHES):
        plate = rng.choice(all_plates)
        fragment = plate[-rng.choice((3, 4, 5)):]
        start = time.perf_counter()
        hits = search.search(db, fragment)
        out.append(time.perf_counter() - start)
        assert hits, fragment
    return out


def desk_open(db: Database, cashier) -> list[float]:
    out = []
    for _ in range(20):
        start = time.perf_counter()
        shift = current_shift(db, cashier)
        tickets.shift_tickets(db, shift.id)
        tickets.shift_totals(db, shift.id)
        catalog.list_catalog(db)
        vehicles.list_vehicle_types(db)
        out.append(time.perf_counter() - start)
    return out


def run(url: str, n_tickets: int, n_vehicles: int) -> dict:
    db = Database(url)
    migrate.upgrade(db)
    admin, cashier, commodity_id, merchant_id = setup(db)
    base = bare_commit(db)
    started = time.perf_counter()
    all_plates = bulk_fill(db, n_vehicles, n_tickets, commodity_id, merchant_id)
    fill_s = time.perf_counter() - started
    charged = charge_to_printer(db, cashier, commodity_id)   # with the million tickets in place
    found = searches(db, all_plates)
    opened = desk_open(db, cashier)
    db.dispose()
    return dict(base=base, charged=charged, found=found, opened=opened, fill_s=fill_s)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.weigh")
    ap.add_argument("--pg", help="PostgreSQL URL (default: a throwaway cluster)")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--vehicles", type=int, default=100_000)
    args = ap.parse_args(argv)
    use_test_cost()
    from tests.pg_cluster import PgCluster
    cluster = None
    pg_url = args.pg
    if not pg_url:
        cluster = PgCluster()
        pg_url = cluster.start()
    results = {}
    try:
        tmp = Path(tempfile.mkdtemp(prefix="marketdesk-bench-"))
        results["SQLite"] = run(f"sqlite:///{tmp / 'weigh.sqlite3'}", args.tickets, args.vehicles)
        admin = Database(pg_url)
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("DROP DATABASE IF EXISTS md_weigh WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE md_weigh"))
        admin.dispose()
        results["PostgreSQL"] = run(make_url(pg_url).set(database="md_weigh").render_as_string(hide_password=False),
                                    args.tickets, args.vehicles)
    finally:
        if cluster:
            cluster.stop()
    server = "a throwaway local cluster (fsync off)" if cluster else "the given server"
    lines = ["## Weigh desk (`python -m bench.weigh`)\n",
             f"{time.strftime('%Y-%m-%d')}, 2 cores; PostgreSQL: {server}. {args.tickets:,} tickets and "
             f"{args.vehicles:,} vehicles bulk-loaded first; then {CHARGES} charges of a known vehicle, "
             f"{SEARCHES} searches by plate fragment, 20 desk openings.\n",
             "| | SQLite | PostgreSQL |", "|---|---|---|"]
    row = lambda label, f: lines.append(f"| {label} | " + " | ".join(f(results[k]) for k in results) + " |")  # noqa
    row("bare transaction, one row (baseline) p50 / p99", lambda r: f"{ms(statistics.median(r['base']))} / "
                                                                    f"{ms(p(r['base'], .99))}")
    row("confirm → committed → voucher at the printer p50 / p99 (goal p99 < 100 ms)",
        lambda r: f"{ms(statistics.median(r['charged']))} / {ms(p(r['charged'], .99))}")
    row("… as a multiple of the baseline (p99)", lambda r: f"{p(r['charged'], .99) / p(r['base'], .99):.1f}×")
    row("plate search p50 / p99 (goal < 50 ms)", lambda r: f"{ms(statistics.median(r['found']))} / "
                                                          f"{ms(p(r['found'], .99))}")
    row("desk opens (shift, its tickets, totals, catalog, vehicle types) p50 / max (goal < 1 s)",
        lambda r: f"{ms(statistics.median(r['opened']))} / {ms(max(r['opened']))}")
    row("bulk load time", lambda r: f"{r['fill_s']:.0f} s")
    body = "\n".join(lines) + "\n"
    replace_section("## Weigh desk", body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

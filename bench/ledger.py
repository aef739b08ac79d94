"""Ledger throughput against baselines measured in the same run; `ledger verify` scaling.

    python -m bench.ledger [--pg URL] [--events N] [--verify-max N]

SQLite: sequential fee events (3 transfers + audit entry, one commit each) vs raw sqlite3
with the same pragmas doing one INSERT per commit. PostgreSQL: 8 writer processes on distinct
and on shared accounts vs pgbench's TPC-B-like script, 8 clients, same server. Without --pg
a throwaway cluster is started (tests/pg_cluster.py). Results go to bench/RESULTS.md."""
from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.auth.actor import Actor
from app.db import migrate
from app.db.database import Database
from app.ledger import accounts
from app.ledger.codes import TransferCode as C
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit, verify_ledger
from bench.results import replace_section

OPERATOR = Actor(None, "bench", "bench", "bench", frozenset(), counter="bench")
PG_WRITERS = 8
WARM_UP_EVENTS = 20
START_TIMEOUT_S = 120.0


def fee_event(chart, i: int) -> EventRequest:
    m = chart["merchants"][i % len(chart["merchants"])]
    return EventRequest(new_event_id(), "fee", (
        NewTransfer(m, chart["income"], 12_34, C.FEE, ticket_ref=f"T{i}"),
        NewTransfer(chart["income"], chart["payable"], 1_23, C.SPLIT, ticket_ref=f"T{i}"),
        NewTransfer(chart["cash"], chart["income"], 5_00, C.FEE, ticket_ref=f"T{i}"),
    ))


def make_chart(db: Database, merchants: int) -> dict:
    tag = new_event_id()[-12:]

    def work(session):
        ids = [accounts.merchant_prepaid(session, f"b{tag}{i}", f"m{i}").id for i in range(merchants)]
        return {"merchants": ids, "income": accounts.fee_income(session, f"b{tag}", "bench").id,
                "payable": accounts.split_payable(session, f"b{tag}", "coop").id,
                "cash": accounts.ensure_account(session, accounts.AccountSpec(
                    f"bench:{tag}:cash", accounts.AccountCode.CHANNEL_CLEARING, "bench cash")).id,
                "source": accounts.clearing(session, "bank_transfer").id}
    chart = db.transact(work)
    for m in chart["merchants"]:
        submit(db, EventRequest(new_event_id(), "recharge", (
            NewTransfer(chart["source"], m, 10**11, C.RECHARGE),)), OPERATOR)
    return chart


SQLITE_ROUNDS = 5


def sqlite_rounds(tmp: Path, n: int) -> tuple[float, float]:
    """Baseline and ledger in alternating rounds (the disk's fsync speed drifts), medians."""
    raw = sqlite3.connect(str(tmp / "raw.sqlite3"), isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        raw.execute(f"PRAGMA {pragma}")
    raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, event TEXT, amount INTEGER)")
    db = Database(f"sqlite:///{tmp / 'ledger.sqlite3'}")
    migrate.upgrade(db)
    chart = make_chart(db, 20)
    base, ours = [], []
    per_round = max(1, n // SQLITE_ROUNDS)
    for r in range(SQLITE_ROUNDS):
        start = time.perf_counter()
        for i in range(per_round):
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO t (event, amount) VALUES (?, ?)", (new_event_id(), i))
            raw.execute("COMMIT")
        base.append(per_round / (time.perf_counter() - start))
        start = time.perf_counter()
        for i in range(per_round):
            submit(db, fee_event(chart, r * per_round + i), OPERATOR)
        ours.append(per_round / (time.perf_counter() - start))
    raw.close()
    db.dispose()
    return statistics.median(base), statistics.median(ours)


def _pg_writer(url: str, chart: dict, count: int, ready, counter: str) -> None:
    """One counter: its own workstation, so its own audit chain."""
    db = Database(url)
    operator = Actor(None, "bench", "bench", "bench", frozenset(), counter=counter)
    for i in range(WARM_UP_EVENTS):  # connect, import, prepare statements before the clock starts
        submit(db, fee_event(chart, i), operator)
    ready.wait(timeout=START_TIMEOUT_S)
    for i in range(count):
        submit(db, fee_event(chart, i), operator)
    db.dispose()


def pg_ledger(url: str, n: int, shared: bool) -> float:
    """8 writer processes (threads would share one GIL on a 2-core machine) as 8 counters, each
    with a chart of its own (distinct) or all on one merchant, one income account, one clearing
    account (shared)."""
    db = Database(url)
    one = make_chart(db, 1)
    charts = [one if shared else make_chart(db, 1) for _ in range(PG_WRITERS)]
    db.dispose()
    per_writer = n // PG_WRITERS
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(PG_WRITERS + 1)  # the clock starts when every writer is warm
    procs = [ctx.Process(target=_pg_writer, args=(url, charts[w], per_writer, ready, f"bench-{w}"))
             for w in range(PG_WRITERS)]
    for p in procs:
        p.start()
    ready.wait(timeout=START_TIMEOUT_S)
    start = time.perf_counter()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    if any(p.exitcode != 0 for p in procs):
        raise RuntimeError("a writer process failed")
    return per_writer * PG_WRITERS / elapsed


def pgbench(url: str, bin_dir: Path, seconds: int) -> float:
    u = make_url(url)
    env = dict(os.environ, PGPASSWORD=u.password or "")
    base = ["-h", u.host or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres"]
    exe = str(bin_dir / "pgbench")
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + [exe, "-i", "-q", "-s", "8", *base, u.database], check=True, env=env,
                   capture_output=True)
    out = subprocess.run(prefix + [exe, "-c", str(PG_WRITERS), "-j", "2", "-T", str(seconds), *base,
                                   u.database], check=True, env=env, capture_output=True, text=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def verify_scaling(url: str, sizes: list[int]) -> list[tuple[int, float]]:
    """Bulk-load consistent transfers (events, transfers, counters) and time `ledger verify`."""
    db = Database(url)
    migrate.upgrade(db)
    chart = make_chart(db, 50)
    loaded = 0
    results = []
    for size in sizes:
        _bulk_load(db, chart, size - loaded, loaded)
        loaded = size
        start = time.perf_counter()
        report = verify_ledger(db)
        elapsed = time.perf_counter() - start
        assert report.violations == 0, report.problems[:5]
        results.append((report.transfers, elapsed))
    db.dispose()
    return results


def _bulk_load(db: Database, chart: dict, count: int, offset: int, batch: int = 20_000) -> None:
    merchants = chart["merchants"]
    for start in range(0, count, batch):
        n = min(batch, count - start)
        events, transfers = [], []
        per_account: dict[int, int] = {}
        for i in range(n):
            eid = new_event_id()
            m = merchants[(offset + start + i) % len(merchants)]
            events.append({"id": eid, "kind": "bulk", "content_hash": "0" * 64, "operator_name": "bench",
                           "created_at": "2026-01-01 00:00:00"})
            transfers.append({"event_id": eid, "event_index": 0, "ledger": 156, "debit_account_id": m,
                              "credit_account_id": chart["income"], "amount_fen": 1, "code": "FEE",
                              "kind": "posted", "created_at": "2026-01-01 00:00:00"})
            per_account[m] = per_account.get(m, 0) + 1
        with db.session() as s:
            s.execute(text("INSERT INTO ledger_events (id, kind, content_hash, operator_name, created_at) "
                           "VALUES (:id, :kind, :content_hash, :operator_name, :created_at)"), events)
            s.execute(text("INSERT INTO ledger_transfers (event_id, event_index, ledger, debit_account_id, "
                           "credit_account_id, amount_fen, code, kind, created_at) VALUES (:event_id, "
                           ":event_index, :ledger, :debit_account_id, :credit_account_id, :amount_fen, :code, "
                           ":kind, :created_at)"), transfers)
            for m, k in per_account.items():
                s.execute(text("UPDATE ledger_accounts SET debits_posted = debits_posted + :k WHERE id = :m"),
                          {"k": k, "m": m})
            s.execute(text("UPDATE ledger_accounts SET credits_posted = credits_posted + :k WHERE id = :m"),
                      {"k": n, "m": chart["income"]})


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.ledger")
    p.add_argument("--pg", help="PostgreSQL URL (default: a throwaway cluster)")
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--verify-max", type=int, default=1_000_000)
    args = p.parse_args(argv)
    from tests.pg_cluster import PgCluster, _bin_dir
    cluster = None
    pg_url = args.pg
    if not pg_url:
        cluster = PgCluster()
        pg_url = cluster.start()
    try:
        tmp = Path(tempfile.mkdtemp(prefix="marketdesk-bench-"))
        base, ours = sqlite_rounds(tmp, args.events)
        pg_db = Database(pg_url)
        with pg_db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("DROP DATABASE IF EXISTS md_bench WITH (FORCE)"))
            conn.execute(text("DROP DATABASE IF EXISTS md_pgbench WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE md_bench"))
            conn.execute(text("CREATE DATABASE md_pgbench"))
        pg_db.dispose()
        bench_url = make_url(pg_url).set(database="md_bench").render_as_string(hide_password=False)
        pgb_url = make_url(pg_url).set(database="md_pgbench").render_as_string(hide_password=False)
        migrate.upgrade(Database(bench_url))
        tps = pgbench(pgb_url, _bin_dir(), 15)
        distinct = pg_ledger(bench_url, args.events * PG_WRITERS, shared=False)
        shared = pg_ledger(bench_url, args.events * PG_WRITERS, shared=True)
        sizes = [args.verify_max // 4, args.verify_max // 2, args.verify_max]
        scaling = verify_scaling(f"sqlite:///{tmp / 'verify.sqlite3'}", sizes)
        pg_scaling = verify_scaling(bench_url, sizes)
    finally:
        if cluster:
            cluster.stop()
    server = "its own throwaway cluster (fsync off)" if cluster else "the given server"
    lines = [
        "## Ledger throughput (`python -m bench.ledger`)\n",
        f"{time.strftime('%Y-%m-%d')}, 2 cores. A fee event = 3 transfers + 1 audit entry, one commit.\n",
        "| measurement | events/s | baseline/s | ratio | goal |", "|---|---|---|---|---|",
        f"| SQLite WAL sync=FULL, sequential, {args.events} events in 5 alternating rounds | {ours:.0f} | raw sqlite3 1 INSERT/commit: {base:.0f} | {ours / base:.2f} | ≥ 0.5 |",
        f"| PostgreSQL, 8 writers, distinct accounts | {distinct:.0f} | pgbench TPC-B 8 clients: {tps:.0f} | {distinct / tps:.2f} | ≥ 0.5 |",
        f"| PostgreSQL, 8 writers, one shared account | {shared:.0f} | pgbench TPC-B 8 clients: {tps:.0f} | {shared / tps:.2f} | ≥ 0.5 |",
        f"\nPostgreSQL: {server}, pgbench scale 8, 15 s.\n",
        "### `ledger verify` time by number of transfers\n",
        "| transfers | SQLite s | PostgreSQL s |", "|---|---|---|",
        *[f"| {n:,} | {s:.2f} | {p:.2f} |" for (n, s), (_, p) in zip(scaling, pg_scaling)],
        f"\nSQLite per-transfer cost from the smallest to the largest run: ×{(scaling[-1][1] / scaling[-1][0]) / (scaling[0][1] / scaling[0][0]):.2f} "
        f"(1.0 = linear); PostgreSQL ×{(pg_scaling[-1][1] / pg_scaling[-1][0]) / (pg_scaling[0][1] / pg_scaling[0][0]):.2f}.\n",
    ]
    body = "\n".join(lines)
    replace_section("## Ledger throughput", body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The finance desk's numbers (`python -m bench.finance`): the day report over 1 000 000 tickets
(goal < 3 s) and the reconciliation of a 100 000-line statement (goal < 10 s), each with a
baseline measured in the same run on the same SQLite file: one bare aggregate over the day's
tickets with the sqlite3 module, and one bare read of our 100 000 payments."""
from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from bench import finance_reconcile, finance_reports
from bench.results import replace_section


def _timed(path: Path, sql: str) -> float:
    conn = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        conn.execute(sql).fetchall()
        return time.perf_counter() - started
    finally:
        conn.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.finance")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="marketdesk-bench-"))
    reports_db = tmp / "reports.sqlite3"
    report = finance_reports.run(f"sqlite:///{reports_db}", n_tickets=args.tickets)
    day_base_s = _timed(reports_db, "SELECT category_id, COUNT(*), SUM(fee_fen) FROM weigh_tickets WHERE "
                                    "created_at >= (SELECT datetime(MAX(created_at), '-1 day') FROM weigh_tickets) "
                                    "GROUP BY category_id")
    reconcile_db = tmp / "reconcile.sqlite3"
    recon = finance_reconcile.run(f"sqlite:///{reconcile_db}")
    read_base_s = _timed(reconcile_db, "SELECT id, method, reference, amount_fen, created_at FROM recharges")
    body = "\n".join([
        "## Finance desk (`python -m bench.finance`)\n",
        f"{time.strftime('%Y-%m-%d')}, 2 cores, SQLite files. {report['tickets']:,} tickets over 30 days "
        f"(seeded in {report['seed_s']:.0f} s); a WeChat Pay bill of {recon['statement_lines']:,} lines against "
        f"{recon['our_payments']:,} of our payments.\n",
        "| | result | baseline (same run) | goal |", "|---|---|---|---|",
        f"| day report ({report['day_tickets']:,} tickets of the day, every section), median | "
        f"{report['day_report_s']:.3f} s (max {report['day_report_max_s']:.3f} s) | one bare GROUP BY of the "
        f"day's tickets: {day_base_s:.3f} s | < 3 s |",
        f"| month report ({report['month_tickets']:,} tickets) | {report['month_report_s']:.3f} s | | |",
        f"| day report as PDF / XLSX | {report['day_pdf_s']:.3f} s / {report['day_xlsx_s']:.3f} s | | |",
        f"| reconciliation: import + match of the bill ({recon['matched']:,} matched) | {recon['reconcile_s']:.2f} s "
        f"| bare read of our payments: {read_base_s:.3f} s | < 10 s |",
        ""])
    replace_section("## Finance desk", body)
    print(json.dumps({"reports": report, "reconcile": recon, "day_baseline_s": round(day_base_s, 3),
                      "payments_read_baseline_s": round(read_base_s, 3)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Printing numbers (`python -m bench.printing`), written to bench/RESULTS.md:
- render + send an entry voucher to a loopback network printer (status asked before and
  after, as the worker does): p99 goal < 20 ms; baseline: connect + send the same bytes on a
  bare socket, in the same run;
- the queue path: a voucher committed in the database -> the worker prints it -> done
  (SQLite file), for reference;
- an A4 statement PDF of 3 000 rows (one busy month)."""
from __future__ import annotations

import socket
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from app.devices.printers.send import send_job
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.simulator import FakeNetworkPrinter
from app.printing.render import Branding, render
from app.printing.samples import sample_document
from bench.results import replace_section

SAMPLES = 500
QUEUE_SAMPLES = 100


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def bare_send(port: int, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=3) as sock:
        sock.sendall(data)


def render_and_send(printers: list[float], baseline: list[float]) -> int:
    voucher = sample_document("entry-voucher")
    branding = Branding(market_name="寿光农产品物流园", footer="谢谢惠顾")
    with FakeNetworkPrinter() as printer:
        settings = PrinterSettings(host="127.0.0.1", port=printer.port, paper_mm=80)
        data = render(voucher, settings, branding)
        for i in range(SAMPLES + 20):
            start = time.perf_counter()
            bare_send(printer.port, data)
            mid = time.perf_counter()
            status = send_job(settings, render(voucher, settings, branding))
            end = time.perf_counter()
            assert status.state == "ok", status
            if i >= 20:  # warm-up
                baseline.append(mid - start)
                printers.append(end - mid)
        printer.wait_for_jobs(2 * (SAMPLES + 20), 30)
    return len(data)


def queue_path() -> list[float]:
    from app.db.database import Database
    from app.db.migrate import upgrade
    from app.printing import queue
    from app.printing.worker import PrintWorker
    voucher = sample_document("entry-voucher")
    latencies = []
    with tempfile.TemporaryDirectory() as tmp, FakeNetworkPrinter() as printer:
        db = Database("sqlite:///" + str(Path(tmp) / "bench.sqlite3"))
        upgrade(db)
        settings = PrinterSettings(host="127.0.0.1", port=printer.port)
        worker = PrintWorker(db, "1号", lambda: [settings], lambda: Branding())
        for i in range(QUEUE_SAMPLES):
            start = time.perf_counter()
            db.transact(lambda tx, i=i: queue.enqueue(tx, job_key=f"v{i}", counter="1号", document=voucher,
                                                      created_by="bench"), raw=True)
            assert worker.run_once() == 1
            latencies.append(time.perf_counter() - start)
        db.dispose()
    return latencies


def statement_pdf_s() -> float:
    from app.reports.pdf import PdfDocument
    rows = [[f"2026-11-{1 + i % 30:02d} 08:{i % 60:02d}", f"E26110{i:05d}", "鲁A12345", "大白菜",
             f"{20 + i % 7}.480", "15.00", f"{300 + i % 50}.20"] for i in range(3000)]
    start = time.perf_counter()
    doc = PdfDocument("账户对账单", printed_at=datetime(2026, 11, 30, 18, 0), market_name="寿光农产品物流园")
    doc.table(["时间", "凭证号", "车牌", "品种", "净重(吨)", "单价", "金额"], rows,
              align=["left", "left", "left", "left", "right", "right", "right"])
    doc.build()
    return time.perf_counter() - start


def main() -> None:
    printers, baseline = [], []
    size = render_and_send(printers, baseline)
    queued = queue_path()
    pdf_s = statement_pdf_s()
    ms = lambda v: f"{v * 1000:.2f} ms"  # noqa: E731
    p99, base99 = p(printers, 0.99), p(baseline, 0.99)
    body = (
        "## Printing (`python -m bench.printing`)\n\n"
        f"Entry voucher at 80 mm, {size} bytes of ESC/POS, to a loopback network printer, {SAMPLES} times.\n\n"
        "| | p50 | p99 | max |\n|---|---|---|---|\n"
        f"| bare socket: connect + send the bytes (baseline) | {ms(statistics.median(baseline))} | {ms(base99)} "
        f"| {ms(max(baseline))} |\n"
        f"| render + status + send + status (goal p99 < 20 ms) | {ms(statistics.median(printers))} | {ms(p99)} "
        f"| {ms(max(printers))} |\n"
        f"| committed job -> worker -> done (SQLite, {QUEUE_SAMPLES} jobs) | {ms(statistics.median(queued))} "
        f"| {ms(p(queued, 0.99))} | {ms(max(queued))} |\n\n"
        f"Render + send p99 is {p99 / base99:.1f}× the bare socket's. "
        f"A4 statement PDF of 3 000 rows (embedded CJK font): {pdf_s:.2f} s (goal for a month: < 2 s).\n")
    replace_section("## Printing", body)
    print(body)


if __name__ == "__main__":
    main()

"""`print ...`: samples, a test page, the queue, QR verification, decoding and a simulated
network printer. Samples and decoding need no database."""
from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from app.devices.printers.settings import PrinterSettings
from app.errors import UserError, ValidationError


def print_sample(kind: str, out: str, paper_mm: int, encoding: str, qr_mode: str, reprint_no: int) -> int:
    from app.printing.render import Branding, render
    from app.printing.samples import sample_document
    if kind == "bill":
        from app.reports.bill import render_bill, sample_bill_data
        data = render_bill(sample_bill_data(), printed_at=datetime.now().replace(microsecond=0))
    else:
        printer = PrinterSettings(paper_mm=paper_mm, encoding=encoding, qr_mode=qr_mode)
        printer.validate_layout()
        data = render(sample_document(kind), printer, Branding(footer="谢谢惠顾，一路平安"),
                      reprint_no=reprint_no, reprinted_at="2026-11-23 09:00" if reprint_no else "",
                      open_drawer=True)
    _write(out, data)
    print(f"{out}: {kind}, {len(data)} bytes", file=sys.stderr)
    return 0


def _write(out: str, data: bytes) -> None:
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None


def print_decode(encoding: str, stream) -> int:
    from app.devices.printers.decode import decode
    transcript = decode(stream.read(), encoding=encoding)
    print(transcript.text())
    return 0 if not transcript.errors else 1


def configured_printer(name: str | None) -> PrinterSettings:
    from app.printing.worker import resolve_printer
    from app.settings_service import printer_settings
    from app.devices.printers.errors import PrinterError
    try:
        return resolve_printer(printer_settings(), name)
    except PrinterError as exc:
        raise ValidationError(str(exc)) from None


def print_test(db, name: str | None) -> int:
    """Straight to the printer (not through the queue: no worker runs here), with its status."""
    from app.config import load_settings
    from app.devices.printers import status as printer_status
    from app.devices.printers.backends import open_connection
    from app.printing.branding import load_branding
    from app.printing.documents import TestPage
    from app.printing.render import render
    from app.printing.service import TEST_PAGE_QR
    printer = configured_printer(name)
    page = TestPage(number="", counter=load_settings().counter_name, cashier="command line",
                    issued_at=datetime.now().strftime("%Y-%m-%d %H:%M:%S"), qr=TEST_PAGE_QR,
                    printer=printer.describe())
    data = render(page, printer, load_branding(db))
    with open_connection(printer) as conn:
        state = printer_status.query(conn, printer.timeout_s) if printer.status_query else None
        if state is not None:
            print(f"status: {state.state} {state.detail}".rstrip())
            if not state.can_print:
                raise UserError(f"printer {printer.name}: {state.state}: {state.detail}")
        conn.write(data)
    print(f"test page sent to {printer.describe()} ({len(data)} bytes)")
    return 0


def print_queue(db, counter: str) -> int:
    from app.printing.service import queue_panel
    for job in queue_panel(db, counter):
        print(json.dumps({"id": job.id, "kind": job.kind, "number": job.doc_number, "state": job.state,
                          "attempts": job.attempts, "printer": job.printer, "reprint_no": job.reprint_no,
                          "error": job.last_error, "created_at": job.created_at.isoformat()},
                         ensure_ascii=False))
    return 0


def print_verify(db, code: str) -> int:
    from app.printing.signing import ForgedVoucher, signer_for
    try:
        ref = signer_for(db).verify(code)
    except ForgedVoucher as exc:
        print(json.dumps({"genuine": False, "error": str(exc)}, ensure_ascii=False))
        return 1
    print(json.dumps({"genuine": True, "kind": ref.kind, "number": ref.number, "amount_fen": ref.amount_fen}))
    return 0


def print_simulate(port: int, mode: str, encoding: str) -> int:
    """A network printer on 127.0.0.1 that shows what it receives (demo and set-up checks)."""
    from app.devices.printers.decode import decode
    from app.devices.printers.simulator import FakeNetworkPrinter

    def show(job: bytes) -> None:
        print(decode(job, encoding=encoding).text(), flush=True)
        print("-" * 40, flush=True)

    printer = FakeNetworkPrinter(mode, port=port, on_job=show)
    printer.start()
    print(f"simulated printer on 127.0.0.1:{printer.port} ({mode}); Ctrl+C stops it", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        printer.stop()


"""This counter's print worker: one thread that sends due jobs to the printer, after the
money they print has committed, and records how each attempt ended. Never the GUI thread.
A jammed or switched-off printer fails the job visibly (with the reason); a failure before
any byte went out is retried with backoff, one after is left to the cashier (it may have
printed). The committed event is never touched."""
from __future__ import annotations

import logging
import threading
import uuid
from typing import Callable

from app.db.clock import to_local
from app.db.rawsql import db_clock
from app.devices.printers import status as printer_status
from app.devices.printers.backends import open_connection
from app.devices.printers.errors import PrinterError
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.status import PrinterStatus
from app.errors import DatabaseError, UserError
from app.printing import queue
from app.printing.documents import from_json
from app.printing.render import Branding, render

log = logging.getLogger(__name__)
POLL_S = 1.0            # look for due jobs (another window's, a retry's backoff) this often
DB_ERROR_PAUSE_S = 5.0  # the database is away: do not spin
STOP_TIMEOUT_S = 10.0   # stop() waits this long; a send still blocked in a driver finishes by itself
                        # (the thread is a daemon) and still records its own outcome

NO_PRINTER = "no receipt printer is configured (Settings → Printer)"
MAYBE_PRINTED = "; it may have printed in part: check the paper, then Retry (prints a marked copy) or Skip"


class SendFailed(PrinterError):
    def __init__(self, reason: str, *, bytes_sent: bool, status: PrinterStatus | None = None):
        super().__init__(reason + (MAYBE_PRINTED if bytes_sent else ""))
        self.bytes_sent = bytes_sent
        self.status = status


def resolve_printer(printers: list[PrinterSettings], name: str | None) -> PrinterSettings:
    if not printers:
        raise PrinterError(NO_PRINTER)
    if name is None:
        return printers[0]
    for p in printers:
        if p.name == name:
            return p
    raise PrinterError(f"printer {name!r} is not configured at this counter")


def send(printer: PrinterSettings, data: bytes) -> PrinterStatus:
    """Status first where the printer can answer (no answer = unknown: print anyway), then
    the bytes, then the status again: a printer answers only after it has every byte, and
    paper that ran out during the job means the voucher came out short. SendFailed says
    whether any byte had gone out."""
    written = False
    try:
        with open_connection(printer) as conn:
            if printer.status_query:
                before = printer_status.query(conn, printer.timeout_s)
                if not before.can_print:
                    raise SendFailed(f"printer not ready: {before.detail}", bytes_sent=False, status=before)
            written = True
            conn.write(data)
            if not printer.status_query:
                return PrinterStatus("unknown", "status queries are off for this printer")
            after = printer_status.query(conn, printer.timeout_s)
    except SendFailed:
        raise
    except PrinterError as exc:
        raise SendFailed(str(exc), bytes_sent=written) from None
    if not after.can_print:
        raise SendFailed(f"printer stopped while printing ({after.detail})", bytes_sent=True, status=after)
    return after


class PrintWorker:
    def __init__(self, db, counter: str, printers: Callable[[], list[PrinterSettings]],
                 branding: Callable[[], Branding], on_change: Callable[[int], None] | None = None,
                 on_status: Callable[[str, PrinterStatus], None] | None = None):
        """on_change(job_id) after every state change of a job, on_status(printer name,
        status) after every attempt that reached a printer; both on the worker thread, and
        an exception in them is logged, never taken for a printing failure."""
        assert counter
        self.worker_id = uuid.uuid4().hex
        self._db = db
        self._counter = counter
        self._printers = printers
        self._branding = branding
        self._on_change = on_change or (lambda job_id: None)
        self._on_status = on_status or (lambda name, status: None)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        assert self._thread is None, "started twice"
        self._thread = threading.Thread(target=self._loop, name=f"print-worker:{self._counter}", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """A job was just committed: look now instead of at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT_S)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_once()
            except DatabaseError as exc:
                log.warning("print worker: database unavailable: %s", exc)
                self._stop.wait(DB_ERROR_PAUSE_S)
            except Exception:  # the worker must outlive any one bad job
                log.exception("print worker: unexpected error")
                self._stop.wait(DB_ERROR_PAUSE_S)
            self._wake.wait(POLL_S)

    def run_once(self) -> int:
        """Recover interrupted jobs, then send every due job once; returns how many were tried.
        A printer that failed before receiving anything is not tried again in this round:
        one dead printer must not hold every other job for a timeout each."""
        def fetch(tx):
            now = db_clock(tx)
            return queue.recover_interrupted(tx, self._counter, now), queue.due(tx, self._counter, now)

        recovered, jobs = self._db.transact(fetch, raw=True)
        for job_id in recovered:
            self._notify(job_id)
        tried, unreachable = 0, set()
        for job in jobs:
            if self._stop.is_set():
                break
            if job.printer in unreachable:
                continue
            outcome = self._attempt(job)
            if outcome == "unreachable":
                unreachable.add(job.printer)
            tried += outcome != "skipped"
        return tried

    def _attempt(self, due_job: queue.Job) -> str:
        job = self._db.transact(lambda tx: queue.claim(tx, due_job.id, self.worker_id, db_clock(tx)), raw=True)
        if job is None:
            return "skipped"  # someone else (a Retry, a Skip, another worker) got there first
        self._notify(job.id)
        status: PrinterStatus | None = None
        outcome = "failed"
        bytes_sent = False
        printer_name = job.printer
        try:
            printer = resolve_printer(self._printers(), job.printer)
            printer_name = printer.name
            document = from_json(job.kind, job.document)
            reprinted_at = to_local(job.created_at).strftime("%Y-%m-%d %H:%M") if job.reprint_no else ""
            data = render(document, printer, self._branding(), reprint_no=job.reprint_no, reprinted_at=reprinted_at,
                          open_drawer=job.open_drawer, after_interruption=job.printed_maybe)
            status = send(printer, data)
        except SendFailed as exc:
            error, bytes_sent, status = str(exc), exc.bytes_sent, exc.status
            outcome = "failed" if bytes_sent else "unreachable"
        except (PrinterError, UserError) as exc:
            error = str(exc)
        except Exception as exc:  # a bug must fail the job visibly, not kill the worker
            log.exception("print job %s", job.id)
            error = f"internal error: {type(exc).__name__}: {exc}"
        else:
            if not self._db.transact(lambda tx: queue.finish(tx, job, db_clock(tx)), raw=True):
                log.error("print job %s printed, but its record had been changed meanwhile", job.id)
            self._report(job, printer.name, status)
            return "done"
        log.warning("print job %s (%s %s) failed: %s", job.id, job.kind, job.doc_number, error)
        if not self._db.transact(lambda tx: queue.fail(tx, job, error, db_clock(tx), bytes_sent=bytes_sent), raw=True):
            log.error("print job %s failed, but its record had been changed meanwhile", job.id)
        self._report(job, printer_name, status)
        return outcome

    def _report(self, job: queue.Job, printer_name: str | None, status: PrinterStatus | None) -> None:
        if status is not None:
            try:
                self._on_status(printer_name or "", status)
            except Exception:
                log.exception("print worker: on_status")
        self._notify(job.id)

    def _notify(self, job_id: int) -> None:
        try:
            self._on_change(job_id)
        except Exception:
            log.exception("print worker: on_change")

"""This counter's print worker: one thread that sends due jobs to the printer, after the
money they print has committed, and records how each attempt ended. Never the GUI thread.
A jammed or switched-off printer fails the job visibly (with the reason) and it is retried
with backoff; the committed event is never touched."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from app.db.clock import to_local
from app.db.rawsql import db_clock
from app.devices.printers.errors import PrinterError
from app.devices.printers.send import PrinterNotReady, send_job
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.status import PrinterStatus
from app.errors import DatabaseError, UserError
from app.printing import queue
from app.printing.documents import from_json
from app.printing.render import Branding, render

log = logging.getLogger(__name__)
POLL_S = 1.0            # look for due jobs (another window's, a retry's backoff) this often
DB_ERROR_PAUSE_S = 5.0  # the database is away: do not spin
STOP_TIMEOUT_S = 35.0   # a send in progress ends within its printer timeout (at most 30 s)

NO_PRINTER = "no receipt printer is configured (Settings → Printer)"


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
    the bytes, then the status again: paper that ran out during the job means the voucher
    came out short, which the cashier must see. Raises PrinterError with the reason."""
    after = send_job(printer, data)
    if not after.can_print:
        raise PrinterError(f"printer stopped while printing ({after.detail}): check the voucher, "
                           "then Retry or Skip")
    return after


class PrintWorker:
    def __init__(self, db, counter: str, printers: Callable[[], list[PrinterSettings]],
                 branding: Callable[[], Branding], on_change: Callable[[int], None] | None = None,
                 on_status: Callable[[str, PrinterStatus], None] | None = None):
        """on_change(job_id) after every state change of a job, on_status(printer name,
        status) after every attempt that reached a printer; both on the worker thread."""
        assert counter
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
        """Recover interrupted jobs, then send every due job once; returns how many were tried."""
        def fetch(tx):
            now = db_clock(tx)
            return queue.recover_interrupted(tx, self._counter, now), queue.due(tx, self._counter, now)

        recovered, jobs = self._db.transact(fetch, raw=True)
        for job_id in recovered:
            self._on_change(job_id)
        tried = 0
        for job in jobs:
            if self._stop.is_set():
                break
            tried += self._attempt(job)
        return tried

    def _attempt(self, job: queue.Job) -> int:
        attempts = self._db.transact(lambda tx: queue.claim(tx, job.id, db_clock(tx)), raw=True)
        if attempts is None:
            return 0  # someone else (a Retry, another worker) got there first
        self._on_change(job.id)
        try:
            printer = resolve_printer(self._printers(), job.printer)
            document = from_json(job.kind, job.document)
            reprinted_at = to_local(job.created_at).strftime("%Y-%m-%d %H:%M") if job.reprint_no else ""
            data = render(document, printer, self._branding(), reprint_no=job.reprint_no,
                          reprinted_at=reprinted_at, open_drawer=job.open_drawer)
            self._on_status(printer.name, send(printer, data))
        except PrinterNotReady as exc:
            self._on_status(printer.name, exc.status)
            error = str(exc)
        except (PrinterError, UserError) as exc:
            error = str(exc)
        except Exception as exc:  # a bug must fail the job visibly, not kill the worker
            log.exception("print job %s", job.id)
            error = f"internal error: {type(exc).__name__}: {exc}"
        else:
            self._db.transact(lambda tx: queue.finish(tx, job.id, db_clock(tx)), raw=True)
            self._on_change(job.id)
            return 1
        log.warning("print job %s (%s %s) failed: %s", job.id, job.kind, job.doc_number, error)
        self._db.transact(lambda tx: queue.fail(tx, job.id, attempts, error, db_clock(tx)), raw=True)
        self._on_change(job.id)
        return 1

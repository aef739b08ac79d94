"""This counter's printing while someone is logged in: the print worker (app.printing.worker)
started by the controller after login and stopped at logout and at quit.

The printers are read from the settings file at every job, so a saved change applies to the
next job without a restart. A settings file that cannot be read fails the job with the
reason (the worker records it) and is reported on `adapter.settings_problem`, instead of
stopping the worker. Views listen to `adapter` (or to ChangeHub.print_jobs_changed, which the
station feeds); a desk that has just committed a voucher calls wake() so it prints at once
instead of at the worker's next poll."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.windows.print_adapter import PrintAdapter

if TYPE_CHECKING:
    from app.db.database import Database
    from app.devices.printers.settings import PrinterSettings
    from app.devices.printers.status import PrinterStatus
    from app.printing.worker import PrintWorker
    from app.windows.changes import ChangeHub

log = logging.getLogger(__name__)


class PrintStation(QObject):
    def __init__(self, changes: "ChangeHub | None" = None, parent: QObject | None = None):
        super().__init__(parent)
        self.adapter = PrintAdapter(self)
        self._worker: PrintWorker | None = None
        self.statuses: dict[str, PrinterStatus] = {}  # newest status of each printer this session
        self.last_status: tuple[str, PrinterStatus] | None = None  # the printer heard from last
        self.settings_problem = ""  # why the printer settings cannot be read, "" when they can
        self.adapter.status_changed.connect(self._remember_status)
        self.adapter.settings_problem.connect(self._remember_problem)
        if changes is not None:
            self.adapter.job_changed.connect(changes.print_jobs_changed)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, db: "Database", counter: str) -> None:
        """(Re)start the worker for `counter`'s jobs on `db`."""
        from app.printing.branding import load_branding
        from app.printing.worker import PrintWorker
        self.stop()
        self.statuses.clear()
        self.last_status = None
        self.settings_problem = ""
        adapter = self.adapter
        self._worker = PrintWorker(db, counter, _PrinterSource(adapter), lambda: load_branding(db),
                                   on_change=adapter.on_change, on_status=adapter.on_status)
        adapter.attach()
        self._worker.start()

    def stop(self) -> None:
        """Detach at once (nothing of this worker reaches a view any more), then let the
        thread end off the GUI thread: a send in progress may take up to its printer's
        timeout. The controller's shutdown waits for it (ops.wait_for_workers) before the
        database is closed."""
        from app.windows import ops
        self.adapter.detach()
        worker, self._worker = self._worker, None
        if worker is not None:
            ops.run(worker.stop, on_failure=lambda exc: log.error("print worker did not stop: %s", exc))

    def wake(self) -> None:
        """A job was just queued: print it now instead of at the next poll."""
        if self._worker is not None:
            self._worker.wake()

    def _remember_status(self, printer: str, status: "PrinterStatus") -> None:
        self.statuses[printer] = status
        self.last_status = (printer, status)

    def _remember_problem(self, problem: str) -> None:
        self.settings_problem = problem


class _PrinterSource:
    """The worker's `printers` callable, called on the worker thread before each job. A broken
    settings file raises UserError, which the worker records as the job's reason; the station
    hears of it (and of its repair) through the adapter."""

    def __init__(self, adapter: PrintAdapter):
        self._adapter = adapter
        self._problem = ""  # only touched on the worker thread

    def __call__(self) -> "list[PrinterSettings]":
        from app.errors import UserError
        from app.settings_service import printer_settings
        try:
            printers = printer_settings()
        except UserError as exc:
            self._report(f"printer settings: {exc}")
            raise
        self._report("")
        return printers

    def _report(self, problem: str) -> None:
        if problem != self._problem:
            self._problem = problem
            self._adapter.on_settings_problem(problem)

"""The one place where the print worker meets Qt: its callbacks (called on the worker's own
thread) come out as signals on the GUI thread.

Like the scale adapter, the worker thread never touches a widget or sends a Python object
through a Qt event: it stores what happened under a lock and posts one wake-up; the GUI
thread then takes the whole batch. A job that changed three times (claimed, failed, ...)
before the GUI looked is announced once, because views reload the queue anyway; a printer's
status is delivered as its newest value.

After detach() the worker's calls are ignored, so a worker that takes a while to stop can
never reach a station or a window that has moved on (a logout)."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.devices.printers.status import PrinterStatus


class PrintAdapter(QObject):
    job_changed = Signal(int)               # a print job's id
    status_changed = Signal(str, object)    # printer name, app.devices.printers.status.PrinterStatus
    settings_problem = Signal(str)          # the printer settings cannot be read ("" once they can)
    _wake = Signal()                        # worker thread -> GUI thread: something is waiting

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()  # guards everything below that the worker thread writes
        self._attached = False
        self._wake_posted = False
        self._jobs: dict[int, None] = {}   # insertion-ordered set of changed job ids
        self._statuses: dict[str, PrinterStatus] = {}
        self._problem: str | None = None
        # Queued even when emitted on the GUI thread: delivery always happens from the event loop.
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # ---- called on the worker thread ----------------------------------------------------

    def on_change(self, job_id: int) -> None:
        with self._lock:
            if self._attached:
                self._jobs[job_id] = None
                self._post_locked()

    def on_status(self, printer: str, status: PrinterStatus) -> None:
        with self._lock:
            if self._attached:
                self._statuses[printer] = status
                self._post_locked()

    def on_settings_problem(self, problem: str) -> None:
        with self._lock:
            if self._attached:
                self._problem = problem
                self._post_locked()

    def _post_locked(self) -> None:
        if not self._wake_posted:
            self._wake_posted = True
            self._wake.emit()  # posts an event to the GUI thread; returns at once

    # ---- GUI thread ---------------------------------------------------------------------

    def attach(self) -> None:
        with self._lock:
            self._attached = True

    def detach(self) -> None:
        """Ignore the worker from now on (it may still be finishing a job on its thread)."""
        with self._lock:
            self._attached = False
            self._jobs.clear()
            self._statuses.clear()
            self._problem = None

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            jobs, statuses, problem = list(self._jobs), dict(self._statuses), self._problem
            self._jobs.clear()
            self._statuses.clear()
            self._problem = None
            self._wake_posted = False
        if problem is not None:
            self.settings_problem.emit(problem)
        for printer, status in statuses.items():
            self.status_changed.emit(printer, status)
        for job_id in jobs:
            self.job_changed.emit(job_id)

"""This counter's print queue as the main window knows it: reloaded (off the GUI thread)
whenever a print job changes, shared by the status bar's printer indicator and the queue
panel, so both always show the same jobs.

It also decides when the cashier must be told: a job that has just failed, and again once it
has stopped retrying by itself (it now waits for Retry, Other printer or Skip), is announced
once on `job_failed`; the main window shows the panel with that job selected."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.windows.reloader import Reloader

if TYPE_CHECKING:
    from app.printing.queue import Job
    from app.windows.context import GuiContext


class PrintQueueWatch(QObject):
    jobs_loaded = Signal(object)   # list[app.printing.queue.Job], newest first
    load_failed = Signal(object)   # the exception (the database may be away)
    job_failed = Signal(int)       # the newest job that failed (or gave up retrying) since the last load

    def __init__(self, ctx: "GuiContext", parent: QObject | None = None):
        super().__init__(parent)
        from app.printing.service import queue_panel
        db, counter = ctx.db, ctx.actor.counter or ctx.counter_name
        self.jobs: list[Job] = []
        self._announced: set[tuple[int, bool]] = set()  # (job id, gave up retrying)
        self._reloader = Reloader(lambda: queue_panel(db, counter), self)
        self._reloader.loaded.connect(self._loaded)
        self._reloader.failed.connect(self.load_failed)
        # A method of a QObject, so Qt disconnects it when this watch goes (the hub lives on).
        ctx.changes.print_jobs_changed.connect(self._reloader.request)

    def refresh(self) -> None:
        self._reloader.request()

    @property
    def loading(self) -> bool:
        return self._reloader.running

    def _loaded(self, jobs: "list[Job]") -> None:
        self.jobs = list(jobs)
        newly = [job.id for job in sorted(jobs, key=lambda j: j.id)
                 if job.state == "failed" and self._announce((job.id, job.needs_attention))]
        self.jobs_loaded.emit(self.jobs)
        if newly:
            self.job_failed.emit(newly[-1])

    def _announce(self, key: tuple[int, bool]) -> bool:
        if key in self._announced:
            return False
        self._announced.add(key)
        return True

"""Follows the voucher the desk has just queued until the printer is done with it, so the desk
can say "printed" or "not printed: paper out" next to the charge. The money is committed
either way; a failed voucher waits in the print queue (F11)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.windows import ops

if TYPE_CHECKING:
    from app.printing.queue import Job
    from app.windows.context import GuiContext


class VoucherPrintFollow(QObject):
    job_moved = Signal(object)   # app.printing.queue.Job of the followed voucher, whenever it changed

    def __init__(self, ctx: "GuiContext", parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.job_id: int | None = None
        ctx.changes.print_jobs_changed.connect(self._changed)

    def follow(self, job_id: int) -> None:
        self.job_id = job_id
        self._changed(job_id)

    def stop(self) -> None:
        self.job_id = None

    def _changed(self, job_id: int) -> None:
        if job_id != self.job_id:
            return
        from app.printing.service import print_job
        db = self._ctx.db
        ops.run(lambda: print_job(db, job_id), on_success=lambda job: self._loaded(job_id, job),
                on_failure=lambda _exc: None, parent=self)

    def _loaded(self, job_id: int, job: "Job | None") -> None:
        if job_id != self.job_id or job is None:
            return
        self.job_moved.emit(job)
        if job.state in ("done", "skipped"):
            self.job_id = None

"""What the print queue panel asks before acting on a failed job: why it is skipped, and
which other printer should take it. Each OK runs the service call in the background
(FormDialog), so the dialog stays open with the input kept when the call is refused."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.windows.forms import FormDialog
from app.windows.print_names import kind_title

if TYPE_CHECKING:
    from app.printing.queue import Job
    from app.windows.context import GuiContext


def _what(job: "Job") -> str:
    return f"{kind_title(job.kind)} {job.doc_number or ''}".strip()


class SkipJobDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", job: "Job", parent: QWidget | None = None):
        super().__init__(parent, self.tr("Skip printing"), self.tr(
            "%1 will not be printed. Say why: the reason is kept in the audit trail.")
            .replace("%1", _what(job)))
        self.setObjectName("skip_job")
        self._ctx = ctx
        self._job_id = job.id
        from app.printing.service import SKIP_REASON_MAX_CHARS
        self.reason = self.add_row(self.tr("Reason"), QLineEdit())
        self.reason.setMaxLength(SKIP_REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("e.g. the driver has left; paper jammed, written by hand"))
        self.ok_button.setText(self.tr("Skip"))
        self.reason.setFocus()

    def prepare(self):
        from app.errors import ValidationError
        from app.printing.service import skip_job
        reason = self.reason.text().strip()
        if not reason:
            raise ValidationError(self.tr("Say why the document is not printed."))
        db, actor, job_id = self._ctx.db, self._ctx.actor, self._job_id
        return lambda: skip_job(db, actor, job_id, reason)


class OtherPrinterDialog(FormDialog):
    def __init__(self, ctx: "GuiContext", job: "Job", printers: list[str], parent: QWidget | None = None):
        super().__init__(parent, self.tr("Print on another printer"),
                         self.tr("Send %1 to:").replace("%1", _what(job)))
        self.setObjectName("other_printer")
        self._ctx = ctx
        self._job_id = job.id
        self.printer = self.add_row(self.tr("Printer"), QComboBox())
        self.printer.addItems(printers)
        self.ok_button.setText(self.tr("Print"))
        self.printer.setFocus()

    def prepare(self):
        from app.printing.service import retry_job
        db, actor, job_id, name = self._ctx.db, self._ctx.actor, self._job_id, self.printer.currentText()
        return lambda: retry_job(db, actor, job_id, printer=name)

"""send_job: one receipt to one printer, with the status asked before and after.

Before: a printer that says it cannot print (paper out, cover open, offline, error) gets
nothing, and the reason is raised. After: a printer answers DLE EOT only once it has
received every byte sent before it, so an answer proves the whole job arrived; a
connection cut mid-job, which a write alone may not notice (the bytes sit in a kernel
buffer), shows up here as PrinterError. A printer that never answers is 'unknown': the job
is sent and nothing is proved."""
from __future__ import annotations

from app.devices.printers import status as printer_status
from app.devices.printers.backends import open_connection
from app.devices.printers.errors import PrinterError
from app.devices.printers.settings import PrinterSettings
from app.devices.printers.status import PrinterStatus

STATUS_OFF = PrinterStatus("unknown", "status queries are off for this printer")


class PrinterNotReady(PrinterError):
    def __init__(self, status: PrinterStatus):
        super().__init__(f"printer not ready: {status.detail}")
        self.status = status


def send_job(settings: PrinterSettings, data: bytes) -> PrinterStatus:
    """The printer's status once it has the job (paper may have run out while printing)."""
    with open_connection(settings) as conn:
        if settings.status_query:
            before = printer_status.query(conn, settings.timeout_s)
            if not before.can_print:
                raise PrinterNotReady(before)
        conn.write(data)
        if not settings.status_query:
            return STATUS_OFF
        return printer_status.query(conn, settings.timeout_s)

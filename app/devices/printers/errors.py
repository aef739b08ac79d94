"""The one error the printer code raises for things a cashier can act on."""
from __future__ import annotations

from app.errors import UserError


class PrinterError(UserError):
    """The printer cannot be reached or did not take the job. `reason` is shown as-is:
    "cannot connect to 192.168.1.50:9100: connection refused"."""

    def __init__(self, reason: str):
        assert reason, "a printer error says why"
        super().__init__(reason)
        self.reason = reason

"""Translated words for printing: document kinds, print job states and printer states.

The printing code keeps English names (`entry_voucher`, `failed`, `paper_out`); the interface
shows them in the chosen language, translated at display time like app.windows.names."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

_KINDS = {
    "entry_voucher": QT_TRANSLATE_NOOP("PrintNames", "Entry voucher"),
    "refund_voucher": QT_TRANSLATE_NOOP("PrintNames", "Refund voucher"),
    "recharge_receipt": QT_TRANSLATE_NOOP("PrintNames", "Recharge receipt"),
    "handover_slip": QT_TRANSLATE_NOOP("PrintNames", "Handover slip"),
    "test_page": QT_TRANSLATE_NOOP("PrintNames", "Test page"),
}

_JOB_STATES = {
    "queued": QT_TRANSLATE_NOOP("PrintNames", "Waiting"),
    "sent": QT_TRANSLATE_NOOP("PrintNames", "Printing"),
    "done": QT_TRANSLATE_NOOP("PrintNames", "Printed"),
    "failed": QT_TRANSLATE_NOOP("PrintNames", "Failed"),
    "skipped": QT_TRANSLATE_NOOP("PrintNames", "Skipped"),
}

# app.devices.printers.status.STATES, as a cashier says them.
_PRINTER_STATES = {
    "ok": QT_TRANSLATE_NOOP("PrintNames", "Ready"),
    "near_end": QT_TRANSLATE_NOOP("PrintNames", "Paper low"),
    "paper_out": QT_TRANSLATE_NOOP("PrintNames", "Out of paper"),
    "offline": QT_TRANSLATE_NOOP("PrintNames", "Offline"),
    "cover_open": QT_TRANSLATE_NOOP("PrintNames", "Cover open"),
    "error": QT_TRANSLATE_NOOP("PrintNames", "Printer error"),
    "unknown": QT_TRANSLATE_NOOP("PrintNames", "Not responding"),
}


def _translated(table: dict[str, str], key: str) -> str:
    source = table.get(key)
    return QCoreApplication.translate("PrintNames", source) if source else key


def kind_title(kind: str) -> str:
    """A kind added later without a translation shows its code name, never nothing."""
    return _translated(_KINDS, kind)


def job_state_title(state: str) -> str:
    return _translated(_JOB_STATES, state)


def printer_state_title(state: str) -> str:
    return _translated(_PRINTER_STATES, state)

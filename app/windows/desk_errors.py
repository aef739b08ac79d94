"""Refusals at the desk in words a cashier acts on: the scale's (not connected, still moving),
a forged voucher's, and otherwise the usual headline over the service's own message
(app.windows.messages)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app import errors
from app.windows.messages import error_detail, error_text

translate = QCoreApplication.translate


def _scale_problem(exc: BaseException) -> bool:
    from app.devices.scales.stability import NotStable
    from app.windows.desk_weight import ScaleMissing
    return isinstance(exc, (NotStable, ScaleMissing))


def desk_error_text(exc: BaseException) -> str:
    from app.printing.signing import ForgedVoucher
    if _scale_problem(exc):
        return translate("DeskErrors", "The scale gives no weight to charge.") + "\n" + str(exc)
    if isinstance(exc, ForgedVoucher):
        return translate("DeskErrors", "This voucher is not genuine: do not refund it.") + "\n" + str(exc)
    if isinstance(exc, errors.NotFound):
        return translate("DeskErrors", "No such voucher or ticket.") + "\n" + error_detail(exc)
    return error_text(exc)


def uncertain(exc: BaseException) -> bool:
    """True when the call may have committed anyway (a lost connection, a bug): retry it with
    the same event id, never with a new one. A UserError is a refusal: nothing was written."""
    return not isinstance(exc, errors.UserError) or isinstance(exc, errors.DatabaseError)

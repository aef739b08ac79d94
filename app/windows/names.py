"""Translated names of roles and permissions.

The domain keeps English names (app.auth.permissions); the interface shows them in the chosen
language. QT_TRANSLATE_NOOP marks them for lupdate; `role_title` and `permission_title`
translate at display time, so a language switch needs no restart."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

_ROLES = {
    "cashier": QT_TRANSLATE_NOOP("Roles", "Toll cashier"),
    "recharge_clerk": QT_TRANSLATE_NOOP("Roles", "Recharge clerk"),
    "finance": QT_TRANSLATE_NOOP("Roles", "Finance"),
    "manager": QT_TRANSLATE_NOOP("Roles", "Manager"),
    "admin": QT_TRANSLATE_NOOP("Roles", "Administrator"),
    "meter_reader": QT_TRANSLATE_NOOP("Roles", "Meter reader"),
}

_PERMISSIONS = {
    "price.view": QT_TRANSLATE_NOOP("Permissions", "View the fee price list"),
    "price.edit": QT_TRANSLATE_NOOP("Permissions", "Change fee prices"),
    "price.create": QT_TRANSLATE_NOOP("Permissions", "Create priced commodities"),
    "ticket.entry": QT_TRANSLATE_NOOP("Permissions", "Charge trucks at entry"),
    "ticket.refund": QT_TRANSLATE_NOOP("Permissions", "Refund at exit"),
    "ticket.void": QT_TRANSLATE_NOOP("Permissions", "Void a ticket"),
    "ticket.manual_weight": QT_TRANSLATE_NOOP("Permissions", "Enter a weight by hand"),
    "voucher.reprint": QT_TRANSLATE_NOOP("Permissions", "Reprint vouchers"),
    "account.recharge": QT_TRANSLATE_NOOP("Permissions", "Recharge prepaid accounts"),
    "account.recharge_reverse": QT_TRANSLATE_NOOP("Permissions", "Reverse a recharge"),
    "shift.open": QT_TRANSLATE_NOOP("Permissions", "Open a shift"),
    "shift.close_other": QT_TRANSLATE_NOOP("Permissions", "Close another user's shift"),
    "cash.drop": QT_TRANSLATE_NOOP("Permissions", "Take cash from the drawer to the safe during a shift"),
    "cash.payout": QT_TRANSLATE_NOOP("Permissions", "Pay out cash from the drawer"),
    "handover.receive": QT_TRANSLATE_NOOP("Permissions", "Receive handovers"),
    "handover.accept_difference": QT_TRANSLATE_NOOP("Permissions", "Accept a cash difference"),
    "merchant.manage": QT_TRANSLATE_NOOP("Permissions", "Manage merchants"),
    "vehicle.manage": QT_TRANSLATE_NOOP("Permissions", "Manage vehicles"),
    "report.view": QT_TRANSLATE_NOOP("Permissions", "View reports"),
    "settings.manage": QT_TRANSLATE_NOOP("Permissions", "Manage settings"),
    "user.manage": QT_TRANSLATE_NOOP("Permissions", "Manage users and roles"),
    "device.manage": QT_TRANSLATE_NOOP("Permissions", "Manage devices"),
    "meter.control": QT_TRANSLATE_NOOP("Permissions", "Control meters"),
    "reading.enter": QT_TRANSLATE_NOOP("Permissions", "Enter meter readings"),
    "bill.generate": QT_TRANSLATE_NOOP("Permissions", "Generate bills"),
    "reconcile.run": QT_TRANSLATE_NOOP("Permissions", "Run reconciliation"),
    "split.edit": QT_TRANSLATE_NOOP("Permissions", "Edit split rules"),
}


def role_title(role: str) -> str:
    """Roles added later by an administrator have no translation: their name is shown."""
    source = _ROLES.get(role)
    return QCoreApplication.translate("Roles", source) if source else role


def permission_title(permission: str) -> str:
    source = _PERMISSIONS.get(permission)
    return QCoreApplication.translate("Permissions", source) if source else permission

"""The named permissions of DESIGN.md section 8 and the six default roles.

The default roles are written into the database by the migrations; this module is the
reference the code (and the tests) check against."""

PERMISSIONS: dict[str, str] = {
    "price.view": "View the fee price list",
    "price.edit": "Change fee prices",
    "price.create": "Create priced commodities",
    "ticket.entry": "Charge trucks at entry",
    "ticket.refund": "Refund at exit",
    "ticket.void": "Void a ticket",
    "ticket.manual_weight": "Enter a weight by hand",
    "voucher.reprint": "Reprint vouchers",
    "account.recharge": "Recharge prepaid accounts",
    "account.recharge_reverse": "Reverse a recharge",
    "shift.open": "Open a shift",
    "shift.close_other": "Close another user's shift",
    "cash.drop": "Take cash from the drawer to the safe during a shift",
    "cash.payout": "Pay out cash from the drawer",
    "handover.receive": "Receive handovers",
    "handover.accept_difference": "Accept a cash difference",
    "merchant.manage": "Manage merchants",
    "vehicle.manage": "Manage vehicles",
    "report.view": "View reports",
    "settings.manage": "Manage settings",
    "user.manage": "Manage users and roles",
    "device.manage": "Manage devices",
    "meter.control": "Control meters",
    "reading.enter": "Enter meter readings",
    "bill.generate": "Generate bills",
    "reconcile.run": "Run reconciliation",
    "split.edit": "Edit split rules",
}

_MANAGER = frozenset(PERMISSIONS) - {"user.manage", "settings.manage", "device.manage"}
# Permissions added after the first release reach existing databases by migration (0006).

DEFAULT_ROLES: dict[str, frozenset[str]] = {
    "cashier": frozenset({"ticket.entry", "ticket.refund", "shift.open", "cash.drop"}),
    "recharge_clerk": frozenset({"account.recharge", "shift.open", "cash.drop"}),
    "finance": frozenset({"handover.receive", "handover.accept_difference", "report.view",
                          "reconcile.run", "shift.close_other"}),
    "manager": _MANAGER,
    "admin": frozenset(PERMISSIONS),
    "meter_reader": frozenset({"reading.enter"}),
}

ROLE_TITLES: dict[str, str] = {
    "cashier": "Toll cashier",
    "recharge_clerk": "Recharge clerk",
    "finance": "Finance",
    "manager": "Manager",
    "admin": "Administrator",
    "meter_reader": "Meter reader",
}

for _role, _perms in DEFAULT_ROLES.items():
    assert _perms <= set(PERMISSIONS), f"role {_role} names an unknown permission"

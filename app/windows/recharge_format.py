"""How the recharge desk names payment methods, account states and kinds of movement in the
interface language. The domain keeps the English codes (app.recharge.channels.METHODS,
Merchant.status, TransferCode); QT_TRANSLATE_NOOP marks the titles for lupdate and they are
translated when shown, so a language switch needs no restart."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from app.windows.desk_format import money  # noqa: F401  (the desks write money one way)

translate = QCoreApplication.translate
CONTEXT = "RechargeFormat"

# In the order of their keys F1 … F5.
METHODS = {
    "cash": QT_TRANSLATE_NOOP("RechargeFormat", "Cash"),
    "bank_card": QT_TRANSLATE_NOOP("RechargeFormat", "Bank card"),
    "wechat": QT_TRANSLATE_NOOP("RechargeFormat", "WeChat Pay"),
    "alipay": QT_TRANSLATE_NOOP("RechargeFormat", "Alipay"),
    "bank_transfer": QT_TRANSLATE_NOOP("RechargeFormat", "Bank transfer"),
}
METHOD_KEYS = {method: f"F{i + 1}" for i, method in enumerate(METHODS)}

STATUSES = {
    "active": QT_TRANSLATE_NOOP("RechargeFormat", "Active"),
    "suspended": QT_TRANSLATE_NOOP("RechargeFormat", "FROZEN: no recharge, no charge"),
    "closed": QT_TRANSLATE_NOOP("RechargeFormat", "CLOSED"),
}

# The statement's movement filter: a title and the transfer codes it keeps (None: all).
MOVEMENT_FILTERS = (
    (QT_TRANSLATE_NOOP("RechargeFormat", "All movements"), None),
    (QT_TRANSLATE_NOOP("RechargeFormat", "Recharges and reversals"), frozenset({"RECHARGE", "RECHARGE_REVERSAL"})),
    (QT_TRANSLATE_NOOP("RechargeFormat", "Trade fees"), frozenset({"FEE", "CORRECTION"})),
    (QT_TRANSLATE_NOOP("RechargeFormat", "Exit refunds"), frozenset({"REFUND"})),
    (QT_TRANSLATE_NOOP("RechargeFormat", "Meter top-ups"), frozenset({"METER_VEND"})),
    (QT_TRANSLATE_NOOP("RechargeFormat", "Account closing"), frozenset({"ACCOUNT_CLOSE"})),
)

MOVEMENTS = {
    "RECHARGE": QT_TRANSLATE_NOOP("RechargeFormat", "Recharge"),
    "RECHARGE_REVERSAL": QT_TRANSLATE_NOOP("RechargeFormat", "Recharge reversal"),
    "FEE": QT_TRANSLATE_NOOP("RechargeFormat", "Trade fee"),
    "REFUND": QT_TRANSLATE_NOOP("RechargeFormat", "Exit refund"),
    "CORRECTION": QT_TRANSLATE_NOOP("RechargeFormat", "Voided entry returned"),
    "ACCOUNT_CLOSE": QT_TRANSLATE_NOOP("RechargeFormat", "Paid out at closing"),
    "METER_VEND": QT_TRANSLATE_NOOP("RechargeFormat", "Meter top-up"),
    "SPLIT": QT_TRANSLATE_NOOP("RechargeFormat", "Payment split"),
}


def _title(table: dict, key: str | None) -> str:
    source = table.get(key or "")
    return translate(CONTEXT, source) if source else (key or "")


def method_title(method: str | None) -> str:
    return _title(METHODS, method)


def status_title(status: str | None) -> str:
    return _title(STATUSES, status)


def movement_title(code: str | None) -> str:
    return _title(MOVEMENTS, code)


def filter_titles() -> list[str]:
    return [translate(CONTEXT, title) for title, _codes in MOVEMENT_FILTERS]

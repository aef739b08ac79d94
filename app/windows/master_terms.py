"""The master data's code words (merchant kinds and statuses, price sources, fee rounding
units) in the interface language. The domain keeps the English codes; QT_TRANSLATE_NOOP
marks the titles for lupdate and they are translated when shown, so a language switch needs
no restart."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

CONTEXT = "MasterTerms"

MERCHANT_KINDS = {
    "fixed": QT_TRANSLATE_NOOP("MasterTerms", "Fixed (prepaid account)"),
    "temporary": QT_TRANSLATE_NOOP("MasterTerms", "Temporary (cash)"),
}
MERCHANT_KINDS_SHORT = {
    "fixed": QT_TRANSLATE_NOOP("MasterTerms", "Fixed"),
    "temporary": QT_TRANSLATE_NOOP("MasterTerms", "Temporary"),
}
MERCHANT_STATUSES = {
    "active": QT_TRANSLATE_NOOP("MasterTerms", "Active"),
    "suspended": QT_TRANSLATE_NOOP("MasterTerms", "Suspended"),
    "closed": QT_TRANSLATE_NOOP("MasterTerms", "Closed"),
}
PRICE_SOURCES = {
    "commodity": QT_TRANSLATE_NOOP("MasterTerms", "own price"),
    "category": QT_TRANSLATE_NOOP("MasterTerms", "category price"),
}
ROUNDING_UNITS = {
    1: QT_TRANSLATE_NOOP("MasterTerms", "to the fen (0.01 yuan)"),
    10: QT_TRANSLATE_NOOP("MasterTerms", "to the jiao (0.10 yuan)"),
    100: QT_TRANSLATE_NOOP("MasterTerms", "to the yuan (1.00 yuan)"),
}
_YES_NO = {
    True: QT_TRANSLATE_NOOP("MasterTerms", "yes"),
    False: QT_TRANSLATE_NOOP("MasterTerms", "no"),
}


def _title(table: dict, key) -> str:
    source = table.get(key)
    return QCoreApplication.translate(CONTEXT, source) if source else str(key or "")


def merchant_kind(kind: str | None) -> str:
    return _title(MERCHANT_KINDS, kind)


def merchant_kind_short(kind: str | None) -> str:
    return _title(MERCHANT_KINDS_SHORT, kind)


def merchant_status(status: str | None) -> str:
    return _title(MERCHANT_STATUSES, status)


def price_source(source: str | None) -> str:
    return _title(PRICE_SOURCES, source)


def rounding_unit(rounding_fen: int) -> str:
    return _title(ROUNDING_UNITS, rounding_fen)


def yes_no(value: bool) -> str:
    return _title(_YES_NO, bool(value))

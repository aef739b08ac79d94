"""Spreadsheet cells that cannot run: a text cell that begins with =, +, - or @ would be read
as a formula by Excel or LibreOffice (CSV/XLSX injection), so it gets a leading apostrophe."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text is made inert; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(v) for v in values]

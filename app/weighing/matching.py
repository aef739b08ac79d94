"""Fragment, prefix and suffix tests on text columns that stay fast on both engines, for the
searches that run on every keystroke.

SQLite: a fragment is instr() (or, ignoring case, a LIKE without an ESCAPE clause, which
would double LIKE's cost), a prefix an index range (exact under SQLite's binary collation; a
case-insensitive LIKE never uses an index), a suffix substr(). PostgreSQL: LIKE '%fragment%'
(faster there than strpos()), LIKE 'prefix%' (an index range where the database's collation
allows), right(). Results are ordered by code point (COLLATE "C" on PostgreSQL), the same on
both engines, and because sorting thousands of matches by a linguistic collation costs more
than the scan that found them."""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.orm import Session

LIKE_ESCAPE = "\\"


def like_escaped(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character LIKE_ESCAPE)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _successor(text: str) -> str:
    """The smallest string above every string starting with `text` (code point order)."""
    assert text and text[-1] != chr(0x10FFFF)
    following = ord(text[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:   # surrogates are no characters: skip them
        following = 0xE000
    return text[:-1] + chr(following)


class Matcher:
    """Predicates for one engine; `text` is always bound as a parameter."""

    def __init__(self, dialect_name: str):
        assert dialect_name in ("sqlite", "postgresql")
        self.pg = dialect_name == "postgresql"

    @classmethod
    def of(cls, session: Session) -> "Matcher":
        return cls(session.get_bind().dialect.name)

    def contains(self, column, text: str, *, fold_case: bool = False):
        """`column` contains `text`; with fold_case, ignoring the case of letters (only paid
        for when `text` has letters with a case)."""
        assert text
        if fold_case and text.lower() != text.upper():
            if not self.pg and not any(ch in text for ch in "%_\\"):
                return column.like(f"%{text}%")   # SQLite's LIKE ignores the case of A-Z, as its lower() does
            column, text = func.lower(column), text.lower()
        if self.pg:  # LIKE beats strpos() there
            return column.like("%" + like_escaped(text) + "%", escape=LIKE_ESCAPE)
        return func.instr(column, text) > 0

    def startswith(self, column, text: str):
        assert text
        if self.pg:
            # In code point order, so that an index on (column COLLATE "C") serves it as a range
            # in order whatever the database's collation: for the plates,
            # CREATE INDEX ix_vehicles_plate_c ON vehicles (plate COLLATE "C").
            return column.collate("C").like(like_escaped(text) + "%", escape=LIKE_ESCAPE)
        if text[-1] == chr(0x10FFFF):   # no successor: the slow way
            return func.substr(column, 1, len(text)) == text
        return (column >= text) & (column < _successor(text))

    def endswith(self, column, text: str):
        assert text
        if self.pg:
            return func.right(column, len(text)) == text
        return func.substr(column, -len(text)) == text

    def order_key(self, column):
        """`column` for ORDER BY: code point order on both engines."""
        return column.collate("C") if self.pg else column

"""Counting a drawer by denomination (100, 50, 20, 10, 5, 1, 0.5 and 0.1 yuan)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from app.errors import ValidationError
from app.money import format_fen, parse_yuan

DENOMINATIONS_FEN = (100_00, 50_00, 20_00, 10_00, 5_00, 1_00, 50, 10)
PIECES_MAX = 100_000        # of one denomination: more is a typing mistake
COUNT_MAX_FEN = 100_000_000  # 1 000 000 yuan in one drawer


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination, in DENOMINATIONS_FEN order of keys; absent means 0."""
    pieces: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, pieces: dict[int, int]) -> "CashCount":
        for denomination, count in pieces.items():
            if denomination not in DENOMINATIONS_FEN:
                raise ValidationError(f"denomination {format_fen(denomination)} yuan: not a banknote or coin "
                                      "we count (100, 50, 20, 10, 5, 1, 0.5, 0.1)")
            if type(count) is not int or not 0 <= count <= PIECES_MAX:
                raise ValidationError(f"{format_fen(denomination)} yuan: the number of pieces must be "
                                      f"between 0 and {PIECES_MAX}")
        count = cls(tuple((d, pieces[d]) for d in DENOMINATIONS_FEN if pieces.get(d)))
        if count.total_fen > COUNT_MAX_FEN:
            raise ValidationError(f"counted cash: at most {format_fen(COUNT_MAX_FEN)} yuan")
        return count

    @property
    def total_fen(self) -> int:
        return sum(d * n for d, n in self.pieces)

    def to_json(self) -> str:
        return json.dumps([list(pair) for pair in self.pieces])

    @classmethod
    def from_json(cls, text: str) -> "CashCount":
        return cls(tuple((int(d), int(n)) for d, n in json.loads(text)))


def parse_pieces(text: str) -> dict[int, int]:
    """'100=12,50=3,0.5=4' (yuan=pieces) as typed on the command line -> {fen: pieces}."""
    pieces: dict[int, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        value, sep, count = part.partition("=")
        if not sep or not count.strip().isdigit():
            raise ValidationError(f"count '{part}': write denomination=pieces, e.g. 100=12")
        denomination = parse_yuan(value.strip(), "denomination")
        pieces[denomination] = pieces.get(denomination, 0) + int(count)
    return pieces

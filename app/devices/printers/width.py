"""Column arithmetic for Chinese ESC/POS printers.

In Chinese character mode (FS &) the printer draws every two-byte code of its code page as
one full-width glyph and every ASCII byte as a half-width one, so a character's width in
columns is the number of bytes it takes in the printer encoding: 1 for ASCII, 2 for a Hanzi
or the fullwidth ￥.

What the printer cannot draw is replaced by '?' (width 1) before anything is measured or
sent, so the column arithmetic and the bytes on paper always agree:
- characters the encoding cannot represent at all (an emoji in Big5, say);
- characters that take 4 bytes in GB18030 (emoji, rare CJK extensions, '•', '²'): printer
  fonts hold the two-byte GBK repertoire only, and a 4-byte sequence prints as garbage that
  also breaks the columns;
- control characters (ESC, GS, ... would be printer commands: a merchant name must never
  open the cash drawer). A tab becomes one space; line breaks are handled by wrap().
The one exception is the yen sign, which is swapped for the variant the code page draws two
columns wide (GB18030 has ￥ U+FFE5, Python's Big5 maps its fullwidth yen to U+00A5), so a
template typed with either sign prints the currency."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

ENCODINGS = ("gb18030", "big5")
ALIGNS = ("left", "center", "right")
REPLACEMENT = "?"
SUBSTITUTES = {"gb18030": {"¥": "￥", "\t": " "}, "big5": {"￥": "¥", "\t": " "}}
MAX_CHAR_BYTES = 2          # a printer glyph is one or two bytes; anything longer is replaced
MIN_COLUMNS = 2             # a double-width character must fit on a line
MAX_COLUMNS = 96            # 80 mm paper at the smallest font; more is a units mistake
MAX_TEXT_CHARS = 20_000     # one text block of a receipt; longer is a runaway, not a voucher
PAIR_GAP_COLUMNS = 1        # at least one blank column between a label and its value


def _check_encoding(encoding: str) -> None:
    if encoding not in ENCODINGS:
        raise ValueError(f"printer encoding {encoding!r}: one of {', '.join(ENCODINGS)}")


@lru_cache(maxsize=16_384)
def printable_char(ch: str, encoding: str) -> str:
    """The character the printer will draw for `ch`: itself, its substitute, or '?'."""
    assert len(ch) == 1, f"one character, not {ch!r}"
    _check_encoding(encoding)
    ch = SUBSTITUTES[encoding].get(ch, ch)
    if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:  # C0, DEL, C1: commands, never text
        return REPLACEMENT
    try:
        encoded = ch.encode(encoding)
    except UnicodeEncodeError:
        return REPLACEMENT
    return ch if len(encoded) <= MAX_CHAR_BYTES else REPLACEMENT


def printable(s: str, encoding: str) -> str:
    """`s` as the printer will draw it (see the module notes); newlines become '?' too."""
    assert isinstance(s, str), f"text, not {type(s).__name__}"
    if len(s) > MAX_TEXT_CHARS:
        raise ValueError(f"text of {len(s)} characters: at most {MAX_TEXT_CHARS} in one block")
    return "".join(printable_char(ch, encoding) for ch in s)


def char_width(ch: str, encoding: str) -> int:
    """Columns one character takes: its byte count in `encoding` after replacement (1 or 2)."""
    return len(printable_char(ch, encoding).encode(encoding))


def text_width(s: str, encoding: str) -> int:
    return sum(char_width(ch, encoding) for ch in s)


def _check_columns(columns: int) -> None:
    if isinstance(columns, bool) or not isinstance(columns, int) or not MIN_COLUMNS <= columns <= MAX_COLUMNS:
        raise ValueError(f"columns: {MIN_COLUMNS} to {MAX_COLUMNS}, not {columns!r}")


def wrap(s: str, columns: int, encoding: str) -> list[str]:
    """Lines of at most `columns` columns. Explicit newlines are kept (an empty paragraph is an
    empty line); CJK text breaks between any two characters, other text at spaces; a word
    longer than a line is broken; spaces at a break are dropped. Every other character is
    kept, in order, after the replacements of printable()."""
    _check_columns(columns)
    if len(s) > MAX_TEXT_CHARS:
        raise ValueError(f"text of {len(s)} characters: at most {MAX_TEXT_CHARS} in one block")
    lines: list[str] = []
    for paragraph in s.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(printable(paragraph, encoding), columns, encoding))
    assert all(text_width(line, encoding) <= columns for line in lines)
    return lines


def _wrap_paragraph(text: str, columns: int, encoding: str) -> list[str]:
    out: list[str] = []
    line: list[str] = []
    width = 0
    for ch in text:
        w = char_width(ch, encoding)
        if not line and out and ch == " ":
            continue  # a continuation line does not start with the spaces of the break
        if width + w <= columns:
            line.append(ch)
            width += w
            continue
        if ch == " ":  # the space that would overflow is the break itself
            out.append("".join(line).rstrip(" "))
            line, width = [], 0
            continue
        cut = _break_point(line, ch, encoding)
        out.append("".join(line[:cut]).rstrip(" "))
        line = line[cut:]
        while line and line[0] == " ":
            line.pop(0)
        line.append(ch)
        width = text_width("".join(line), encoding)
        assert width <= columns
    if line or not out:
        out.append("".join(line))
    return out


def _break_point(line: list[str], ch: str, encoding: str) -> int:
    """Where to end `line` so that `ch` starts the next one: after the last space or next to a
    double-width character (CJK breaks anywhere), else hard at the end (a long word)."""
    def breakable(i: int) -> bool:  # between line[i-1] and line[i] (or ch when i == len)
        before = line[i - 1]
        after = line[i] if i < len(line) else ch
        return (before == " " or after == " " or char_width(before, encoding) > 1
                or char_width(after, encoding) > 1)

    for i in range(len(line), 0, -1):
        if breakable(i) and "".join(line[:i]).strip(" "):
            return i
    return len(line)


def align(s: str, columns: int, how: str, encoding: str) -> str:
    """One line padded with spaces to exactly `columns` columns. Too wide is a caller's bug
    (wrap first), not something to cut silently."""
    _check_columns(columns)
    if how not in ALIGNS:
        raise ValueError(f"align: one of {', '.join(ALIGNS)}, not {how!r}")
    s = printable(s, encoding)
    pad = columns - text_width(s, encoding)
    if pad < 0:
        raise ValueError(f"{s!r} is {columns - pad} columns wide, the line only {columns}")
    if how == "left":
        return s + " " * pad
    if how == "right":
        return " " * pad + s
    return " " * (pad // 2) + s + " " * (pad - pad // 2)


def pair(label: str, value: str, columns: int, encoding: str) -> list[str]:
    """Label on the left, value right-aligned on the same line when both fit with a blank
    column between; else the label (wrapped) and the value right-aligned below it."""
    _check_columns(columns)
    label_p, value_p = printable(label, encoding), printable(value, encoding)
    used = text_width(label_p, encoding) + text_width(value_p, encoding)
    one_line = "\n" not in label and "\r" not in label and "\n" not in value and "\r" not in value
    if one_line and used + PAIR_GAP_COLUMNS <= columns:
        return [label_p + " " * (columns - used) + value_p]
    lines = wrap(label, columns, encoding)
    lines += [align(v, columns, "right", encoding) for v in wrap(value, columns, encoding)]
    return lines


def columns_row(cells: Sequence[str], widths: Sequence[int], aligns: Sequence[str], encoding: str) -> list[str]:
    """A table row: cell i wrapped and aligned within widths[i] columns. Widths include the
    gap: every cell but the last keeps its rightmost column blank, so neighbours never touch.
    Returns lines exactly sum(widths) columns wide (a cell that wraps makes the row taller)."""
    if not (len(cells) == len(widths) == len(aligns) >= 1):
        raise ValueError(f"row: {len(cells)} cells, {len(widths)} widths, {len(aligns)} aligns")
    blocks: list[list[str]] = []
    for i, (cell, width, how) in enumerate(zip(cells, widths, aligns)):
        assert isinstance(cell, str), f"cell {i}: text, not {type(cell).__name__} (format numbers first)"
        last = i == len(cells) - 1
        inner = width if last else width - 1
        if isinstance(width, bool) or not isinstance(width, int) or inner < MIN_COLUMNS:
            raise ValueError(f"row: cell {i} is {width!r} columns wide, at least {MIN_COLUMNS + (not last)}")
        gap = "" if last else " "
        blocks.append([align(line, inner, how, encoding) + gap for line in wrap(cell, inner, encoding)])
    height = max(len(b) for b in blocks)
    rows = []
    for r in range(height):
        rows.append("".join(b[r] if r < len(b) else " " * w for b, w in zip(blocks, widths)))
    total = sum(widths)
    assert all(text_width(row, encoding) == total for row in rows)
    return rows

"""Statement rows -> lines, with every problem named by file, row, column and value. The whole
file is read before anything is written, so the caller decides: all or nothing, or the valid
rows only."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from app.errors import ValidationError
from app.reconcile.formats import ColumnMapping
from app.reconcile.reader import ROWS_MAX

HEADER_SEARCH_ROWS = 40
ERRORS_KEPT_MAX = 1000
REFERENCE_PATTERN = re.compile(r"[0-9A-Z/_.]{4,64}")
REFUND_NO_PATTERN = re.compile(r"[0-9A-Z/_.]{1,64}")   # Alipay's is the merchant's, unique per payment only
_AMOUNT = re.compile(r"(-?)(\d{1,13})(?:\.(\d{1,2}))?")
_STRIP = " \t\r\n`'\"\ufeff"


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, column {self.column}: {self.problem} (value '{self.value}')"


@dataclass(frozen=True)
class ParsedLine:
    row_no: int
    kind: str            # payment | refund
    reference: str       # the channel's transaction number (a refund's: the refunded payment's)
    refund_no: str       # a refund's own number on the statement; "" for a payment or when there is none
    order_no: str | None
    amount_fen: int      # > 0
    fee_fen: int         # as the channel reports it (a refunded fee is negative)
    occurred_at: datetime  # naive UTC


@dataclass
class ParsedStatement:
    file_name: str
    lines: list[ParsedLine]
    errors: list[RowError]   # the first ERRORS_KEPT_MAX
    error_count: int

FLOAT_EXACT_MAX = 2 ** 53  # integers a double holds exactly

def normalise_reference(text: str) -> str:
    """As app.recharge.channels does for what the clerk typed: no spaces or dashes, upper case."""
    return re.sub(r"[\s\-]", "", text).upper()


def clean(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(_STRIP)


def parse_fen(value) -> int:
    """Yuan as text or a spreadsheet number -> signed fen; ValueError if it is not one."""
    if isinstance(value, float):
        value = _float_text(value)
    text = value.strip(_STRIP) if value.__class__ is str else clean(value)
    m = _AMOUNT.fullmatch(text)
    if m is None:
        m = _AMOUNT.fullmatch(text.replace(",", "").replace("¥", "").replace("￥", ""))
        if m is None:
            raise ValueError(text)
    fen = int(m.group(2)) * 100 + int((m.group(3) or "0").ljust(2, "0"))
    return -fen if m.group(1) else fen


def _float_text(value: float) -> str:
    if not abs(value) < 1e13:  # also NaN
        raise ValueError(value)
    exact = Decimal(repr(value))
    if exact != exact.quantize(Decimal("0.01")):
        raise ValueError(value)
    return str(exact)


_OFFSETS: dict[datetime, object] = {}


def parse_time(value) -> datetime:
    """A local time (as the channel prints it) -> naive UTC. The offset is looked up once per
    local hour (the same for every line of that hour)."""
    if isinstance(value, datetime):
        local = value
    elif isinstance(value, date):
        local = datetime(value.year, value.month, value.day)
    else:
        text = clean(value).replace("/", "-")
        if len(text) == 14 and text.isdigit():
            text = f"{text[:4]}-{text[4:6]}-{text[6:8]} {text[8:10]}:{text[10:12]}:{text[12:]}"
        local = datetime.fromisoformat(text)
    if local.tzinfo is not None:
        return local.astimezone(timezone.utc).replace(tzinfo=None)
    hour = local.replace(minute=0, second=0, microsecond=0)
    offset = _OFFSETS.get(hour)
    if offset is None:
        if len(_OFFSETS) > 100_000:
            _OFFSETS.clear()
        offset = _OFFSETS[hour] = hour.astimezone().utcoffset()
    return local - offset


def _header_index(cells: list, names: tuple[str, ...]) -> int | None:
    cleaned = [clean(c) for c in cells]
    for name in names:
        if name in cleaned:
            return cleaned.index(name)
    return None


def parse_rows(file_name: str, rows, mapping: ColumnMapping) -> ParsedStatement:
    errors: list[RowError] = []
    count = 0

    def fail(row: int, column: str, value, problem: str) -> None:
        nonlocal count
        count += 1
        if len(errors) < ERRORS_KEPT_MAX:
            errors.append(RowError(file_name, row, column, clean(value)[:60], problem))

    rows = iter(rows)
    columns = _find_header(file_name, rows, mapping)
    names = {key: header for key, (header, _i) in columns.items()}
    idx = {key: i for key, (_h, i) in columns.items()}
    ref_i, amount_i, time_i = idx["reference"], idx["amount"], idx["time"]
    fee_i, kind_i, order_i, refund_i, refund_no_i = (idx.get("fee"), idx.get("kind"), idx.get("order_no"),
                                                     idx.get("refund_amount"), idx.get("refund_no"))
    width = max(idx.values()) + 1
    refunds, skips = frozenset(mapping.refund_values), frozenset(mapping.skip_values)
    seen: dict[tuple[str, str, str], int] = {}
    lines: list[ParsedLine] = []
    for row_no, cells in rows:
        first = clean(cells[0]) if cells else ""
        if mapping.stop_prefixes and first.startswith(mapping.stop_prefixes):
            break
        if not first and not any(clean(c) for c in cells):
            continue
        if len(lines) + count >= ROWS_MAX:
            raise ValidationError(f"{file_name}: more than {ROWS_MAX} rows; split the statement by period")
        if len(cells) < width:
            fail(row_no, names["amount"] if len(cells) <= amount_i else "-", "", f"the row has only {len(cells)} "
                 f"cells, the header has {width}")
            continue
        kind = "payment"
        if kind_i is not None:
            value = clean(cells[kind_i])
            if value in skips:
                continue
            if value in refunds:
                kind = "refund"
        raw_ref = cells[ref_i]
        reference, problem = _number(raw_ref, REFERENCE_PATTERN, "transaction number")
        if problem:
            fail(row_no, names["reference"], raw_ref, problem)
            continue
        source_i = refund_i if kind == "refund" and refund_i is not None else amount_i
        try:
            amount = parse_fen(cells[source_i])
        except (ValueError, ArithmeticError):
            fail(row_no, mapping_header(columns, source_i), cells[source_i], "not an amount in yuan")
            continue
        if amount < 0:
            if not mapping.negative_is_refund and kind != "refund":
                fail(row_no, mapping_header(columns, source_i), cells[source_i], "a negative amount")
                continue
            kind, amount = "refund", -amount
        if amount == 0:
            fail(row_no, mapping_header(columns, source_i), cells[source_i], "the amount is zero")
            continue
        fee = 0
        if fee_i is not None and clean(cells[fee_i]):
            try:
                fee = parse_fen(cells[fee_i])
            except (ValueError, ArithmeticError):
                fail(row_no, names["fee"], cells[fee_i], "not an amount in yuan")
                continue
        try:
            at = parse_time(cells[time_i])
        except (ValueError, OverflowError):
            fail(row_no, names["time"], cells[time_i], "not a date and time (YYYY-MM-DD HH:MM:SS)")
            continue
        refund_no = ""
        if kind == "refund" and refund_no_i is not None and clean(cells[refund_no_i]) not in ("", "0"):
            refund_no, problem = _number(cells[refund_no_i], REFUND_NO_PATTERN, "refund number")
            if problem:
                fail(row_no, names["refund_no"], cells[refund_no_i], problem)
                continue
        key = (kind, reference, refund_no)
        if key in seen:
            column = "refund_no" if refund_no else "reference"
            fail(row_no, names[column], cells[idx[column]], f"the same {kind} is already on row {seen[key]}")
            continue
        seen[key] = row_no
        order_no = clean(cells[order_i])[:64] or None if order_i is not None else None
        lines.append(ParsedLine(row_no, kind, reference, refund_no, order_no, amount, fee, at))
    return ParsedStatement(file_name, lines, errors, count)


def _number(raw, pattern: re.Pattern, what: str) -> tuple[str, str | None]:
    """A transaction or refund number, normalised; or the problem with it."""
    # A spreadsheet keeps a long number as a double: past 2**53 its last digits are lost.
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and \
            (abs(raw) >= FLOAT_EXACT_MAX or not float(raw).is_integer()):
        return "", f"the {what} is stored as a number: format the column as text"
    number = normalise_reference(clean(raw))
    return (number, None) if pattern.fullmatch(number) else ("", f"not a {what}")


def mapping_header(columns: dict[str, tuple[str, int]], index: int) -> str:
    return next(header for header, i in columns.values() if i == index)


def _find_header(file_name: str, rows, mapping: ColumnMapping) -> dict[str, tuple[str, int]]:
    """The first row naming every required column; optional columns are used when present."""
    first_row = None
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            row_no, cells = next(rows)
        except StopIteration:
            break
        if first_row is None and any(clean(c) for c in cells):
            first_row = row_no
        found = {}
        for key, names in {**mapping.required(), **mapping.optional()}.items():
            i = _header_index(cells, names) if names else None
            if i is not None:
                found[key] = (clean(cells[i]), i)
        if all(key in found for key in mapping.required()):
            return found
    if first_row is None:
        raise ValidationError(f"{file_name}: the file has no rows")
    missing = " / ".join(mapping.reference + mapping.amount + mapping.time)
    raise ValidationError(f"{file_name}: row {first_row}, column header: no header row with the columns of the "
                          f"'{mapping.name}' format was found ({missing}); choose the right format or channel")

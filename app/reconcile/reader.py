"""A statement file as rows of cells, each row with its number in the file (1-based, as a
spreadsheet shows it). CSV in UTF-8 (with or without BOM) or GBK/GB18030, comma or tab
separated; XLSX read in read-only mode (first sheet). Nothing here knows what the columns mean."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from app.errors import ValidationError

FILE_MAX_BYTES = 64 * 1024 * 1024
ROWS_MAX = 200_000            # data rows of one statement
XLSX_MAGIC = b"PK\x03\x04"
Row = tuple[int, list]        # (row number in the file, cells: str, or numbers/datetimes from XLSX)


def read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > FILE_MAX_BYTES:
            raise ValidationError(f"{path.name}: the file is {size // (1024 * 1024)} MB; at most "
                                  f"{FILE_MAX_BYTES // (1024 * 1024)} MB can be imported (split the period)")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path.name}: cannot read the file ({exc.strerror})") from None


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else GB18030 (a superset of GBK, how Chinese bills come)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(f"{name}: the file is UTF-16 text; save it as CSV (UTF-8 or GBK) or XLSX")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"{name}: the file is neither UTF-8 nor GBK text, nor an XLSX workbook")


def rows(name: str, data: bytes) -> Iterator[Row]:
    if not data.strip():
        raise ValidationError(f"{name}: the file is empty")
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(name, data)
    return _csv_rows(name, decode_text(name, data))


def _csv_rows(name: str, text: str) -> Iterator[Row]:
    if "\x00" in text:
        raise ValidationError(f"{name}: the file holds binary data, not CSV text")
    first = text[:4096].split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationError(f"{name}: row {start}: not valid CSV ({exc})") from None


def _xlsx_rows(name: str, data: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(f"{name}: not a readable XLSX workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if v is None else v for v in values]
    finally:
        book.close()

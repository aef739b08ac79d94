"""The report as an XLSX workbook (a summary sheet, then one sheet per section) and a section
as CSV. Amounts are numbers in yuan shown with two decimals, weights in tonnes with three;
every text cell goes through `neutralise`, so nothing typed by a user runs as a formula."""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from app.reports.books.files import write_atomic
from app.reports.books.model import Cancelled, PeriodReport
from app.reports.books.tables import COUNT, MONEY, TEXT, WEIGHT, Table, cell_text, report_tables, summary_pairs, \
    tonnes, yuan
from app.reports.cells import neutralise

FORMATS = {MONEY: "0.00", WEIGHT: "0.000", COUNT: "0"}


def _value(value, kind: str):
    if value is None or value == "":
        return None
    if kind == MONEY:
        return yuan(value)
    if kind == WEIGHT:
        return tonnes(value)
    if kind == COUNT:
        return value
    return neutralise(str(value))


def _sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.title[:31])
    sheet.append([neutralise(c.title) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
    for row in rows:
        sheet.append([_value(v, c.kind) for v, c in zip(row, table.columns)])
    for index, column in enumerate(table.columns, start=1):
        if column.kind in FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS[column.kind]
        width = max([len(column.title) * 2 + 2] + [len(cell_text(r[index - 1], column.kind)) + 2
                                                   for r in rows[:200]])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width, 60)
    if table.note:
        sheet.append([])
        sheet.append([neutralise(table.note)])


def write_xlsx(report: PeriodReport, path: str | os.PathLike, *,
               cancel: Callable[[], bool] | None = None) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append([neutralise(report.market_name), neutralise("收费报表")])
    for label, value in summary_pairs(report):
        summary.append([neutralise(label), neutralise(value)])
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 36
    for table in report_tables(report):
        if cancel is not None and cancel():
            raise Cancelled("report file cancelled")
        _sheet(book, table)
    return write_atomic(path, book.save)


def table_csv(table: Table) -> str:
    """One section as CSV text (UTF-8 with BOM when written, for Excel); amounts in yuan."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(c.title) for c in table.columns])
    for row in list(table.rows) + ([table.totals] if table.totals is not None else []):
        writer.writerow([neutralise(cell_text(v, c.kind)) if c.kind == TEXT else cell_text(v, c.kind)
                         for v, c in zip(row, table.columns)])
    return out.getvalue()


def write_csv(report: PeriodReport, section: str, path: str | os.PathLike) -> Path:
    tables = {t.key: t for t in report_tables(report)}
    if section not in tables:
        raise ValueError(f"no section {section!r}; one of {sorted(tables)}")
    data = table_csv(tables[section]).encode("utf-8-sig")
    return write_atomic(path, lambda out: out.write(data))

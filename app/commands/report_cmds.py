"""`report day|month`: the finance report of a local day or month as PDF or XLSX (or one
section as CSV). Read-only; run as the command-line actor."""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from app.commands import cli_actor
from app.errors import ValidationError

FORMATS = (".pdf", ".xlsx", ".csv")


def add_parser(sub) -> None:
    """The `report` sub-command, on the parser of app.cli."""
    report = sub.add_parser("report", help="finance reports").add_subparsers(dest="report_command", required=True)
    day = report.add_parser("day", help="a local day's report as PDF, XLSX or (one section) CSV")
    day.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    month = report.add_parser("month", help="a local month's report as PDF, XLSX or (one section) CSV")
    month.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    for p in (day, month):
        p.add_argument("--out", required=True, help="FILE.pdf, FILE.xlsx or FILE.csv")
        p.add_argument("--section", help="for CSV: by_commodity, by_category, by_counter, by_cashier, by_method, "
                                         "refunds, voids, recharges, balances or over_short")


def run(db, args: argparse.Namespace) -> int:
    if args.report_command == "day":
        return report_day(db, args.date, args.out, args.section)
    return report_month(db, args.month, args.out, args.section)


def _check_out(out: str, section: str | None) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(f"--out {out}: name a .pdf, .xlsx or .csv file")
    if (suffix == ".csv") != (section is not None):
        raise ValidationError("--section: give it for a .csv file (one section), and only then")
    return suffix


def report_day(db, day_text: str | None, out: str, section: str | None = None) -> int:
    from app.reports.books import day_report
    suffix = _check_out(out, section)
    try:
        day = date.fromisoformat(day_text) if day_text else date.today()
    except ValueError:
        raise ValidationError(f"--date {day_text!r}: use YYYY-MM-DD") from None
    return _write(day_report(db, cli_actor(), day), out, suffix, section)


def report_month(db, month_text: str | None, out: str, section: str | None = None) -> int:
    from app.reports.books import month_report
    suffix = _check_out(out, section)
    if month_text is None:
        year, month = date.today().year, date.today().month
    elif re.fullmatch(r"\d{4}-\d{2}", month_text):
        year, month = int(month_text[:4]), int(month_text[5:])
    else:
        raise ValidationError(f"--month {month_text!r}: use YYYY-MM")
    return _write(month_report(db, cli_actor(), year, month), out, suffix, section)


def _write(report, out: str, suffix: str, section: str | None) -> int:
    from app.reports.books import write_csv, write_pdf, write_xlsx
    if suffix == ".pdf":
        write_pdf(report, out)
    elif suffix == ".xlsx":
        write_xlsx(report, out)
    else:
        try:
            write_csv(report, section, out)
        except ValueError as exc:
            raise ValidationError(f"--section: {exc}") from None
    t = report.total
    print(f"{out}: {report.period_text()}, {t.tickets} tickets, net income {t.net_fen / 100:.2f} yuan",
          file=sys.stderr)
    return 0

"""`reconcile ...`: import a channel statement, show the differences, resolve one with a note,
export the report. Runs as the command-line actor (see app.commands.cli_actor).

Registration in app/cli.py: `add_parser(sub)` in build_parser, and `run(db, args)` for
command == "reconcile"."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from app.commands import cli_actor
from app.errors import UserError
from app.money import format_fen

CHANNELS = ("wechat", "alipay", "bank_card", "bank_transfer")
PRESETS = ("wechat", "alipay", "bank", "custom")


def add_parser(sub) -> None:
    rec = sub.add_parser("reconcile", help="channel reconciliation").add_subparsers(dest="reconcile_command",
                                                                                   required=True)
    imp = rec.add_parser("import", help="import a channel statement (CSV or XLSX) and match it")
    imp.add_argument("file")
    imp.add_argument("--channel", required=True, choices=CHANNELS)
    imp.add_argument("--preset", choices=PRESETS, help="file format (default: the channel's own)")
    imp.add_argument("--accept-valid-rows", action="store_true", help="import the valid rows, skip the bad ones")
    show = rec.add_parser("show", help="summary and differences, one JSON object per line "
                          "(the list is capped: the summary's shown_of counts them all)")
    show.add_argument("--open", action="store_true", help="only what is still unreconciled")
    show.add_argument("--channel", choices=CHANNELS)
    res = rec.add_parser("resolve", help="settle a difference with a note")
    res.add_argument("item", help="item number as `show` prints it (L…, R…, V…)")
    res.add_argument("--note", required=True)
    exp = rec.add_parser("export", help="the reconciliation report")
    exp.add_argument("--out", required=True, help="file.xlsx or file.pdf")


def run(db, args: argparse.Namespace) -> int:
    command = args.reconcile_command
    if command == "import":
        return reconcile_import(db, args.file, args.channel, args.preset, args.accept_valid_rows)
    if command == "show":
        return reconcile_show(db, args.open, args.channel)
    if command == "resolve":
        return reconcile_resolve(db, args.item, args.note)
    return reconcile_export(db, args.out)


def reconcile_import(db, file: str, channel: str, preset: str | None, accept_valid_rows: bool) -> int:
    from app.reconcile.service import import_statement
    r = import_statement(db, cli_actor(), file, channel=channel, preset=preset, accept_valid_rows=accept_valid_rows)
    print(json.dumps({"statement": r.statement_id, "file": r.file_name, "channel": r.channel, "lines": r.lines,
                      "skipped": r.skipped, "matched": r.matched, "amount": format_fen(r.amount_fen),
                      "fee": format_fen(r.fee_fen)}, ensure_ascii=False))
    return 0


def reconcile_show(db, open_only: bool, channel: str | None) -> int:
    from app.reconcile.report import overview
    from app.reconcile.service import refresh
    refresh(db, cli_actor())
    data = overview(db, cli_actor(), open_only=open_only, channel=channel)
    s = data.summary
    print(json.dumps({"statements": s.statements, "lines": s.lines, "matched": s.matched,
                      "matched_amount": format_fen(s.matched_fen), "fee": format_fen(s.fee_fen),
                      "open": s.open_by_outcome, "resolved": s.resolved,
                      "shown": len(data.items), "shown_of": data.shown_of}, ensure_ascii=False))
    for i in data.items:
        print(json.dumps({"item": i.key, "outcome": i.outcome, "channel": i.channel, "kind": i.kind,
                          "reference": i.reference, "time": i.at.isoformat(),
                          "channel_amount": None if i.channel_fen is None else format_fen(i.channel_fen),
                          "our_amount": None if i.ours_fen is None else format_fen(i.ours_fen),
                          "receipt": i.receipt_no, "note": i.note}, ensure_ascii=False))
    return 0


def reconcile_resolve(db, item: str, note: str) -> int:
    from app.reconcile.resolve import resolve
    done = resolve(db, cli_actor(), item, note)
    print(f"{done.key} ({done.outcome}) resolved", file=sys.stderr)
    return 0


def reconcile_export(db, out: str) -> int:
    from app.reconcile.report import export_pdf, export_xlsx
    suffix = Path(out).suffix.lower()
    if suffix == ".xlsx":
        export_xlsx(db, cli_actor(), out)
    elif suffix == ".pdf":
        from app.printing.branding import load_branding
        export_pdf(db, cli_actor(), out, printed_at=datetime.now().replace(microsecond=0),
                   market_name=load_branding(db).market_name)
    else:
        raise UserError("--out: a file ending in .xlsx or .pdf")
    print(f"{out}: reconciliation report written", file=sys.stderr)
    return 0

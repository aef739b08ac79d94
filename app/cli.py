"""The `marketdesk` command. The GUI is the default sub-command; Qt is imported only for it."""
from __future__ import annotations

import argparse
import logging
import sys

from app import __version__
from app.errors import UserError

log = logging.getLogger("marketdesk")


# app.printing.samples.SAMPLE_KINDS (not imported here: `--version` stays light); a test keeps them equal.
SAMPLE_KINDS = ("entry-voucher", "refund-voucher", "recharge-receipt", "handover", "test-page", "bill")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="marketdesk", description="MarketDesk market cashier")
    p.add_argument("--version", action="version", version=f"MarketDesk {__version__}")
    p.add_argument("--db", metavar="URL", help="database URL (sqlite:///FILE or postgresql://...)")
    sub = p.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="start the desktop application (default)")
    gui.add_argument("--lang", choices=("zh_CN", "en"), help="interface language for this run")

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="migrate to the newest schema (backs up SQLite first)")
    db.add_parser("check", help="exit 1 unless the schema is the newest")

    user = sub.add_parser("user", help="users").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a user")
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    audit = sub.add_parser("audit", help="audit trail").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="verify the hash chain; exit 1 on tampering")

    ledger = sub.add_parser("ledger", help="money ledger").add_subparsers(dest="ledger_command", required=True)
    ledger.add_parser("verify", help="check every ledger invariant; exit 1 on any violation")

    scale = sub.add_parser("scale", help="truck scales").add_subparsers(dest="scale_command", required=True)
    scale.add_parser("protocols", help="list the scale protocols")
    decode = scale.add_parser("decode", help="raw bytes on stdin -> one JSON object per frame")
    decode.add_argument("--protocol", required=True)
    sim = scale.add_parser("simulate", help="a simulated indicator on a pseudo-terminal or a port")
    sim.add_argument("--protocol", required=True)
    where = sim.add_mutually_exclusive_group(required=True)
    where.add_argument("--pty", action="store_true", help="create a pseudo-terminal and print its path")
    where.add_argument("--port", metavar="URL", help="write to this port (COM3, /dev/ttyS0, socket://h:p)")
    sim.add_argument("--weights", nargs="+", metavar="W", help="weights to show in turn (else a truck profile)")
    sim.add_argument("--decimals", type=int, default=0)
    sim.add_argument("--baud", type=int, default=9600)
    sim.add_argument("--corrupt-every", type=int, default=0, metavar="N", help="garble every Nth frame")
    sim.add_argument("--dropout-every", type=float, default=0.0, metavar="S", help="fall silent every S seconds")

    prn = sub.add_parser("print", help="receipts and documents").add_subparsers(dest="print_command",
                                                                                 required=True)
    sample = prn.add_parser("sample", help="render a sample document (ESC/POS bytes, or PDF for bill)")
    sample.add_argument("--kind", required=True, choices=SAMPLE_KINDS)
    sample.add_argument("--out", required=True, help="file to write ('-' for standard output)")
    sample.add_argument("--paper", type=int, choices=(58, 80), default=80, help="paper width in mm")
    sample.add_argument("--encoding", choices=("gb18030", "big5"), default="gb18030")
    sample.add_argument("--qr", choices=("native", "image"), default="native")
    sample.add_argument("--reprint", type=int, default=0, metavar="N", help="render as the Nth reprint")
    pdecode = prn.add_parser("decode", help="ESC/POS bytes on stdin -> readable transcript")
    pdecode.add_argument("--encoding", choices=("gb18030", "big5"), default="gb18030")
    psim = prn.add_parser("simulate", help="a simulated network printer on 127.0.0.1 that shows what it gets")
    psim.add_argument("--port", type=int, default=9100)
    psim.add_argument("--mode", choices=("ok", "near_end", "paper_out", "offline", "silent"), default="ok")
    psim.add_argument("--encoding", choices=("gb18030", "big5"), default="gb18030")
    ptest = prn.add_parser("test", help="send a test page to the configured printer")
    ptest.add_argument("--printer", help="printer name (default: the counter's receipt printer)")
    prn.add_parser("queue", help="this counter's print jobs, one JSON object per line")
    pverify = prn.add_parser("verify", help="check a voucher's QR code; exit 1 if it is not genuine")
    pverify.add_argument("code")

    account = sub.add_parser("account", help="prepaid accounts").add_subparsers(dest="account_command",
                                                                                required=True)
    ashow = account.add_parser("show", help="an account's balance as JSON")
    ashow.add_argument("code", help="account number, e.g. M000001")
    astmt = account.add_parser("statement", help="an account's statement as an A4 PDF")
    astmt.add_argument("code", help="account number, e.g. M000001")
    astmt.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (default: 1st of this month)")
    astmt.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="end day, exclusive (default: after today)")
    astmt.add_argument("--out", required=True)
    ticket = sub.add_parser("ticket", help="weighbridge tickets").add_subparsers(dest="ticket_command", required=True)
    tshow = ticket.add_parser("show", help="an entry voucher's ticket and what happened to it, as JSON")
    tshow.add_argument("voucher")

    from app.commands import finance_cmds, reconcile_cmds, report_cmds, split_cmds
    for module in (finance_cmds, report_cmds, reconcile_cmds, split_cmds):
        module.add_parser(sub)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="demo_command", required=True)
    demo.add_parser("seed", help="demo users for each role")

    shots = sub.add_parser("screenshots", help="render every window offscreen to PNG")
    shots.add_argument("dir")
    shots.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN")
    return p


def _run(args: argparse.Namespace) -> int:
    from app.config import resolve_db_url

    command = args.command or "gui"
    if command == "gui":
        from app.windows.gui_main import run_gui
        return run_gui(args.db, lang=getattr(args, "lang", None))
    if command == "screenshots":
        from app.windows.screenshots import render_all
        for path in render_all(args.dir, lang=args.lang):
            print(path)
        return 0

    if command == "scale":
        return _scale(args)
    if command == "print" and args.print_command in ("sample", "decode", "simulate"):
        return _print_offline(args)

    from app.db.database import Database
    url = resolve_db_url(args.db)
    if command == "db":
        from app.commands.db_cmds import db_check, db_upgrade
        db = Database(url)
        try:
            return db_upgrade(db) if args.db_command == "upgrade" else db_check(db)
        finally:
            db.dispose()

    from app.db.startup import open_database
    db, upgraded = open_database(url)
    try:
        if upgraded is not None:
            print(f"{db.describe()}: upgraded to schema {upgraded.after} (backup: {upgraded.backup})",
                  file=sys.stderr)
        if command == "user":
            from app.commands.user_cmds import user_add
            return user_add(db, args.name, args.role, args.display_name, args.password_stdin)
        if command == "audit":
            from app.commands.audit_cmds import audit_verify
            return audit_verify(db)
        if command == "ledger":
            from app.commands.ledger_cmds import ledger_verify
            return ledger_verify(db)
        if command == "print":
            from app.commands import print_cmds
            if args.print_command == "test":
                return print_cmds.print_test(db, args.printer)
            if args.print_command == "queue":
                from app.config import load_settings
                return print_cmds.print_queue(db, load_settings().counter_name)
            return print_cmds.print_verify(db, args.code)
        if command == "account":
            from app.commands import account_cmds
            if args.account_command == "show":
                return account_cmds.account_show(db, args.code)
            return account_cmds.account_statement(db, args.code, args.start, args.end, args.out)
        if command == "ticket":
            from app.commands.account_cmds import ticket_show
            return ticket_show(db, args.voucher)
        if command == "demo":
            from app.commands.demo_cmds import demo_seed
            return demo_seed(db)
        if command in ("shift", "handover", "day", "finance"):
            from app.commands import finance_cmds
            return finance_cmds.run(db, args)
        if command == "report":
            from app.commands import report_cmds
            return report_cmds.run(db, args)
        if command == "reconcile":
            from app.commands import reconcile_cmds
            return reconcile_cmds.run(db, args)
        if command == "split":
            from app.commands import split_cmds
            return split_cmds.run(db, args)
    finally:
        db.dispose()
    raise AssertionError(f"unhandled command {command}")


def _scale(args: argparse.Namespace) -> int:
    """Scale commands need no database."""
    if args.scale_command == "protocols":
        from app.commands.scale_cmds import scale_protocols
        return scale_protocols()
    if args.scale_command == "decode":
        from app.commands.scale_cmds import scale_decode
        from app.devices.scales.protocol import get
        get(args.protocol)  # a clear message for an unknown protocol, before reading stdin
        return scale_decode(args.protocol, sys.stdin.buffer, sys.stdout)
    from app.commands.scale_sim_cmds import scale_simulate
    return scale_simulate(args.protocol, args.pty, args.port, args.weights, args.decimals, args.baud,
                          args.corrupt_every, args.dropout_every)


def _print_offline(args: argparse.Namespace) -> int:
    """Print commands that need no database."""
    from app.commands import print_cmds
    if args.print_command == "sample":
        if args.reprint < 0:
            raise UserError("--reprint: 0 or more")
        return print_cmds.print_sample(args.kind, args.out, args.paper, args.encoding, args.qr, args.reprint)
    if args.print_command == "decode":
        return print_cmds.print_decode(args.encoding, sys.stdin.buffer)
    return print_cmds.print_simulate(args.port, args.mode, args.encoding)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run(args)
    except UserError as exc:
        print(f"marketdesk: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

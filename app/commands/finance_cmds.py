"""`shift ...`, `handover ...`, `day ...`, `finance policy`: the finance desk on the command line
(closing an absent cashier's shift, receiving handovers, closing the day). Output is JSON, one
object per line; run as the command-line actor (audited as cli:<os user>)."""
from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path

from app.commands import cli_actor
from app.errors import ValidationError
from app.money import format_fen, parse_yuan


def add_parser(sub) -> None:
    shift = sub.add_parser("shift", help="shifts").add_subparsers(dest="shift_command", required=True)
    shift.add_parser("list", help="every open shift, one JSON object per line")
    close = shift.add_parser("close", help="close a shift (e.g. of an absent cashier) with a cash count")
    close.add_argument("shift_id", type=int)
    close.add_argument("--count", required=True, metavar="100=12,50=3,...",
                       help="pieces per denomination in yuan (100, 50, 20, 10, 5, 1, 0.5, 0.1)")
    close.add_argument("--declared", action="append", default=[], metavar="METHOD=YUAN",
                       help="non-cash total counted (bank_card, wechat, alipay, bank_transfer); repeatable")
    close.add_argument("--note", default="")

    handover = sub.add_parser("handover", help="handovers to finance").add_subparsers(dest="handover_command",
                                                                                      required=True)
    hlist = handover.add_parser("list", help="handovers waiting (or all), one JSON object per line")
    hlist.add_argument("--all", action="store_true", help="received ones too")
    hshow = handover.add_parser("show", help="one handover in full")
    hshow.add_argument("number", help="handover number, e.g. H2611230001")
    receive = handover.add_parser("receive", help="receive a handover: count again, move the cash")
    receive.add_argument("number")
    how = receive.add_mutually_exclusive_group(required=True)
    how.add_argument("--count", metavar="100=12,50=3,...", help="finance's own count")
    how.add_argument("--accept", action="store_true", help="accept the cashier's count")
    receive.add_argument("--to", choices=("safe", "bank"), default="safe")
    receive.add_argument("--note", default="")
    adjust = handover.add_parser("adjust", help="correct a received handover (+ found, - missing)")
    adjust.add_argument("number")
    adjust.add_argument("amount", help="yuan, e.g. -20.00")
    adjust.add_argument("--reason", required=True)

    day = sub.add_parser("day", help="the business day").add_subparsers(dest="day_command", required=True)
    for name, text in (("status", "what still keeps the day open"), ("close", "close the day: report, record")):
        p = day.add_parser(name, help=text)
        p.add_argument("--date", metavar="YYYY-MM-DD", help="the local day (default: today)")
        if name == "close":
            p.add_argument("--out-dir", default=".", help="where the day report PDF goes (default: here)")

    finance = sub.add_parser("finance", help="finance settings").add_subparsers(dest="finance_command",
                                                                                required=True)
    policy = finance.add_parser("policy", help="show or change the handover policy")
    policy.add_argument("--blind", choices=("on", "off"), help="blind count at shift close")
    policy.add_argument("--tolerance", metavar="YUAN", help="difference finance may accept without approval")


def run(db, args: argparse.Namespace) -> int:
    handlers = {"shift": _shift, "handover": _handover, "day": _day, "finance": _policy}
    return handlers[args.command](db, args)


def _shift(db, args) -> int:
    from app.finance.handovers import open_shifts
    if args.shift_command == "list":
        for s in open_shifts(db, cli_actor()):
            _out({"shift": s.shift_id, "user": s.user_name, "counter": s.counter, "opened_at": _at(s.opened_at)})
        return 0
    from app.finance.close import close_shift
    from app.finance.denominations import CashCount, parse_pieces
    from app.ledger.ids import new_event_id
    declared = {}
    for item in args.declared:
        method, sep, amount = item.partition("=")
        if not sep:
            raise ValidationError(f"--declared {item!r}: write METHOD=YUAN, e.g. wechat=80.00")
        declared[method.strip()] = parse_yuan(amount.strip(), method.strip())
    result = close_shift(db, cli_actor(), args.shift_id, count=CashCount.of(parse_pieces(args.count)),
                         declared_fen=declared, event_id=new_event_id(), note=args.note)
    _out({"handover": result.handover_no, "lines": [
        {"method": line.method, "expected": format_fen(line.expected_fen), "counted": format_fen(line.counted_fen),
         "difference": format_fen(line.difference_fen)} for line in result.lines]})
    return 0


def _handover(db, args) -> int:
    from app.finance import handovers
    actor = cli_actor()
    if args.handover_command == "list":
        for row in handovers.list_handovers(db, actor, waiting_only=not args.all):
            _out({"handover": row.handover_no, "counter": row.counter, "cashier": row.user_name,
                  "closed_at": _at(row.closed_at), "expected_cash": format_fen(row.expected_cash_fen),
                  "counted_cash": format_fen(row.counted_cash_fen), "received": not row.waiting,
                  "difference": None if row.difference_fen is None else format_fen(row.difference_fen)})
        return 0
    handover_id = handovers.find_handover(db, actor, args.number)
    if args.handover_command == "show":
        d = handovers.handover_detail(db, actor, handover_id)
        _out({"handover": d.row.handover_no, "shift": d.shift_id, "cashier": d.row.user_name,
              "counter": d.row.counter, "opened_at": _at(d.row.opened_at), "closed_at": _at(d.row.closed_at),
              "float": format_fen(d.opening_float_fen), "cash_in": format_fen(d.cash_in_fen),
              "cash_out": format_fen(d.cash_out_fen), "dropped": format_fen(d.cash_dropped_fen),
              "expected_cash": format_fen(d.row.expected_cash_fen), "counted_cash": format_fen(d.row.counted_cash_fen),
              "count": [[format_fen(k), n] for k, n in d.count.pieces],
              "methods": [{"method": m, "expected": format_fen(e), "declared": format_fen(c), "payments": n}
                          for m, e, c, n in d.methods],
              "vouchers": [d.first_voucher, d.last_voucher, d.vouchers_count], "note": d.note,
              "received_at": _at(d.row.received_at) if d.row.received_at else None,
              "received_by": d.row.received_by,
              "difference": None if d.row.difference_fen is None else format_fen(d.row.difference_fen),
              "adjustments": [{"at": _at(at), "amount": format_fen(a), "reason": r, "by": by}
                              for at, a, r, by in d.adjustments]})
        return 0
    from app.ledger.ids import new_event_id
    if args.handover_command == "receive":
        from app.finance.denominations import CashCount, parse_pieces
        from app.finance.receive import receive_handover
        count = None if args.accept else CashCount.of(parse_pieces(args.count))
        r = receive_handover(db, actor, handover_id, event_id=new_event_id(), count=count, destination=args.to,
                             note=args.note)
        _out({"handover": r.handover_no, "expected_cash": format_fen(r.expected_cash_fen),
              "counted_cash": format_fen(r.counted_cash_fen), "difference": format_fen(r.difference_fen)})
        return 0
    from app.finance.receive import adjust_handover
    amount = args.amount.strip()
    sign = -1 if amount.startswith("-") else 1
    fen = sign * parse_yuan(amount.lstrip("+-"), "amount")
    adjust_handover(db, actor, handover_id, fen, reason=args.reason, event_id=new_event_id())
    _out({"handover": args.number, "adjusted": format_fen(fen)})
    return 0


def _day(db, args) -> int:
    from app.finance.day import close_day, day_status
    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise ValidationError(f"--date {args.date!r}: use YYYY-MM-DD") from None
    if args.day_command == "status":
        s = day_status(db, cli_actor(), day)
        _out({"day": day.isoformat(), "ready": s.ready, "open_shifts": list(s.open_shifts),
              "waiting_handovers": list(s.waiting_handovers), "received": s.received,
              "closed_at": _at(s.closed_at) if s.closed_at else None})
        return 0 if s.ready or s.closed_at else 1
    r = close_day(db, cli_actor(), day, report_dir=Path(args.out_dir))
    _out({"day": day.isoformat(), "handovers": r.handovers, "expected_cash": format_fen(r.expected_cash_fen),
          "counted_cash": format_fen(r.counted_cash_fen), "difference": format_fen(r.difference_fen),
          "report": str(r.report_path)})
    return 0


def _policy(db, args) -> int:
    from dataclasses import replace

    from app.finance.policy import current_policy, set_policy
    policy = current_policy(db)
    if args.blind is not None or args.tolerance is not None:
        policy = replace(policy, **({} if args.blind is None else {"blind_count": args.blind == "on"}),
                         **({} if args.tolerance is None else {"tolerance_fen": parse_yuan(args.tolerance,
                                                                                           "tolerance")}))
        policy = set_policy(db, cli_actor(), policy)
    _out({"blind_count": policy.blind_count, "tolerance": format_fen(policy.tolerance_fen)})
    return 0


def _at(value: datetime) -> str:
    from app.db.clock import to_local
    return to_local(value).strftime("%Y-%m-%d %H:%M:%S")


def _out(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False))

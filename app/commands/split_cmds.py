"""`split ...`: payment split beneficiaries, rules (current and history) and the report per
beneficiary. Runs as the command-line actor (recorded as cli:<login name> in the audit trail).

    marketdesk split beneficiaries
    marketdesk split beneficiary add 蔬菜合作社 --kind external
    marketdesk split rule set --category 蔬菜 --line 蔬菜合作社=12.5% --line 代收税费=3.00 --remainder 市场
    marketdesk split rule clear --commodity 大白菜
    marketdesk split rules
    marketdesk split report --from 2026-11-01 --to 2026-12-01 [--out splits.xlsx]"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from app.errors import UserError, ValidationError

LINES_ARG_MAX = 10


def add_parser(sub) -> None:
    """The `split` sub-command and its own sub-commands, added to the top-level parser."""
    split = sub.add_parser("split", help="payment splits").add_subparsers(dest="split_command", required=True)
    split.add_parser("beneficiaries", help="the beneficiaries, one JSON object per line")
    badd = split.add_parser("beneficiary", help="add a beneficiary").add_subparsers(dest="beneficiary_command",
                                                                                    required=True)
    add = badd.add_parser("add", help="add a beneficiary")
    add.add_argument("name")
    add.add_argument("--kind", choices=("market", "external"), required=True,
                     help="market: the market's own income; external: owed to them (a payable account)")
    rule = split.add_parser("rule", help="write a rule version").add_subparsers(dest="rule_command", required=True)
    rset = rule.add_parser("set", help="a new version of the rule of a category or commodity")
    rclear = rule.add_parser("clear", help="no rule of its own from now on (a commodity falls back to its category)")
    for p in (rset, rclear):
        scope = p.add_mutually_exclusive_group(required=True)
        scope.add_argument("--category", metavar="NAME")
        scope.add_argument("--commodity", metavar="NAME")
        p.add_argument("--note", default="")
        p.add_argument("--from", dest="start", metavar="'YYYY-MM-DD HH:MM'", help="effective from (default: now)")
    rset.add_argument("--line", action="append", default=[], metavar="BENEFICIARY=SHARE",
                      help="a share: 12.5%% of the fee, or a fixed amount in yuan like 3.00 (repeat, in order)")
    rset.add_argument("--remainder", required=True, metavar="BENEFICIARY", help="gets what is left of the fee")
    split.add_parser("rules", help="every rule: the version in force and its history, as JSON")
    report = split.add_parser("report", help="shares per beneficiary over a period")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (default: 1st of this month)")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="end day, exclusive (default: after today)")
    report.add_argument("--out", metavar="FILE.xlsx", help="write a workbook instead of JSON lines")


def run(db, args: argparse.Namespace) -> int:
    command = args.split_command
    if command == "beneficiaries":
        return _beneficiaries(db)
    if command == "beneficiary":
        return _add_beneficiary(db, args.name, args.kind)
    if command == "rule":
        return _rule(db, args)
    if command == "rules":
        return _rules(db)
    return _report(db, args.start, args.end, args.out)


def _print(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))


def _beneficiaries(db) -> int:
    from app.commands import cli_actor
    from app.splits.beneficiaries import list_beneficiaries
    for b in list_beneficiaries(db, cli_actor()):
        _print({"id": b.id, "name": b.name, "kind": b.kind, "account_id": b.account_id})
    return 0


def _add_beneficiary(db, name: str, kind: str) -> int:
    from app.commands import cli_actor
    from app.splits.beneficiaries import add_beneficiary
    b = add_beneficiary(db, cli_actor(), name, kind)
    _print({"id": b.id, "name": b.name, "kind": b.kind, "account_id": b.account_id})
    return 0


def _scope_ids(db, args) -> dict:
    from app.weighing.catalog import list_catalog, list_categories
    if args.category is not None:
        found = [c.id for c in list_categories(db) if c.name == args.category.strip()]
        if not found:
            raise ValidationError(f"--category: no category called {args.category!r}")
        return {"category_id": found[0]}
    found = [c.id for c in list_catalog(db) if c.name == args.commodity.strip()]
    if not found:
        raise ValidationError(f"--commodity: no commodity called {args.commodity!r}")
    return {"commodity_id": found[0]}


def _effective(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValidationError(f"--from {text!r}: use 'YYYY-MM-DD HH:MM' (local time)") from None
    return local.astimezone()


def _rule(db, args) -> int:
    from app.commands import cli_actor
    from app.splits.beneficiaries import list_beneficiaries
    from app.splits.rules import set_rule
    from app.splits.shares import Line, parse_share
    actor = cli_actor()
    ids = {b.name: b.id for b in list_beneficiaries(db, actor)}

    def beneficiary(name: str, field: str) -> int:
        if name.strip() not in ids:
            raise ValidationError(f"{field}: no beneficiary called {name.strip()!r} (add it first)")
        return ids[name.strip()]

    lines, remainder = [], None
    if args.rule_command == "set":
        if len(args.line) > LINES_ARG_MAX:
            raise ValidationError(f"--line: at most {LINES_ARG_MAX}")
        for no, text in enumerate(args.line, start=1):
            name, sep, share = text.rpartition("=")
            if not sep or not name.strip():
                raise ValidationError(f"--line {text!r}: write BENEFICIARY=12.5% or BENEFICIARY=3.00")
            bp, fixed = parse_share(share, f"--line {no}")
            lines.append(Line(beneficiary(name, f"--line {no}"), bp, fixed))
        remainder = beneficiary(args.remainder, "--remainder")
    v = set_rule(db, actor, lines=lines, remainder_beneficiary_id=remainder, effective_at=_effective(args.start),
                 note=args.note, **_scope_ids(db, args))
    _print(_version(v))
    return 0


def _version(v) -> dict:
    from app.money import format_fen
    from app.splits.shares import format_share
    return {"version_id": v.id, "scope": v.scope, "name": v.scope_name, "version": v.version,
            "effective_at": v.effective_at.isoformat(sep=" "), "cleared": v.cleared,
            "lines": [{"beneficiary": l.beneficiary_name, "share": format_share(l.as_line())} for l in v.lines],
            "remainder": v.remainder_name, "created_by": v.created_by, "note": v.note} | (
        {} if v.cleared else {"example_1000_yuan": {n: format_fen(a) for n, a in _example(v)}})


def _example(v) -> list[tuple[str, int]]:
    """What a fee of 1000.00 yuan would give each beneficiary: the rule at a glance."""
    from app.splits.shares import compute_shares
    names = {l.beneficiary_id: l.beneficiary_name for l in v.lines} | {v.remainder_beneficiary_id: v.remainder_name}
    return [(names[b], a) for b, a in compute_shares(1000_00, v.as_rule())]


def _rules(db) -> int:
    from app.commands import cli_actor
    from app.splits.rules import list_rules
    for s in list_rules(db, cli_actor()):
        _print({"scope": s.scope, "name": s.name, "current": _version(s.current) if s.current else None,
                "history": [_version(v) for v in s.history]})
    return 0


def _report(db, start: str | None, end: str | None, out: str | None) -> int:
    from app.commands import cli_actor
    from app.commands.account_cmds import _local_day
    from app.money import format_fen
    from app.splits.report import beneficiary_report, report_xlsx
    today = date.today()
    t0 = _local_day(start, today.replace(day=1))
    t1 = _local_day(end, today) + (timedelta(days=1) if end is None else timedelta(0))
    report = beneficiary_report(db, cli_actor(), t0, t1)
    if out:
        data = report_xlsx(report, title="Payment splits per beneficiary")
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror}") from None
        print(f"{out}: {len(report.rows)} beneficiaries, {len(data)} bytes", file=sys.stderr)
        return 0
    for r in report.rows:
        _print({"beneficiary": r.name, "kind": r.kind, "tickets": r.tickets, "shares": format_fen(r.charged_fen),
                "returned": format_fen(r.returned_fen), "net": format_fen(r.net_fen),
                "payable_balance": None if r.payable_balance_fen is None else format_fen(r.payable_balance_fen)})
    return 0

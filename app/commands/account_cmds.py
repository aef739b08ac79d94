"""`account ...` and `ticket ...`: an account's statement as a PDF, an account's balance, a
ticket with what happened to it and how its fee was split. Read-only; run as the command-line
actor."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from app.commands import cli_actor
from app.errors import UserError, ValidationError
from app.money import format_fen


def _local_day(text: str | None, default: date) -> datetime:
    """A local calendar day's start as naive UTC (how times are stored)."""
    try:
        day = date.fromisoformat(text) if text else default
    except ValueError:
        raise ValidationError(f"date {text!r}: use YYYY-MM-DD") from None
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _merchant_id(db, code: str) -> int:
    from app.weighing.merchants import get_merchant_by_code
    return get_merchant_by_code(db, code).id


def account_show(db, code: str) -> int:
    from app.recharge.accounts import account_info
    info = account_info(db, _merchant_id(db, code))
    print(json.dumps({"account": info.code, "name": info.name, "status": info.status,
                      "balance": format_fen(info.balance_fen), "available": format_fen(info.available_fen),
                      "overdraft_limit": format_fen(info.overdraft_limit_fen)}, ensure_ascii=False))
    return 0


def account_statement(db, code: str, start: str | None, end: str | None, out: str) -> int:
    from app.printing.branding import load_branding
    from app.recharge.statements import statement_pdf
    today = date.today()
    t0 = _local_day(start, today.replace(day=1))
    t1 = _local_day(end, today) + (timedelta(days=1) if end is None else timedelta(0))
    pdf = statement_pdf(db, cli_actor(), _merchant_id(db, code), t0, t1,
                        printed_at=datetime.now().replace(microsecond=0), market_name=load_branding(db).market_name)
    try:
        Path(out).write_bytes(pdf)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    print(f"{out}: statement of {code}, {len(pdf)} bytes", file=sys.stderr)
    return 0


def ticket_show(db, voucher_no: str) -> int:
    from app.splits.report import ticket_splits
    from app.weighing.tickets import get_entry, ticket_by_number
    ticket_id = db.transact(lambda s: ticket_by_number(s, voucher_no).id, readonly=True)
    e = get_entry(db, ticket_id)
    splits = [{"kind": s.kind, "beneficiary": s.beneficiary, "rule_version_id": s.version_id,
               "rule_version": s.version, "amount": format_fen(s.amount_fen), "event": s.event_id}
              for s in ticket_splits(db, cli_actor(), ticket_id)]
    print(json.dumps({"voucher": e.voucher_no, "status": e.status, "plate": e.plate, "merchant": e.merchant_name,
                      "commodity": e.commodity_name, "gross_g": e.gross_g, "tare_g": e.tare_g,
                      "tare_source": e.tare_source, "unit_price": format_fen(e.unit_price_fen),
                      "fee": format_fen(e.fee_fen), "paid_account": format_fen(e.paid_account_fen),
                      "paid_cash": format_fen(e.paid_cash_fen), "manual_weight": e.manual_weight,
                      "refund": format_fen(e.refund_fen), "refund_voucher": e.refund_voucher_no,
                      "created_at": e.created_at.isoformat(), "splits": splits}, ensure_ascii=False))
    return 0

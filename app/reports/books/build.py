"""Building the report of a period of local days: `build_period_report` (what the day close
and the Reports screen call), `day_report`, `month_report`. Read-only, one snapshot; needs
report.view. Progress is reported per section and cancel is checked between sections."""
from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.orm import Session

from app.auth.actor import Actor, require
from app.db.clock import db_now, to_local
from app.db.meta import get_meta
from app.errors import ValidationError
from app.printing.branding import KEYS as BRANDING_KEYS
from app.printing.render import Branding
from app.reports.books import queries
from app.reports.books.model import (METHOD_LABELS, Balances, BalanceRow, Cancelled, IncomeRow, IncomeSection,
                                     OverShortRow, PeriodReport, RechargeRow, RefundRow, VoidRow)

DAYS_MAX = 366
RECHARGE_METHODS = ("cash", "bank_card", "wechat", "alipay", "bank_transfer")
Progress = Callable[[int, int, str], None]   # (done, total, what), as app.windows.ops hands it
STEPS = ("tickets", "refunds", "voids", "recharges", "balances", "over_short")


def local_midnight_utc(day: date) -> datetime:
    """Local midnight starting `day`, as the naive UTC the database keeps."""
    return datetime.combine(day, time()).astimezone().astimezone(timezone.utc).replace(tzinfo=None)


def build_period_report(db, actor: Actor, start_local_date: date, end_local_date: date, *,
                        progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> PeriodReport:
    """The report of local days start_local_date..end_local_date (both included)."""
    require(actor, "report.view")
    if end_local_date < start_local_date:
        raise ValidationError("period: the last day comes before the first")
    if (end_local_date - start_local_date).days >= DAYS_MAX:
        raise ValidationError(f"period: at most {DAYS_MAX} days")
    start = local_midnight_utc(start_local_date)
    end = local_midnight_utc(end_local_date + timedelta(days=1))

    def step(i: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled("report cancelled")
        if progress is not None:
            progress(i, len(STEPS), STEPS[i] if i < len(STEPS) else "")

    def work(session: Session) -> PeriodReport:
        step(0)
        tickets = queries.ticket_groups(session, start, end)
        step(1)
        refunds = queries.refund_groups(session, start, end)
        step(2)
        voids = queries.void_groups(session, start, end)
        void_rows = queries.void_list(session, start, end)
        step(3)
        recharges = _recharges(*queries.recharges(session, start, end))
        step(4)
        now = db_now(session)
        count, credit, overdrawn, rows = queries.balances(session)
        balances = Balances(_local(now), count, tuple(BalanceRow(*r) for r in rows), credit, overdrawn)
        step(5)
        users = queries.names(session, "user")
        over_short = tuple(sorted((OverShortRow(users.get(u, "（无班次）") if u is not None else "（无班次）", n, o, s)
                                   for u, n, o, s in queries.over_short(session, start, end)),
                                  key=lambda r: r.cashier))
        labels = {"commodity": queries.names(session, "commodity"), "category": queries.names(session, "category"),
                  "user": users}
        market = get_meta(session, BRANDING_KEYS["market_name"]) or Branding.market_name
        step(len(STEPS))
        return _assemble(market, start_local_date, end_local_date, start, end, _local(now),
                         actor.display_name or actor.username, labels, tickets, refunds, voids, void_rows,
                         recharges, balances, over_short)

    report = db.transact(work, readonly=True)
    report.check()
    return report


def day_report(db, actor: Actor, day: date, **kw) -> PeriodReport:
    return build_period_report(db, actor, day, day, **kw)


def month_report(db, actor: Actor, year: int, month: int, **kw) -> PeriodReport:
    if not 1 <= month <= 12 or not 2000 <= year <= 9999:
        raise ValidationError(f"month: {year}-{month} is not a month")
    return build_period_report(db, actor, date(year, month, 1),
                               date(year, month, calendar.monthrange(year, month)[1]), **kw)


def _local(utc: datetime) -> datetime:
    return to_local(utc).replace(tzinfo=None, microsecond=0)


def _recharges(made: dict, reversed_: dict) -> tuple[RechargeRow, ...]:
    methods = list(RECHARGE_METHODS) + sorted(set(made) | set(reversed_) - set(RECHARGE_METHODS))
    return tuple(RechargeRow(m, *made.get(m, (0, 0)), *reversed_.get(m, (0, 0))) for m in methods)


def _section(groups: dict[str, IncomeRow]) -> IncomeSection:
    return IncomeSection.of(list(groups.values()))


def _assemble(market, first, last, start, end, now, by, labels, tickets, refunds, voids, void_rows,
              recharges, balances, over_short) -> PeriodReport:
    dims = {"commodity": {}, "category": {}, "counter": {}, "cashier": {}}

    def add(g: queries.Group, row: IncomeRow) -> None:
        keys = {"commodity": labels["commodity"].get(g.commodity_id, f"#{g.commodity_id}"),
                "category": labels["category"].get(g.category_id, f"#{g.category_id}"),
                "counter": g.counter, "cashier": labels["user"].get(g.operator_id, f"#{g.operator_id}")}
        for dim, key in keys.items():
            rows = dims[dim]
            rows[key] = rows.get(key, IncomeRow(key)).plus(IncomeRow(key, *row_values(row)))

    def row_values(row: IncomeRow) -> tuple:
        return row.tickets, row.voided, row.weight_g, row.fees_fen, row.refunds_fen, row.voids_fen

    method = {m: IncomeRow(METHOD_LABELS[m]) for m in ("cash", "account")}
    for g in tickets:
        add(g, IncomeRow("", tickets=g.count, weight_g=g.weight_g, fees_fen=g.fee_fen))
        method["cash"] = method["cash"].plus(IncomeRow("", fees_fen=g.cash_fen))
        method["account"] = method["account"].plus(IncomeRow("", fees_fen=g.account_fen))
    for g in refunds:
        add(g, IncomeRow("", refunds_fen=g.fee_fen))
        method[g.paid_to] = method[g.paid_to].plus(IncomeRow("", refunds_fen=g.fee_fen))
    for g in voids:
        add(g, IncomeRow("", voided=g.count, weight_g=-g.weight_g, voids_fen=g.fee_fen))
        method["cash"] = method["cash"].plus(IncomeRow("", voids_fen=g.cash_fen))
        method["account"] = method["account"].plus(IncomeRow("", voids_fen=g.account_fen))
    users = labels["user"]
    refund_rows: dict[tuple[str, str], tuple[int, int]] = {}
    for g in refunds:
        key = (users.get(g.operator_id, f"#{g.operator_id}"), g.paid_to)
        n, amount = refund_rows.get(key, (0, 0))
        refund_rows[key] = (n + g.count, amount + g.fee_fen)
    return PeriodReport(
        market, first, last, start, end, now, by,
        _section(dims["commodity"]), _section(dims["category"]), _section(dims["counter"]),
        _section(dims["cashier"]), IncomeSection.of(list(method.values()), by_net=False),
        tuple(RefundRow(c, p, n, a) for (c, p), (n, a) in sorted(refund_rows.items())),
        tuple(VoidRow(no, _local(at), users.get(uid, f"#{uid}"), commodity, fee, reason, auth)
              for no, at, uid, commodity, fee, reason, auth in void_rows),
        recharges, balances, over_short)


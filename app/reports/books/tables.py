"""The report as tables of typed cells: one description shared by the PDF, the XLSX, the CSV
and the screen. Money cells are int fen, weights int grams; each output formats them its way."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.money import format_fen
from app.reports.books.model import METHOD_LABELS, IncomeRow, IncomeSection, PeriodReport

TEXT, MONEY, COUNT, WEIGHT = "text", "money", "count", "weight"


@dataclass(frozen=True)
class Column:
    key: str
    title: str          # Chinese, for documents; the screen translates by key
    kind: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    totals: tuple | None = None
    note: str = ""


def tonnes(weight_g: int) -> Decimal:
    return Decimal(weight_g).scaleb(-6).quantize(Decimal("0.001"))


def yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def cell_text(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == MONEY:
        return format_fen(value)
    if kind == WEIGHT:
        return f"{tonnes(value)}"
    return str(value)


_INCOME_VALUES = (Column("tickets", "票数", COUNT), Column("voided", "作废", COUNT),
                  Column("weight", "净重(吨)", WEIGHT), Column("fees", "收费(元)", MONEY),
                  Column("refunds", "退费(元)", MONEY), Column("voids", "作废金额(元)", MONEY),
                  Column("net", "净收入(元)", MONEY))
INCOME_SECTIONS = (("by_commodity", "按品种收入", "品种"), ("by_category", "按类别收入", "类别"),
                   ("by_counter", "按收费台收入", "收费台"), ("by_cashier", "按收费员收入", "收费员"))


def _income_cells(row: IncomeRow) -> tuple:
    return (row.label, row.tickets, row.voided, row.weight_g, row.fees_fen, row.refunds_fen, row.voids_fen,
            row.net_fen)


def _income(key: str, title: str, label: str, section: IncomeSection) -> Table:
    return Table(key, title, (Column("label", label, TEXT),) + _INCOME_VALUES,
                 tuple(_income_cells(r) for r in section.rows), _income_cells(section.total))


def _money_table(key, title, columns, rows, total_from: int, note: str = "") -> Table:
    """`total_from`: the first column summed in the totals row (count and money columns)."""
    totals = ("合计",) + tuple("" for _ in columns[1:total_from]) + tuple(
        sum(r[i] for r in rows) for i in range(total_from, len(columns)))
    return Table(key, title, tuple(columns), tuple(rows), totals, note)


def report_tables(report: PeriodReport) -> list[Table]:
    tables = [_income(key, title, label, getattr(report, key)) for key, title, label in INCOME_SECTIONS]
    method = report.by_method
    tables.append(Table("by_method", "按支付方式收入", (
        Column("method", "支付方式", TEXT), Column("fees", "收费(元)", MONEY), Column("refunds", "退费(元)", MONEY),
        Column("voids", "作废金额(元)", MONEY), Column("net", "净收入(元)", MONEY)),
        tuple((r.label, r.fees_fen, r.refunds_fen, r.voids_fen, r.net_fen) for r in method.rows),
        ("合计", method.total.fees_fen, method.total.refunds_fen, method.total.voids_fen, method.total.net_fen)))
    tables.append(_money_table("refunds", "出场退费", (
        Column("cashier", "收费员", TEXT), Column("paid_to", "退至", TEXT), Column("count", "笔数", COUNT),
        Column("amount", "金额(元)", MONEY)),
        [(r.cashier, METHOD_LABELS.get(r.paid_to, r.paid_to), r.count, r.amount_fen) for r in report.refunds], 2))
    tables.append(_money_table("voids", "作废", (
        Column("voucher", "凭证号", TEXT), Column("time", "作废时间", TEXT), Column("cashier", "收费员", TEXT),
        Column("commodity", "品种", TEXT), Column("reason", "原因", TEXT), Column("authorised_by", "授权人", TEXT),
        Column("fee", "金额(元)", MONEY)),
        [(v.voucher_no, f"{v.voided_at:%Y-%m-%d %H:%M}", v.cashier, v.commodity, v.reason, v.authorised_by,
          v.fee_fen) for v in report.voids], 6))
    tables.append(_money_table("recharges", "充值收款（非收入）", (
        Column("method", "方式", TEXT), Column("count", "笔数", COUNT), Column("amount", "充值(元)", MONEY),
        Column("reversed_count", "冲正笔数", COUNT), Column("reversed", "冲正(元)", MONEY),
        Column("net", "净收款(元)", MONEY)),
        [(METHOD_LABELS.get(r.method, r.method), r.count, r.amount_fen, r.reversed_count, r.reversed_fen, r.net_fen)
         for r in report.recharges], 1, "充值是经营户预存的款项，不计入收入。"))
    b = report.balances
    tables.append(_money_table("balances", "预付账户余额", (
        Column("code", "账号", TEXT), Column("name", "户名", TEXT), Column("balance", "余额(元)", MONEY)),
        [(r.code, r.name, r.balance_fen) for r in b.rows], 2,
        f"余额截至 {b.as_of:%Y-%m-%d %H:%M}（报表生成时），非期末余额；共 {b.accounts} 个账户，"
        f"列出余额不为零的 {len(b.rows)} 个；结存 {format_fen(b.credit_fen)} 元，透支 {format_fen(-b.overdrawn_fen)} 元。"))
    tables.append(_money_table("over_short", "收费员长短款", (
        Column("cashier", "收费员", TEXT), Column("entries", "笔数", COUNT), Column("over", "长款(元)", MONEY),
        Column("short", "短款(元)", MONEY), Column("net", "净额(元)", MONEY)),
        [(r.cashier, r.entries, r.over_fen, r.short_fen, r.net_fen) for r in report.over_short], 1,
        "长款：交款多于应交；短款：交款少于应交。"))
    return tables


def summary_pairs(report: PeriodReport) -> list[tuple[str, str]]:
    t = report.total
    return [("期间", report.period_text()), ("生成", f"{report.generated_at:%Y-%m-%d %H:%M} {report.generated_by}"),
            ("票数", str(t.tickets)), ("作废", str(t.voided)), ("净重(吨)", cell_text(t.weight_g, WEIGHT)),
            ("收费(元)", format_fen(t.fees_fen)), ("退费(元)", format_fen(t.refunds_fen)),
            ("作废金额(元)", format_fen(t.voids_fen)), ("净收入(元)", format_fen(t.net_fen))]

"""The reconciliation as the screen shows it, and as a report: XLSX (every text cell made inert)
and A4 PDF (summary, statements with their fees, a table per kind of difference)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.actor import Actor, require
from app.db.clock import to_local
from app.errors import ValidationError
from app.money import format_fen
from app.reconcile.models import ReconStatement
from app.reconcile.queries import ITEMS_MAX, Item, Summary, items, summary
from app.reports.cells import neutralise_row

PDF_ITEMS_MAX = 20_000
OUTCOME_TITLES = {"missing_ours": "我方缺失（渠道有、账上无）", "missing_channel": "渠道缺失（账上有、渠道无）",
                  "amount_mismatch": "金额不符"}
KIND_TITLES = {"payment": "收款", "refund": "退款"}
CHANNEL_TITLES = {"wechat": "微信支付", "alipay": "支付宝", "bank_card": "银行卡", "bank_transfer": "银行转账"}


@dataclass(frozen=True)
class Overview:
    summary: Summary
    items: list[Item]              # the first `limit` of the differences asked for
    statements: list[ReconStatement]
    shown_of: int                  # how many differences were asked for (open, or all; of the channel)

    @property
    def truncated(self) -> bool:
        """The list holds only the first of the differences: say so wherever it is shown."""
        return len(self.items) < self.shown_of


def overview(db, actor: Actor, *, open_only: bool = True, channel: str | None = None,
             limit: int = ITEMS_MAX) -> Overview:
    require(actor, "reconcile.run")

    def work(session: Session) -> Overview:
        statements = list(session.scalars(select(ReconStatement).order_by(ReconStatement.id.desc())))
        for s in statements:
            session.expunge(s)
        totals = summary(session, channel)
        shown_of = sum(totals.open_by_outcome.values()) + (0 if open_only else totals.resolved)
        found = items(session, open_only=open_only, channel=channel, limit=limit)
        assert len(found) <= shown_of, (len(found), shown_of)
        return Overview(totals, found, statements, shown_of)
    return db.transact(work, readonly=True)


def _fen(value: int | None) -> str:
    return "" if value is None else format_fen(value)


def _item_row(i: Item) -> list[str]:
    return [i.key, CHANNEL_TITLES.get(i.channel, i.channel), KIND_TITLES[i.kind], i.reference,
            f"{to_local(i.at):%Y-%m-%d %H:%M:%S}", _fen(i.channel_fen), _fen(i.ours_fen), i.receipt_no,
            f"#{i.statement_id} 行{i.row_no}" if i.statement_id else "", i.note or "未处理", i.resolved_by or ""]


ITEM_HEADERS = ["编号", "渠道", "类型", "交易号", "时间", "渠道金额", "我方金额", "我方凭证", "对账单", "处理说明",
                "处理人"]


def _summary_pairs(s: Summary) -> list[tuple[str, str]]:
    return [("对账单数", str(s.statements)), ("对账单明细", str(s.lines)), ("已匹配", str(s.matched)),
            ("已匹配金额", format_fen(s.matched_fen)), ("渠道手续费", format_fen(s.fee_fen)),
            *[(OUTCOME_TITLES[k], f"{n} 笔未处理") for k, n in s.open_by_outcome.items()],
            ("已处理差异", str(s.resolved))]


def _statement_row(s: ReconStatement) -> list[str]:
    return [f"#{s.id}", CHANNEL_TITLES.get(s.channel, s.channel), s.file_name,
            f"{to_local(s.period_start):%Y-%m-%d} 至 {to_local(s.period_end):%Y-%m-%d}", str(s.line_count),
            str(s.skipped_count), format_fen(s.amount_fen), format_fen(s.fee_fen)]


STATEMENT_HEADERS = ["对账单", "渠道", "文件", "期间", "笔数", "跳过行", "净额", "手续费"]


def _atomic_write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        raise ValidationError(f"cannot write {path}: {exc.strerror}") from None


def export_xlsx(db, actor: Actor, path: str | Path) -> Path:
    import io

    from openpyxl import Workbook
    data = overview(db, actor, open_only=False, limit=ITEMS_MAX)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("汇总")
    for label, value in _summary_pairs(data.summary):
        sheet.append(neutralise_row([label, value]))
    if data.truncated:
        sheet.append(neutralise_row(["差异明细", f"仅列出前 {len(data.items)} 笔，共 {data.shown_of} 笔"]))
    sheet = book.create_sheet("对账单")
    sheet.append(STATEMENT_HEADERS)
    for s in data.statements:
        sheet.append(neutralise_row(_statement_row(s)))
    sheet = book.create_sheet("差异")
    sheet.append(["结果", *ITEM_HEADERS])
    for i in data.items:
        sheet.append(neutralise_row([OUTCOME_TITLES[i.outcome], *_item_row(i)]))
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(path)
    _atomic_write(path, buffer.getvalue())
    return path


def export_pdf(db, actor: Actor, path: str | Path, *, printed_at: datetime, market_name: str = "",
               on_page=None) -> Path:
    from app.reports.pdf import PdfDocument
    data = overview(db, actor, open_only=False, limit=PDF_ITEMS_MAX + 1)
    if len(data.items) > PDF_ITEMS_MAX:
        raise ValidationError(f"more than {PDF_ITEMS_MAX} differences: export the report as XLSX")
    doc = PdfDocument("渠道对账报告", printed_at=printed_at, market_name=market_name, landscape=True)
    doc.key_values(_summary_pairs(data.summary))
    doc.heading("对账单与手续费")
    doc.table(STATEMENT_HEADERS, [_statement_row(s) for s in data.statements],
              align=["left", "left", "left", "left", "right", "right", "right", "right"],
              totals=["合计", "", "", "", str(sum(s.line_count for s in data.statements)), "",
                      format_fen(sum(s.amount_fen for s in data.statements)),
                      format_fen(sum(s.fee_fen for s in data.statements))])
    for outcome, title in OUTCOME_TITLES.items():
        rows = [_item_row(i) for i in data.items if i.outcome == outcome]
        doc.heading(f"{title}：{len(rows)} 笔")
        if rows:
            doc.table(ITEM_HEADERS, rows, align=["left", "left", "left", "left", "left", "right", "right", "left",
                                                 "left", "left", "left"])
        else:
            doc.paragraph("无")
    pdf = doc.build(on_page=on_page)
    path = Path(path)
    _atomic_write(path, pdf)
    return path


def changes_stamp(db, actor: Actor) -> tuple:
    """What the screen polls to know that payments, statements or resolutions were added."""
    from app.reconcile.queries import stamp
    require(actor, "reconcile.run")
    return db.transact(stamp, readonly=True)

"""An account's movements over a period: on screen a page at a time (keyset paged, as fast
on page 1000 as on page 1), and the whole period as an A4 PDF with the embedded font."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.actor import Actor
from app.db.clock import to_local
from app.errors import NotFound, PermissionDenied, ValidationError
from app.ledger import queries
from app.money import format_fen
from app.recharge.models import Recharge
from app.weighing.models import Merchant

PAGE_SIZE_MAX = 500
PDF_ROWS_MAX = 200_000
FILTER_READS_MAX = 50        # a filtered page reads at most this many pages of movements
CODE_LABELS = {"RECHARGE": "充值", "RECHARGE_REVERSAL": "充值冲正", "FEE": "交易管理费", "REFUND": "出场退费",
               "CORRECTION": "作废冲回", "ACCOUNT_CLOSE": "销户退款", "METER_VEND": "电表售电", "SPLIT": "分账"}


@dataclass(frozen=True)
class StatementPage:
    merchant_code: str
    merchant_name: str
    start: datetime
    end: datetime
    opening_fen: int
    closing_fen: int
    lines: tuple[queries.StatementLine, ...]
    next_cursor: tuple[datetime, int] | None


def _may_read(actor: Actor) -> None:
    if not (actor.can("account.recharge") or actor.can("report.view")):
        raise PermissionDenied("account.recharge", actor.username)


def _check_period(start: datetime, end: datetime) -> None:
    if start >= end:
        raise ValidationError("period: the start must come before the end")


def statement_page(db, actor: Actor, merchant_id: int, start: datetime, end: datetime, *,
                   cursor: tuple[datetime, int] | None = None, page_size: int = 100,
                   codes: frozenset[str] | None = None) -> StatementPage:
    """One page of movements in [start, end) (naive UTC); `codes` keeps only those kinds
    of movement (the balances still count every movement)."""
    _may_read(actor)
    _check_period(start, end)
    if not 0 < page_size <= PAGE_SIZE_MAX:
        raise ValidationError(f"page size: 1 to {PAGE_SIZE_MAX}")

    def work(session: Session) -> StatementPage:
        merchant = session.get(Merchant, merchant_id)
        if merchant is None or merchant.account_id is None:
            raise NotFound(f"no prepaid account for merchant {merchant_id}")
        st = queries.statement(session, merchant.account_id, start, end, page_size=page_size, cursor=cursor)
        if codes is None:
            return StatementPage(merchant.code, merchant.name, start, end, st.opening_fen, st.closing_fen,
                                 st.lines, st.next_cursor)
        # Filtered: read on until the page is full (or the period ends), so a page is never
        # short while more matching movements follow; bounded by FILTER_READS_MAX reads.
        lines = [l for l in st.lines if l.code in codes]
        next_cursor = st.next_cursor
        for _ in range(FILTER_READS_MAX):
            if len(lines) >= page_size or next_cursor is None:
                break
            more = queries.statement(session, merchant.account_id, start, end, page_size=PAGE_SIZE_MAX,
                                     cursor=next_cursor)
            for line in more.lines:
                if len(lines) == page_size:
                    break
                next_cursor = (line.created_at, line.transfer_id)
                if line.code in codes:
                    lines.append(line)
            else:
                next_cursor = more.next_cursor
        return StatementPage(merchant.code, merchant.name, start, end, st.opening_fen, st.closing_fen,
                             tuple(lines[:page_size]), next_cursor)
    return db.transact(work, readonly=True)


def statement_pdf(db, actor: Actor, merchant_id: int, start: datetime, end: datetime, *, printed_at: datetime,
                  market_name: str = "", on_page=None) -> bytes:
    """The whole period (refused beyond PDF_ROWS_MAX movements: choose a shorter period)."""
    from app.reports.pdf import PdfDocument
    _may_read(actor)
    _check_period(start, end)
    def work(session: Session):
        merchant = session.get(Merchant, merchant_id)
        if merchant is None or merchant.account_id is None:
            raise NotFound(f"no prepaid account for merchant {merchant_id}")
        try:
            st = queries.statement_all(session, merchant.account_id, start, end, lines_max=PDF_ROWS_MAX)
        except ValueError:
            raise ValidationError(f"more than {PDF_ROWS_MAX} movements: choose a shorter period") from None
        return merchant.code, merchant.name, st
    code, name, st = db.transact(work, readonly=True)
    lines = st.lines
    first = StatementPage(code, name, start, end, st.opening_fen, st.closing_fen, lines, None)
    page = first
    doc = PdfDocument("账户对账单", printed_at=printed_at, market_name=market_name,
                      subtitle=f"{first.merchant_name}（{first.merchant_code}）")
    doc.key_values([("账号", first.merchant_code), ("户名", first.merchant_name),
                    ("期间", f"{to_local(start):%Y-%m-%d %H:%M} 至 {to_local(end):%Y-%m-%d %H:%M}"),
                    ("期初余额", format_fen(first.opening_fen)), ("期末余额", format_fen(page.closing_fen)),
                    ("笔数", str(len(lines)))])
    credits = sum(l.amount_fen for l in lines if l.amount_fen > 0)
    debits = sum(-l.amount_fen for l in lines if l.amount_fen < 0)
    doc.table(["时间", "类型", "凭证", "收入", "支出", "余额"],
              [[f"{to_local(l.created_at):%Y-%m-%d %H:%M}", CODE_LABELS.get(l.code, l.code), l.ticket_ref or "",
                format_fen(l.amount_fen) if l.amount_fen > 0 else "",
                format_fen(-l.amount_fen) if l.amount_fen < 0 else "", format_fen(l.balance_after_fen)]
               for l in lines],
              align=["left", "left", "left", "right", "right", "right"],
              totals=["合计", "", "", format_fen(credits), format_fen(debits), format_fen(page.closing_fen)])
    assert first.opening_fen + credits - debits == page.closing_fen, "a statement adds up"
    return doc.build(on_page=on_page)


@dataclass(frozen=True)
class ShiftRecharge:
    recharge_id: int
    receipt_no: str
    created_at: datetime
    merchant_code: str
    merchant_name: str
    method: str
    reference: str | None
    amount_fen: int
    balance_after_fen: int
    reversed: bool


def shift_recharges(db, shift_id: int, limit: int = 500) -> list[ShiftRecharge]:
    """The shift's recharges, newest first, with whether each was reversed."""
    from app.recharge.models import RechargeReversal

    def work(session: Session) -> list[ShiftRecharge]:
        rows = session.execute(
            select(Recharge, Merchant.code, Merchant.name, RechargeReversal.id)
            .join(Merchant, Merchant.id == Recharge.merchant_id)
            .outerjoin(RechargeReversal, RechargeReversal.recharge_id == Recharge.id)
            .where(Recharge.shift_id == shift_id).order_by(Recharge.id.desc()).limit(limit)).all()
        return [ShiftRecharge(r.id, r.receipt_no, r.created_at, code, name, r.method, r.reference, r.amount_fen,
                              r.balance_after_fen, rev is not None) for r, code, name, rev in rows]
    return db.transact(work, readonly=True)

"""The summary's open and resolved counts are exact however many differences there are; the
item list is capped, and the overview says so (how many it shows of how many)."""
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.db.clock import db_now
from app.reconcile.books import bulk_insert
from app.reconcile.models import ReconStatement
from app.reconcile.queries import ITEMS_MAX
from app.reconcile import report
from app.reconcile.report import export_xlsx, overview
from app.reconcile.resolve import resolve

MANY = ITEMS_MAX + 2


def statement_of_strangers(books, count: int) -> None:
    """A WeChat statement of `count` payments that are none of ours (each a difference)."""
    def work(session: Session) -> None:
        now = db_now(session)
        statement = ReconStatement(channel="wechat", preset="wechat", file_name="big.csv", file_sha256="0" * 64,
                                   period_start=now.replace(hour=0), period_end=now.replace(hour=23),
                                   line_count=count, skipped_count=0, skipped_errors="", amount_fen=count * 100,
                                   fee_fen=0, imported_by="fin1", created_at=now)
        session.add(statement)
        session.flush()
        bulk_insert(session, "recon_lines", ("statement_id", "row_no", "channel", "kind", "reference", "refund_no",
                                             "order_no", "amount_fen", "fee_fen", "occurred_at"),
                    [(statement.id, i + 2, "wechat", "payment", f"T{i:010d}", "", None, 100, 0, now)
                     for i in range(count)])
    books.market.db.transact(work)


def test_counts_are_exact_beyond_the_item_cap(books):
    statement_of_strangers(books, MANY)
    first = overview(books.market.db, books.finance, limit=1).items[0]
    resolve(books.market.db, books.finance, first.key, "对方误付，已退回")
    data = overview(books.market.db, books.finance, limit=50)
    assert data.summary.open_by_outcome == {"missing_ours": MANY - 1, "missing_channel": 0, "amount_mismatch": 0}
    assert (data.summary.lines, data.summary.resolved) == (MANY, 1)
    assert (len(data.items), data.shown_of, data.truncated) == (50, MANY - 1, True)
    everything = overview(books.market.db, books.finance, open_only=False, limit=50)
    assert (len(everything.items), everything.shown_of, everything.truncated) == (50, MANY, True)
    alipay = overview(books.market.db, books.finance, channel="alipay")
    assert (alipay.items, alipay.shown_of, alipay.truncated) == ([], 0, False)
    assert alipay.summary.open_by_outcome == {"missing_ours": 0, "missing_channel": 0, "amount_mismatch": 0}


def test_a_list_within_the_cap_is_whole(books):
    statement_of_strangers(books, 3)
    data = overview(books.market.db, books.finance, limit=3)
    assert (len(data.items), data.shown_of, data.truncated) == (3, 3, False)


def test_a_capped_xlsx_report_says_so(books, tmp_path, monkeypatch):
    statement_of_strangers(books, 3)
    monkeypatch.setattr(report, "ITEMS_MAX", 2)
    book = load_workbook(export_xlsx(books.market.db, books.finance, tmp_path / "r.xlsx"))
    assert ("差异明细", "仅列出前 2 笔，共 3 笔") in list(book["汇总"].iter_rows(values_only=True))
    assert len(list(book["差异"].iter_rows(values_only=True))) == 1 + 2

"""Refunds on a statement: several partial refunds of one payment are lines of their own
(identified by the channel's refund number, WeChat's 微信退款单号 or Alipay's 退款批次号), each
still carrying the refunded payment's transaction number, by which it is matched to our
reversal. The same refund imported again is still refused."""
import pytest
from sqlalchemy import text

from app.db.rawsql import as_datetime
from app.errors import Conflict
from app.reconcile.report import overview
from app.reconcile.service import ImportRefused, import_statement
from tests.reconcile.samples import alipay_csv, local, wechat_csv

PAID = "4200001234202611230000000101"
REFUND_A, REFUND_B, REFUND_C = (f"5030000000202611230000000{n:04d}" for n in (1, 2, 3))


def last_time(books) -> str:
    return local(as_datetime(books.market.db.transact(
        lambda s: s.execute(text("SELECT MAX(created_at) FROM recharges")).scalar())))


def stored_lines(books) -> list[tuple]:
    return [tuple(r) for r in books.market.db.transact(lambda s: s.execute(text(
        "SELECT kind, reference, refund_no, amount_fen FROM recon_lines ORDER BY id")).all())]


def test_wechat_partial_refunds_of_one_payment_are_separate_lines(books, tmp_path):
    paid = books.pay(100_00, PAID)
    reversal = books.reverse(paid.recharge_id)
    at = last_time(books)
    result = import_statement(books.market.db, books.finance, wechat_csv(tmp_path / "w1.csv", [
        (at, PAID, "SUCCESS", "100.00", "0.60", ""),
        (at, PAID, "REFUND", "30.00", "-0.18", "", REFUND_A),
        (at, PAID, "REFUND", "70.00", "-0.42", "", REFUND_B)]), channel="wechat")
    assert (result.lines, result.amount_fen) == (3, 0)
    assert stored_lines(books) == [("payment", PAID, "", 100_00), ("refund", PAID, REFUND_A, 30_00),
                                   ("refund", PAID, REFUND_B, 70_00)]
    # A refund is matched to our reversal by the payment's transaction number.
    matched = books.market.db.transact(lambda s: s.execute(text(
        "SELECT l.refund_no, m.method FROM recon_matches m JOIN recon_lines l ON l.id = m.line_id "
        "WHERE m.reversal_id = :v"), {"v": reversal.reversal_id}).all())
    assert [tuple(m) for m in matched] == [(REFUND_A, "reference")]
    # A third partial refund on the next day's bill is imported; the same refund again is not.
    later = import_statement(books.market.db, books.finance, wechat_csv(tmp_path / "w2.csv", [
        (at, PAID, "REFUND", "0.50", "0", "", REFUND_C)]), channel="wechat")
    assert later.lines == 1
    with pytest.raises(Conflict, match=f"1 of its lines are already imported .* row 2, transaction {PAID}"):
        import_statement(books.market.db, books.finance, wechat_csv(tmp_path / "w3.csv", [
            (at, PAID, "REFUND", "30.00", "-0.18", "", REFUND_A)]), channel="wechat")
    items = overview(books.market.db, books.finance).items
    assert all(i.reference == PAID for i in items)


def test_a_refund_number_twice_in_a_bill_or_not_a_number_is_a_row_error(books, tmp_path):
    at = "2026-11-23 10:00:00"
    path = wechat_csv(tmp_path / "w.csv", [(at, PAID, "REFUND", "1.00", "0", "", REFUND_A),
                                           (at, PAID, "REFUND", "2.00", "0", "", REFUND_A),
                                           (at, PAID, "REFUND", "3.00", "0", "", "退款?")])
    with pytest.raises(ImportRefused) as info:
        import_statement(books.market.db, books.finance, path, channel="wechat")
    assert [str(e) for e in info.value.errors] == [
        f"w.csv: row 3, column 微信退款单号: the same refund is already on row 2 (value '{REFUND_A}')",
        "w.csv: row 4, column 微信退款单号: not a refund number (value '退款?')"]


def test_alipay_partial_refunds_by_batch_number(books, tmp_path):
    trade = "2026112322001412345678905555"
    at = "2026-11-23 10:00:00"
    path = alipay_csv(tmp_path / "a.csv", [(at, trade, "交易", "90.00", "-0.54", "A1"),
                                           (at, trade, "退款", "-10.00", "0.06", "A1", "RF2026112300001"),
                                           (at, trade, "退款", "-20.00", "0.12", "A1", "RF2026112300002")])
    result = import_statement(books.market.db, books.finance, path, channel="alipay")
    assert (result.lines, result.amount_fen) == (3, 60_00)
    assert stored_lines(books) == [("payment", trade, "", 90_00), ("refund", trade, "RF2026112300001", 10_00),
                                   ("refund", trade, "RF2026112300002", 20_00)]

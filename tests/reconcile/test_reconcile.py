"""Reconciliation on crafted statements with every kind of difference: matched by reference,
by our receipt number, by amount and time; amount mismatch; missing on our side; missing on the
channel side (also for a payment arriving after the import); fees; refunds against reversals;
resolution with a note (audited, append-only)."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.db.rawsql import as_datetime
from app.reconcile.report import overview
from app.reconcile.resolve import resolve
from app.reconcile.service import import_statement, refresh
from tests.reconcile.samples import alipay_csv, bank_xlsx, local, wechat_csv

REF = {k: f"42000012342026112{k:011d}" for k in range(10)}


def last_time(books) -> str:
    return local(as_datetime(books.market.db.transact(
        lambda s: s.execute(text("SELECT MAX(created_at) FROM recharges")).scalar())))


def open_keys(books, **kw):
    return {i.key: i for i in overview(books.market.db, books.finance, **kw).items}


def test_wechat_statement_with_every_difference(books, tmp_path):
    r1, r2, r3, r4, r5 = (books.pay(100_00, REF[1]), books.pay(200_00, REF[2]), books.pay(300_00, REF[3]),
                          books.pay(400_00, REF[4]), books.pay(500_00, REF[5]))
    v1 = books.reverse(r1.recharge_id)
    at = last_time(books)
    path = wechat_csv(tmp_path / "wechat.csv", [
        (at, REF[1], "SUCCESS", "100.00", "0.60", "X1"),      # matched by reference
        (at, REF[1], "REFUND", "100.00", "-0.60", "X1"),      # the reversal, matched
        (at, REF[2], "SUCCESS", "250.00", "1.50", "X2"),      # amount mismatch
        (at, REF[7], "SUCCESS", "50.00", "0.30", "X7"),       # not ours
        (at, REF[8], "SUCCESS", "400.00", "2.40", "X8"),      # r4 under another number: amount and time
        (at, REF[9], "SUCCESS", "500.00", "3.00", r5.receipt_no),  # r5 by our receipt number
    ], encoding="gbk")
    result = import_statement(books.market.db, books.finance, path, channel="wechat")
    assert (result.lines, result.skipped, result.matched) == (6, 0, 5)
    assert result.fee_fen == 60 - 60 + 150 + 30 + 240 + 300
    items = open_keys(books)
    outcomes = {i.outcome: i for i in items.values()}
    assert sorted(i.outcome for i in items.values()) == ["amount_mismatch", "missing_channel", "missing_ours"]
    assert outcomes["amount_mismatch"].channel_fen == 250_00 and outcomes["amount_mismatch"].ours_fen == 200_00
    assert outcomes["missing_channel"].key == f"R{r3.recharge_id}" and outcomes["missing_channel"].ours_fen == 300_00
    assert outcomes["missing_ours"].reference == REF[7]
    summary = overview(books.market.db, books.finance).summary
    assert summary.matched == 4 and summary.lines == 6
    assert summary.open_by_outcome == {"missing_ours": 1, "missing_channel": 1, "amount_mismatch": 1}
    methods = dict(books.market.db.transact(lambda s: s.execute(text(
        "SELECT COALESCE(recharge_id, -reversal_id), method FROM recon_matches")).all()))
    assert methods == {r1.recharge_id: "reference", -v1.reversal_id: "reference", r2.recharge_id: "reference",
                       r4.recharge_id: "amount_time", r5.recharge_id: "order_no"}


def test_payment_arriving_after_the_import_is_matched_or_shown(books, tmp_path):
    r1 = books.pay(100_00, REF[1])
    at = last_time(books)
    path = wechat_csv(tmp_path / "w.csv", [(at, REF[1], "SUCCESS", "100.00", "0.60", ""),
                                           (at, REF[2], "SUCCESS", "80.00", "0.48", "")])
    import_statement(books.market.db, books.finance, path, channel="wechat")
    assert [i.outcome for i in open_keys(books).values()] == ["missing_ours"]
    books.pay(80_00, REF[2])               # the clerk enters the payment late
    late = books.pay(90_00, REF[3])        # and one the channel does not know about
    assert refresh(books.market.db, books.finance) == 1
    items = open_keys(books)
    assert [(k, i.outcome) for k, i in items.items()] == [(f"R{late.recharge_id}", "missing_channel")]
    assert r1.recharge_id not in items
    assert refresh(books.market.db, books.finance) == 0   # nothing more to pair


def test_alipay_gbk_and_bank_xlsx(books, tmp_path):
    ali = books.pay(120_00, "2026112322001412345678901234", method="alipay")
    bank = books.pay(5000_00, "HX20261123000123", method="bank_transfer")
    at = last_time(books)
    path = alipay_csv(tmp_path / "alipay.csv", [(at, "2026112322001412345678901234", "交易", "120.00", "-0.72", "A1"),
                                                (at, "2026112322001499999999999999", "退款", "-30.00", "0.18", "A2")])
    result = import_statement(books.market.db, books.finance, path, channel="alipay")
    assert (result.lines, result.matched, result.amount_fen) == (2, 1, 120_00 - 30_00)
    refund = [i for i in open_keys(books, channel="alipay").values()]
    assert [(i.kind, i.channel_fen, i.outcome) for i in refund] == [("refund", 30_00, "missing_ours")]
    xlsx = bank_xlsx(tmp_path / "bank.xlsx", [(at, "hx2026-1123-000123", 5000.00, 0)])
    result = import_statement(books.market.db, books.finance, xlsx, channel="bank_transfer")
    assert (result.lines, result.matched) == (1, 1)
    assert not open_keys(books, channel="bank_transfer")
    assert ali.recharge_id and bank.recharge_id


def test_resolve_with_note_is_audited_and_final(books, tmp_path):
    r = books.pay(300_00, REF[3])
    at = last_time(books)
    import_statement(books.market.db, books.finance, wechat_csv(tmp_path / "w.csv", [
        (at, REF[4], "SUCCESS", "10.00", "0.06", "")]), channel="wechat")
    key = f"R{r.recharge_id}"
    with pytest.raises(ValidationError, match="note"):
        resolve(books.market.db, books.finance, key, "  ")
    with pytest.raises(PermissionDenied):
        resolve(books.market.db, books.clerk, key, "ok")
    with pytest.raises(ValidationError, match="item"):
        resolve(books.market.db, books.finance, "X1", "ok")
    with pytest.raises(NotFound):
        resolve(books.market.db, books.finance, "R999999", "ok")
    done = resolve(books.market.db, books.finance, key, "微信次日到账，已核实")
    assert done.outcome == "missing_channel"
    with pytest.raises(Conflict, match="already resolved"):
        resolve(books.market.db, books.finance, key, "again")
    assert key not in open_keys(books)
    everything = open_keys(books, open_only=False)
    assert everything[key].note == "微信次日到账，已核实" and everything[key].resolved_by == "fin1"
    audit = books.market.db.transact(lambda s: s.execute(text(
        "SELECT actor_name, target, details FROM audit_log WHERE action = 'reconcile.resolve'")).all())
    assert [(a, t) for a, t, _d in audit] == [("fin1", key)] and "微信次日到账" in audit[0][2]
    with pytest.raises(Exception, match="append-only"):
        with books.market.db.session() as s:
            s.execute(text("UPDATE recon_resolutions SET note = 'changed'"))


def test_amount_time_window_is_one_to_one_and_nearest(books, tmp_path):
    a = books.pay(100_00, REF[1])
    b = books.pay(100_00, REF[2])
    at_b = as_datetime(books.market.db.transact(lambda s: s.execute(text(
        "SELECT created_at FROM recharges WHERE id = :i"), {"i": b.recharge_id}).scalar()))
    far = local(at_b + timedelta(hours=2))
    path = wechat_csv(tmp_path / "w.csv", [(local(at_b), REF[5], "SUCCESS", "100.00", "0", ""),
                                           (far, REF[6], "SUCCESS", "100.00", "0", "")])
    import_statement(books.market.db, books.finance, path, channel="wechat")
    items = open_keys(books)
    assert sorted(i.outcome for i in items.values()) == ["missing_channel", "missing_ours"]
    assert items[next(k for k in items if k.startswith("R"))].key in (f"R{a.recharge_id}", f"R{b.recharge_id}")
    assert next(i for i in items.values() if i.outcome == "missing_ours").reference == REF[6]

"""Recharges by every method, the same channel payment credited once, limits, reversals,
account freeze / overdraft / close."""
import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.ledger.ids import new_event_id
from app.ledger.service import verify_ledger
from app.printing import queue
from app.printing.documents import from_json
from app.recharge import accounts as acct
from app.recharge.limits import LargeAmountNotConfirmed, RechargeLimits, current_limits, set_limits
from app.recharge.service import recharge, reverse_recharge
from app.weighing import merchants
from tests.concurrency import run_together

WECHAT_REF = "4200001234202611231234567890"


def top_up(m, actor, amount_fen, method="cash", reference=None, event_id=None, **kw):
    return recharge(m.db, actor, m.fixed, amount_fen=amount_fen, method=method, reference=reference,
                    event_id=event_id or new_event_id(), **kw)


def receipt(m, job_id):
    job = m.db.transact(lambda tx: queue.get(tx, job_id), raw=True)
    return job, from_json(job.kind, job.document)


def count(db, table):
    with db.session() as s:
        return s.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_cash_recharge_goes_to_the_drawer(market, clerk):
    before = market.balance()
    result = top_up(market, clerk, 300_00)
    assert (result.balance_before_fen, result.balance_after_fen) == (before, before + 300_00)
    assert result.receipt_no.startswith("C") and market.balance() == before + 300_00
    job, doc = receipt(market, result.print_job_id)
    assert job.open_drawer and (doc.amount_fen, doc.balance_before_fen, doc.balance_after_fen) == \
        (300_00, before, before + 300_00)
    assert verify_ledger(market.db).violations == 0


@pytest.mark.parametrize("method, reference", [("wechat", WECHAT_REF), ("alipay", "2026112322001412345678901234"),
                                               ("bank_card", "000123456789"), ("bank_transfer", "HX20261123000123")])
def test_non_cash_recharge_records_the_reference(market, clerk, method, reference):
    result = top_up(market, clerk, 100_00, method=method, reference=f" {reference[:6]} {reference[6:]} ")
    assert (result.method, result.reference) == (method, reference)
    job, doc = receipt(market, result.print_job_id)
    assert not job.open_drawer and doc.reference == reference


def test_the_same_payment_is_credited_once(market, clerk):
    top_up(market, clerk, 100_00, method="wechat", reference=WECHAT_REF)
    with pytest.raises(Conflict, match="already been credited"):
        top_up(market, clerk, 100_00, method="wechat", reference=WECHAT_REF[:10] + " " + WECHAT_REF[10:])
    top_up(market, clerk, 100_00, method="alipay", reference=WECHAT_REF)  # another channel's numbering
    assert count(market.db, "recharges") == 2


def test_the_same_payment_at_two_counters_at_once_is_credited_once(market, clerk):
    outcomes = []

    def at():
        try:
            outcomes.append(top_up(market, clerk, 100_00, method="wechat", reference=WECHAT_REF))
        except Conflict as exc:
            outcomes.append(exc)

    run_together(at, at, at)
    assert sum(not isinstance(o, Conflict) for o in outcomes) == 1 and count(market.db, "recharges") == 1


def test_double_click_posts_once(market, clerk):
    event_id = new_event_id()
    before = market.balance()
    results = []
    run_together(*[lambda: results.append(top_up(market, clerk, 50_00, event_id=event_id))] * 3)
    assert len({r.recharge_id for r in results}) == 1 and market.balance() == before + 50_00


@pytest.mark.parametrize("method, reference, message", [
    ("wechat", "", "type or scan"), ("wechat", "12345", "does not look like"), ("cash", "123456", "cash has no"),
    ("bitcoin", None, "method: one of")])
def test_bad_references_are_refused(market, clerk, method, reference, message):
    with pytest.raises(ValidationError, match=message):
        top_up(market, clerk, 100_00, method=method, reference=reference)
    assert count(market.db, "recharges") == 0


@pytest.mark.parametrize("amount, message", [(0, "positive"), (-100, "positive"), (50, "at least 1.00"),
                                             (500_000_01, "at most 500000.00")])
def test_absurd_amounts_are_refused(market, clerk, amount, message):
    with pytest.raises(ValidationError, match=message):
        top_up(market, clerk, amount)
    assert count(market.db, "recharges") == 0


def test_a_large_amount_needs_a_second_confirmation(market, clerk):
    with pytest.raises(LargeAmountNotConfirmed):
        top_up(market, clerk, 30_000_00)
    assert top_up(market, clerk, 30_000_00, confirmed_large=True).amount_fen == 30_000_00


def test_limits_are_a_setting(market, clerk):
    set_limits(market.db, market.admin, RechargeLimits(min_fen=10_00, max_fen=1000_00, confirm_above_fen=500_00))
    assert current_limits(market.db).max_fen == 1000_00
    with pytest.raises(ValidationError, match="at most 1000.00"):
        top_up(market, clerk, 1000_01)
    with pytest.raises(PermissionDenied):
        set_limits(market.db, clerk, RechargeLimits())
    with pytest.raises(ValidationError, match="minimum"):
        set_limits(market.db, market.admin, RechargeLimits(min_fen=100, max_fen=50))


def test_frozen_closed_temporary_and_unknown_accounts_are_refused(market, clerk):
    acct.set_frozen(market.db, market.admin, market.fixed, True, reason="dispute")
    with pytest.raises(ValidationError, match="frozen"):
        top_up(market, clerk, 100_00)
    acct.set_frozen(market.db, market.admin, market.fixed, False)
    temp = merchants.create_merchant(market.db, market.admin, kind="temporary", name="王师傅")
    with pytest.raises(ValidationError, match="temporary customer"):
        recharge(market.db, clerk, temp.id, amount_fen=100_00, method="cash", reference=None,
                 event_id=new_event_id())
    with pytest.raises(NotFound):
        recharge(market.db, clerk, 99_999, amount_fen=100_00, method="cash", reference=None, event_id=new_event_id())


def test_recharge_needs_permission_and_an_open_shift(market, clerk):
    with pytest.raises(PermissionDenied, match="account.recharge"):
        top_up(market, market.cashier, 100_00)
    auth.create_user(market.db, market.admin, "clerk2", "", "clerk-pass", "recharge_clerk")
    off_shift = auth.login(market.db, "clerk2", "clerk-pass", counter="1号收费台")
    with pytest.raises(ValidationError, match="no open shift"):
        top_up(market, off_shift, 100_00)


def test_reversal_takes_the_money_back_the_same_way(market, clerk):
    before = market.balance()
    cash = top_up(market, clerk, 300_00)
    wechat = top_up(market, clerk, 200_00, method="wechat", reference=WECHAT_REF)
    with pytest.raises(PermissionDenied, match="account.recharge_reverse"):
        reverse_recharge(market.db, clerk, cash.recharge_id, reason="wrong account", event_id=new_event_id())
    override = auth.authorize_override(market.db, "mgr", "mgr-pass", "account.recharge_reverse")
    back = reverse_recharge(market.db, clerk, cash.recharge_id, reason="wrong account", event_id=new_event_id(),
                            override=override)
    assert back.receipt_no.startswith("X") and back.balance_after_fen == before + 200_00
    job, doc = receipt(market, back.print_job_id)
    assert doc.reversal and doc.amount_fen == 300_00 and job.open_drawer
    back2 = reverse_recharge(market.db, market.manager, wechat.recharge_id, reason="typed twice",
                             event_id=new_event_id())
    assert back2.method == "wechat" and market.balance() == before
    with pytest.raises(Conflict, match="already reversed"):
        reverse_recharge(market.db, market.manager, cash.recharge_id, reason="again", event_id=new_event_id())
    assert verify_ledger(market.db).violations == 0


def test_reversal_only_while_the_balance_covers_it(market, clerk):
    from tests.desk.test_entry import charge
    from app.weighing.entry import EntryDraft
    result = top_up(market, clerk, 100_00)
    charge(market, EntryDraft("鲁G12345", market.cabbage, 60_000_000))   # spends the whole balance
    with pytest.raises(Conflict, match="cannot be reversed"):
        reverse_recharge(market.db, market.manager, result.recharge_id, reason="x", event_id=new_event_id())
    assert count(market.db, "recharge_reversals") == 0


def test_reversal_needs_a_reason(market, clerk):
    result = top_up(market, clerk, 100_00)
    with pytest.raises(ValidationError, match="reason"):
        reverse_recharge(market.db, market.manager, result.recharge_id, reason="  ", event_id=new_event_id())


def test_overdraft_limit(market, clerk):
    info = acct.set_overdraft_limit(market.db, market.admin, market.fixed, 1000_00)
    assert info.available_fen == market.balance() + 1000_00
    from tests.desk.test_entry import charge
    from app.weighing.entry import EntryDraft
    charge(market, EntryDraft("鲁G12345", market.cabbage, 70_000_000))   # 867.60 > 500.00: uses overdraft
    with pytest.raises(ValidationError, match="already uses"):
        acct.set_overdraft_limit(market.db, market.admin, market.fixed, 0)
    with pytest.raises(PermissionDenied, match="merchant.manage"):
        acct.set_overdraft_limit(market.db, clerk, market.fixed, 0)


def test_close_pays_out_and_closes_for_good(market, clerk):
    balance = market.balance()
    result = acct.close_account(market.db, market.manager, market.fixed, paid_by="cash", reason="stopped trading",
                                event_id=new_event_id())
    assert result.paid_out_fen == balance and result.receipt_no.startswith("K")
    assert acct.account_info(market.db, market.fixed).status == "closed" and market.balance() == 0
    with pytest.raises(ValidationError, match="closed"):
        top_up(market, clerk, 100_00)
    assert verify_ledger(market.db).violations == 0


def test_close_by_transfer_needs_its_reference(market):
    with pytest.raises(ValidationError, match="reference"):
        acct.close_account(market.db, market.manager, market.fixed, paid_by="transfer", reason="x",
                           event_id=new_event_id())


def test_find_accounts_by_name_code_phone_and_plate(market):
    code = acct.account_info(market.db, market.fixed).code
    for text_ in ("寿光", "SGSC", code, "13800001111", "鲁G12345"):
        assert [a.merchant_id for a in acct.find_accounts(market.db, text_)] == [market.fixed], text_


def test_reversal_never_reaches_into_the_overdraft(market, clerk):
    from tests.desk.test_entry import charge
    from app.weighing.entry import EntryDraft
    acct.set_overdraft_limit(market.db, market.admin, market.fixed, 1000_00)
    result = top_up(market, clerk, 500_00)
    charge(market, EntryDraft("鲁G12345", market.cabbage, 70_000_000))   # 868.80: 131.20 left of 1000.00
    with pytest.raises(Conflict, match="cannot be reversed"):
        reverse_recharge(market.db, market.manager, result.recharge_id, reason="x", event_id=new_event_id())
    assert market.balance() >= 0 and count(market.db, "recharge_reversals") == 0


def test_double_click_on_a_channel_payment_answers_with_the_first_result(market, clerk):
    event_id = new_event_id()
    outcomes = []

    def click():
        try:
            outcomes.append(top_up(market, clerk, 100_00, method="wechat", reference=WECHAT_REF, event_id=event_id))
        except Conflict as exc:  # pragma: no cover - the failure this test guards against
            outcomes.append(exc)

    run_together(click, click, click)
    assert [type(o).__name__ for o in outcomes] == ["RechargeResult"] * 3
    assert len({o.recharge_id for o in outcomes}) == 1

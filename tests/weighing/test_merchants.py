"""Merchants: fixed ones with their prepaid account, temporary ones without; edits audited."""
import pytest

from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.ledger import accounts, queries
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit, verify_ledger
from app.weighing import merchants
from app.weighing.merchants import OVERDRAFT_MAX_FEN

from tests.concurrency import run_together
from tests.weighing.helpers import count_rows


def recharge(db, actor, merchant, amount_fen):
    bank = db.transact(lambda s: accounts.clearing(s, PaymentMethod.BANK_TRANSFER).id)
    submit(db, EventRequest(new_event_id(), "recharge", (
        NewTransfer(bank, merchant.account_id, amount_fen, TransferCode.RECHARGE),)), operator=actor)


def test_fixed_merchant_gets_its_prepaid_account(db, people, audit_log):
    m = merchants.create_merchant(db, people["manager"], kind="fixed", name=" 寿光蔬菜批发部 ", contact="王建国",
                                  phone="0536-520 1234", id_number="37078319800101123x", overdraft_limit_fen=500_00)
    assert m.code == f"M{m.id:06d}" and len(m.code) == 7
    assert (m.name, m.initials, m.kind, m.status) == ("寿光蔬菜批发部", "SGSCPFB", "fixed", "active")
    assert (m.id_number, m.phone) == ("37078319800101123X", "0536-520 1234")
    assert (m.available_fen, m.overdraft_limit_fen) == (500_00, 500_00)   # nothing paid in: the overdraft
    account = db.transact(lambda s: accounts.get(s, m.account_id), readonly=True)
    assert account.key == f"prepaid:merchant:{m.id}" and account.code == "merchant_prepaid"
    assert account.debits_must_not_exceed_credits and account.overdraft_limit_fen == 500_00
    entry = audit_log.last()[0]
    assert (entry["action"], entry["target"]) == ("merchant.create", m.code)
    assert entry["details"]["account_id"] == m.account_id and entry["details"]["kind"] == "fixed"


def test_temporary_merchant_has_no_account_and_may_be_anonymous(db, people):
    m = merchants.create_merchant(db, people["admin"], kind="temporary", name="")
    assert (m.account_id, m.available_fen, m.name, m.initials) == (None, None, "", "")
    named = merchants.create_merchant(db, people["admin"], kind="temporary", name="周师傅", phone="13153667878")
    assert named.code != m.code and named.initials == "ZSF"
    assert merchants.get_merchant(db, named.id) == named


def test_balance_follows_the_ledger(db, people):
    m = merchants.create_merchant(db, people["admin"], kind="fixed", name="张记果蔬")
    recharge(db, people["admin"], m, 1234_56)
    got = merchants.get_merchant(db, m.id)
    assert got.available_fen == 1234_56
    assert got.available_fen == db.transact(lambda s: queries.balance(s, m.account_id), readonly=True).available_fen
    assert merchants.get_merchant_by_code(db, got.code.lower()) == got
    assert verify_ledger(db).violations == 0


@pytest.mark.parametrize("fields, message", [
    ({"kind": "fixed", "name": ""}, "name: must not be empty"),
    ({"kind": "vip", "name": "x"}, "kind: fixed"),
    ({"kind": "fixed", "name": "甲" * 65}, "name: at most 64"),
    ({"kind": "fixed", "name": "甲", "phone": "call me"}, "phone"),
    ({"kind": "fixed", "name": "甲", "phone": "1234"}, "phone: 5 to 20 digits"),
    ({"kind": "fixed", "name": "甲", "phone": "1" * 21}, "phone"),
    ({"kind": "fixed", "name": "甲", "id_number": "12345"}, "ID number: 15 or 18"),
    ({"kind": "fixed", "name": "甲", "id_number": "3707831980010112X3"}, "ID number"),
    ({"kind": "fixed", "name": "甲", "overdraft_limit_fen": -1}, "overdraft limit"),
    ({"kind": "fixed", "name": "甲", "overdraft_limit_fen": OVERDRAFT_MAX_FEN + 1}, "overdraft limit"),
    ({"kind": "temporary", "name": "甲", "overdraft_limit_fen": 100}, "only a fixed merchant"),
    ({"kind": "fixed", "name": "甲", "contact": "乙" * 65}, "contact: at most 64"),
])
def test_create_merchant_checks_input(db, people, audit_log, fields, message):
    before = audit_log.count()
    with pytest.raises(ValidationError, match=message):
        merchants.create_merchant(db, people["admin"], **fields)
    assert audit_log.count() == before and count_rows(db, "merchants") == 0


def test_valid_phones_and_id_numbers(db, people):
    for phone in ("13812345678", "+86 138 1234 5678", "0536-5201234", "12345"):
        assert merchants.create_merchant(db, people["admin"], kind="temporary", name="甲", phone=phone).phone == phone
    for number in ("370783800101123", "370783198001011234"):
        assert merchants.create_merchant(db, people["admin"], kind="temporary", name="乙",
                                         id_number=number).id_number == number


def test_update_merchant_audits_changed_fields(db, people, audit_log):
    admin = people["admin"]
    m = merchants.create_merchant(db, admin, kind="fixed", name="李氏粮油", phone="13900000000")
    updated = merchants.update_merchant(db, admin, m.id, name="李记粮油", phone="13911111111", contact="李德福")
    assert (updated.name, updated.initials, updated.contact, updated.phone) == ("李记粮油", "LJLY", "李德福",
                                                                                "13911111111")
    assert updated.updated_at >= m.updated_at and updated.account_id == m.account_id
    entry = audit_log.last()[0]
    assert entry["action"] == "merchant.update" and entry["target"] == m.code
    assert entry["details"] == {"name": {"old": "李氏粮油", "new": "李记粮油"},
                                "phone": {"old": "13900000000", "new": "13911111111"},
                                "contact": {"old": "", "new": "李德福"}}
    suspended = merchants.update_merchant(db, admin, m.id, status="suspended")
    assert suspended.status == "suspended"
    assert audit_log.last()[0]["details"] == {"status": {"old": "active", "new": "suspended"}}
    before = audit_log.count()
    merchants.update_merchant(db, admin, m.id, status="suspended", name="李记粮油")   # nothing changes
    assert audit_log.count() == before


def test_update_merchant_refusals(db, people, audit_log):
    admin = people["admin"]
    fixed = merchants.create_merchant(db, admin, kind="fixed", name="王家水产")
    temporary = merchants.create_merchant(db, admin, kind="temporary", name="吴大姐")
    before = audit_log.count()
    with pytest.raises(ValidationError, match="status"):
        merchants.update_merchant(db, admin, fixed.id, status="closed")
    with pytest.raises(ValidationError, match="name: must not be empty"):
        merchants.update_merchant(db, admin, fixed.id, name="  ")
    with pytest.raises(ValidationError, match="phone"):
        merchants.update_merchant(db, admin, fixed.id, phone="12")
    with pytest.raises(NotFound):
        merchants.update_merchant(db, admin, 999, name="x")
    with pytest.raises(PermissionDenied):
        merchants.update_merchant(db, people["cashier"], fixed.id, name="x")
    with pytest.raises(PermissionDenied):
        merchants.create_merchant(db, people["finance"], kind="temporary", name="x")
    assert audit_log.count() == before
    # A temporary merchant may lose its name; a fixed one may not.
    assert merchants.update_merchant(db, admin, temporary.id, name="").name == ""


def test_get_merchant_unknown(db, people):
    with pytest.raises(NotFound):
        merchants.get_merchant(db, 12345)
    with pytest.raises(ValidationError):
        merchants.get_merchant(db, "1")
    with pytest.raises(ValidationError, match="merchant code"):
        merchants.get_merchant_by_code(db, "X1")


def test_search_merchants(db, people):
    admin = people["admin"]
    zhang = merchants.create_merchant(db, admin, kind="fixed", name="张记果蔬", phone="138 6361 2345")
    zhao = merchants.create_merchant(db, admin, kind="fixed", name="赵家果园", phone="150-5366-3434")
    old_zhang = merchants.create_merchant(db, admin, kind="temporary", name="张三", phone="13700000000")
    merchants.update_merchant(db, admin, old_zhang.id, status="suspended")
    recharge(db, admin, zhang, 100_00)

    def codes(text, **kw):
        return [m.code for m in merchants.search_merchants(db, text, **kw)]

    assert codes(zhao.code) == [zhao.code]
    assert codes(f"m{zhao.id}") == [zhao.code]                       # the code without its zeros
    assert codes("果") == [zhang.code, zhao.code]                     # name fragment
    assert codes("zj") == [zhang.code, zhao.code]                     # initials 张记果蔬 ZJGS, 赵家果园 ZJGY
    assert codes("ZJGY") == [zhao.code]
    assert codes("张") == [zhang.code, old_zhang.code]                # active first
    assert codes("63612345") == [zhang.code]                          # phone digits across the spaces
    assert codes("5366-34") == [zhao.code]
    assert codes("没有") == []
    assert codes("%") == [] and codes("_") == []                      # wildcards are literal
    assert codes("") == [zhang.code, zhao.code, old_zhang.code]
    assert codes("", limit=1) == [zhang.code]
    assert merchants.search_merchants(db, "张记")[0].available_fen == 100_00
    with pytest.raises(ValidationError, match="limit"):
        merchants.search_merchants(db, "张", limit=0)


def test_two_counters_creating_merchants_at_once_get_distinct_codes(db, people):
    results = []

    def create(actor, name):
        return lambda: results.append(merchants.create_merchant(db, actor, kind="fixed", name=name))

    run_together(create(people["admin"], "甲"), create(people["manager"], "乙"),
                 create(people["admin"], "丙"), create(people["manager"], "丁"))
    assert len({m.code for m in results}) == 4 and len({m.account_id for m in results}) == 4
    for m in results:
        account = db.transact(lambda s: accounts.get(s, m.account_id), readonly=True)
        assert account.key == f"prepaid:merchant:{m.id}"


def test_an_orphan_account_with_money_is_never_handed_to_a_new_merchant(db, people, audit_log):
    """Only a hand-made account could hold the key of a merchant id not yet given."""
    first = merchants.create_merchant(db, people["admin"], kind="temporary", name="甲")
    orphan = db.transact(lambda s: accounts.merchant_prepaid(s, first.id + 1, "孤儿").id)
    bank = db.transact(lambda s: accounts.clearing(s, PaymentMethod.BANK_TRANSFER).id)
    submit(db, EventRequest(new_event_id(), "recharge", (NewTransfer(bank, orphan, 5_00, TransferCode.RECHARGE),)),
           operator=people["admin"])
    before = audit_log.count()
    with pytest.raises(Conflict, match="already exists with other terms"):
        merchants.create_merchant(db, people["admin"], kind="fixed", name="乙")
    assert audit_log.count() == before

"""The weigh desk with split rules: the charge's event holds the split transfers, the refund
gives back in proportion, the void reverses everything; the log and the ledger agree."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from app.errors import Conflict
from app.ledger import queries
from app.ledger.service import verify_ledger
from app.splits.report import beneficiary_report, ticket_splits
from app.splits.rules import set_rule
from app.splits.shares import Line
from app.weighing.entry import EntryDraft
from app.weighing.void import void_entry
from app.ledger.ids import new_event_id
from tests.desk.test_entry import charge, rows
from tests.desk.test_exit_and_void import refund
from tests.splits.test_rules import category_of


@pytest.fixture
def rule(market, parties):
    """蔬菜: the cooperative 12.5 %, the tax 3.00 yuan, the rest to the market."""
    return set_rule(market.db, market.manager, category_id=category_of(market),
                    lines=(Line(parties.coop, basis_points=1250), Line(parties.tax, fixed_fen=300)),
                    remainder_beneficiary_id=parties.market, note="合作社与税费")


def balance(market, account_id):
    return market.db.transact(lambda s: queries.balance(s, account_id).posted_fen, readonly=True)


def income_id(market):
    return rows(market.db, f"SELECT id FROM ledger_accounts WHERE key = 'income:category:{category_of(market)}'")[0][0]


def logged(market, ticket_id):
    return [(s.kind, s.beneficiary, s.amount_fen) for s in ticket_splits(market.db, market.manager, ticket_id)]


def test_charge_posts_the_split_in_its_own_event(market, parties, rule):
    ticket = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))     # 307.20
    transfers = rows(market.db, "SELECT code, debit_account_id, credit_account_id, amount_fen FROM ledger_transfers "
                                "WHERE ticket_ref = '%s' ORDER BY event_index" % ticket.voucher_no)
    income = income_id(market)
    assert transfers == [("FEE", market.account_id, income, 30720), ("SPLIT", income, parties.coop_account, 3840),
                         ("SPLIT", income, parties.tax_account, 300)]
    assert len(set(rows(market.db, "SELECT event_id FROM ledger_transfers WHERE ticket_ref = '%s'"
                        % ticket.voucher_no))) == 1
    assert logged(market, ticket.ticket_id) == [("charge", "蔬菜合作社", 3840), ("charge", "代收税费", 300),
                                                ("charge", "市场", 26580)]
    assert {s.version_id for s in ticket_splits(market.db, market.manager, ticket.ticket_id)} == {rule.id}
    assert (balance(market, parties.coop_account), balance(market, parties.tax_account),
            balance(market, income)) == (3840, 300, 26580)
    assert verify_ledger(market.db).violations == 0


def test_a_refused_charge_writes_no_split(market, parties, rule):
    with pytest.raises(Conflict, match="balance"):   # 718.80 from 500.00 on the account, no cash
        charge(market, EntryDraft("鲁G12345", market.cabbage, 60_000_000), cash_fen=0)
    assert rows(market.db, "SELECT count(*) FROM split_log")[0][0] == 0
    assert balance(market, parties.coop_account) == 0


def test_refund_gives_back_in_proportion(market, parties, rule):
    ticket = charge(market, EntryDraft("鲁G33333", market.cabbage, 30_000_000))     # 450.00, tare at exit
    result = refund(market, ticket.ticket_id, 10_000_000)                            # 10 t back: 150.00
    assert result.refund_fen == 15000
    assert logged(market, ticket.ticket_id)[3:] == [("refund", "蔬菜合作社", -1875), ("refund", "代收税费", -100),
                                                    ("refund", "市场", -13025)]
    refund_transfers = rows(market.db, "SELECT code, debit_account_id, credit_account_id, amount_fen FROM "
                                       "ledger_transfers t JOIN weigh_refunds r ON r.event_id = t.event_id "
                                       "ORDER BY event_index")
    income = income_id(market)
    assert refund_transfers == [("REFUND", income, market.account_id, 15000),
                                ("SPLIT", parties.coop_account, income, 1875), ("SPLIT", parties.tax_account, income, 100)]
    assert (balance(market, parties.coop_account), balance(market, parties.tax_account)) == (5625 - 1875, 200)
    assert balance(market, income) == 45000 - 15000 - 3750 - 200
    assert verify_ledger(market.db).violations == 0


def test_void_reverses_the_split_too(market, parties, rule):
    ticket = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000), actor=market.manager)
    void_entry(market.db, market.manager, ticket.ticket_id, reason="wrong commodity", event_id=new_event_id())
    assert [a for kind, _, a in logged(market, ticket.ticket_id) if kind == "void"] == [-3840, -300, -26580]
    assert (balance(market, parties.coop_account), balance(market, parties.tax_account),
            balance(market, income_id(market))) == (0, 0, 0)
    assert market.balance() == 500_00
    assert verify_ledger(market.db).violations == 0


def test_no_rule_no_split_and_the_commodity_rule_wins(market, parties, rule):
    set_rule(market.db, market.manager, commodity_id=market.potato, lines=(), remainder_beneficiary_id=parties.market)
    ticket = charge(market, EntryDraft("鲁G12345", market.potato, 32_560_000))
    assert logged(market, ticket.ticket_id) == [("charge", "市场", ticket.fee_fen)]
    assert rows(market.db, "SELECT count(*) FROM ledger_transfers WHERE code = 'SPLIT'")[0][0] == 0


def test_report_agrees_with_the_payable_accounts(market, parties, rule):
    a = charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))
    b = charge(market, EntryDraft("鲁G33333", market.cabbage, 30_000_000))
    refund(market, b.ticket_id, 10_000_000)
    c = charge(market, EntryDraft("鲁G22222", market.cabbage, 20_000_000), actor=market.manager)
    void_entry(market.db, market.manager, c.ticket_id, reason="test", event_id=new_event_id())
    now = datetime.utcnow()
    report = beneficiary_report(market.db, market.manager, now - timedelta(days=1), now + timedelta(days=1))
    by_name = {r.name: r for r in report.rows}
    for name, account in (("蔬菜合作社", parties.coop_account), ("代收税费", parties.tax_account)):
        r = by_name[name]
        assert r.net_fen == r.payable_balance_fen == r.logged_total_fen == balance(market, account)
        assert r.tickets == 3
    total_kept = sum(r.net_fen for r in report.rows)
    fees = a.fee_fen + b.fee_fen - 15000
    assert total_kept == fees
    assert by_name["市场"].payable_balance_fen is None
    empty = beneficiary_report(market.db, market.manager, now - timedelta(days=3), now - timedelta(days=2))
    assert all(r.net_fen == 0 and r.tickets == 0 for r in empty.rows)
    assert verify_ledger(market.db).violations == 0


def test_split_log_is_append_only(market, parties, rule):
    charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))
    for sql in ("UPDATE split_log SET amount_fen = 0", "DELETE FROM split_log"):
        with pytest.raises(Exception, match="append-only"):
            with market.db.session() as s:
                s.execute(text(sql))


def test_report_refusals(market, parties):
    now = datetime.utcnow()
    from app.errors import PermissionDenied, ValidationError
    with pytest.raises(ValidationError, match="the end must come after the start"):
        beneficiary_report(market.db, market.manager, now, now)
    with pytest.raises(PermissionDenied):
        beneficiary_report(market.db, market.cashier, now, now + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        ticket_splits(market.db, market.cashier, 1)

"""Beneficiaries and versioned rules: permissions, validation, history, audit, append-only."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.errors import Conflict, PermissionDenied, ValidationError
from app.splits.beneficiaries import add_beneficiary, list_beneficiaries
from app.splits.rules import list_rules, rule_in_force, set_rule
from app.splits.shares import Line
from tests.desk.test_entry import rows


def category_of(market):
    return market.db.transact(lambda s: s.execute(text("SELECT category_id FROM commodities WHERE id = :i"),
                                                  {"i": market.cabbage}).scalar(), readonly=True)


def test_beneficiaries_get_payable_accounts(market, parties):
    listed = list_beneficiaries(market.db, market.manager)
    assert [(b.name, b.kind, b.account_id is not None) for b in listed] == \
        [("市场", "market", False), ("蔬菜合作社", "external", True), ("代收税费", "external", True)]
    assert rows(market.db, f"SELECT key, code FROM ledger_accounts WHERE id = {parties.coop_account}") == \
        [(f"payable:split:{parties.coop}", "split_payable")]
    assert rows(market.db, "SELECT count(*) FROM audit_log WHERE action = 'split.beneficiary_add'")[0][0] == 3


def test_beneficiary_refusals(market, parties):
    with pytest.raises(Conflict, match="exists already"):
        add_beneficiary(market.db, market.manager, "市场", "external")
    with pytest.raises(ValidationError, match="kind"):
        add_beneficiary(market.db, market.manager, "X", "friend")
    with pytest.raises(ValidationError, match="name: must not be empty"):
        add_beneficiary(market.db, market.manager, "  ", "market")
    with pytest.raises(PermissionDenied):
        add_beneficiary(market.db, market.cashier, "Y", "market")
    with pytest.raises(PermissionDenied):
        list_beneficiaries(market.db, market.cashier)


def test_reading_needs_report_view_or_split_edit(market, parties):
    auth.create_user(market.db, market.admin, "fin", "", "fin-pass", "finance")
    finance = auth.login(market.db, "fin", "fin-pass")
    assert not finance.can("split.edit")
    assert len(list_beneficiaries(market.db, finance)) == 3
    assert list_rules(market.db, finance) == []
    with pytest.raises(PermissionDenied):
        set_rule(market.db, finance, category_id=category_of(market), lines=(), remainder_beneficiary_id=parties.market)
    with pytest.raises(PermissionDenied):
        list_rules(market.db, market.cashier)


def test_versions_history_and_commodity_wins(market, parties):
    cat = category_of(market)
    v1 = set_rule(market.db, market.manager, category_id=cat, lines=(Line(parties.coop, basis_points=1000),),
                  remainder_beneficiary_id=parties.market, note="合作社 10%")
    v2 = set_rule(market.db, market.manager, category_id=cat, lines=(Line(parties.coop, basis_points=1500),
                                                                    Line(parties.tax, fixed_fen=200)),
                  remainder_beneficiary_id=parties.market, note="raised")
    later = datetime.now(timezone.utc) + timedelta(days=3)
    set_rule(market.db, market.manager, category_id=cat, lines=(), remainder_beneficiary_id=parties.market,
             effective_at=later, note="all to the market from then on")
    own = set_rule(market.db, market.manager, commodity_id=market.cabbage, lines=(Line(parties.tax,
                                                                                    basis_points=300),),
                   remainder_beneficiary_id=parties.coop)
    assert (v1.version, v2.version, own.version) == (1, 2, 1)
    assert [(l.beneficiary_name, l.basis_points, l.fixed_fen) for l in v2.lines] == \
        [("蔬菜合作社", 1500, None), ("代收税费", None, 200)]
    scopes = list_rules(market.db, market.manager)
    assert [(s.scope, s.name) for s in scopes] == [("category", "蔬菜"), ("commodity", "大白菜")]
    category = scopes[0]
    assert category.current.id == v2.id and [v.version for v in category.history] == [3, 2, 1]
    assert category.history[0].effective_at > category.current.effective_at   # the planned one

    def in_force(commodity, at):
        return market.db.transact(lambda s: rule_in_force(s, cat, commodity, at), readonly=True)
    now = datetime.utcnow() + timedelta(seconds=1)
    assert in_force(market.cabbage, now)[0] == own.id
    assert in_force(market.potato, now)[0] == v2.id
    assert in_force(market.potato, now + timedelta(days=4))[1].lines == ()
    audit = rows(market.db, "SELECT target, details FROM audit_log WHERE action = 'split.rule_set' ORDER BY seq")
    assert [t for t, _ in audit] == [f"category:{cat}"] * 3 + [f"commodity:{market.cabbage}"]
    assert '"note":"raised"' in audit[1][1]


def test_clearing_a_commodity_rule_falls_back_to_the_category(market, parties):
    cat = category_of(market)
    v1 = set_rule(market.db, market.manager, category_id=cat, lines=(Line(parties.coop, basis_points=1000),),
                  remainder_beneficiary_id=parties.market)
    set_rule(market.db, market.manager, commodity_id=market.cabbage, lines=(), remainder_beneficiary_id=parties.coop)
    cleared = set_rule(market.db, market.manager, commodity_id=market.cabbage, lines=(),
                       remainder_beneficiary_id=None, note="back to the category")
    assert cleared.cleared and cleared.version == 2
    found = market.db.transact(lambda s: rule_in_force(s, cat, market.cabbage, datetime.utcnow()), readonly=True)
    assert found[0] == v1.id
    commodity = [s for s in list_rules(market.db, market.manager) if s.scope == "commodity"][0]
    assert commodity.current is None and len(commodity.history) == 2
    with pytest.raises(ValidationError, match="no split rule to clear"):
        set_rule(market.db, market.manager, commodity_id=market.potato, lines=(), remainder_beneficiary_id=None)


def test_rule_refusals(market, parties):
    cat = category_of(market)
    cases = [
        (dict(category_id=cat, commodity_id=market.cabbage), "either a commodity category or a commodity"),
        (dict(category_id=cat, lines=(Line(parties.coop, basis_points=9000), Line(parties.tax, basis_points=1001))),
         "more than 100 %"),
        (dict(category_id=cat, lines=(Line(parties.coop, basis_points=10), Line(parties.coop, fixed_fen=1))),
         "appears twice"),
        (dict(category_id=cat, lines=(Line(parties.coop, fixed_fen=-5),)), "0 yuan or more"),
        (dict(category_id=cat, lines=(Line(999, basis_points=10),)), "beneficiary 999 does not exist"),
        (dict(category_id=9999), "category 9999 does not exist"),
        (dict(category_id=cat, effective_at=datetime.now(timezone.utc) - timedelta(hours=1)), "in the past"),
        (dict(category_id=cat, note="x" * 201), "note: at most 200"),
    ]
    for kwargs, message in cases:
        kwargs.setdefault("lines", ())
        with pytest.raises(ValidationError, match=message):
            set_rule(market.db, market.manager, remainder_beneficiary_id=parties.market, **kwargs)
    with pytest.raises(ValidationError, match="remainder: choose"):
        set_rule(market.db, market.manager, category_id=cat, lines=(Line(parties.coop, basis_points=1),),
                 remainder_beneficiary_id=None)
    assert rows(market.db, "SELECT count(*) FROM split_rule_versions")[0][0] == 0


def test_rule_tables_are_append_only(market, parties):
    set_rule(market.db, market.manager, category_id=category_of(market), lines=(Line(parties.coop, basis_points=1),),
             remainder_beneficiary_id=parties.market)
    for sql in ("UPDATE split_rule_versions SET note = 'x'", "DELETE FROM split_rule_lines"):
        with pytest.raises(Exception, match="append-only"):
            with market.db.session() as s:
                s.execute(text(sql))

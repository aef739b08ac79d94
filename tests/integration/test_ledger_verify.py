"""`marketdesk ledger verify` and the start-up check notice books changed behind our back."""
import json

import pytest
from sqlalchemy import text

from app.cli import main as cli_main
from app.ledger import health
from app.ledger.codes import TransferCode as C
from app.ledger.errors import LedgerUnhealthy
from app.ledger.requests import NewTransfer
from app.ledger.service import startup_check


@pytest.fixture(autouse=True)
def _healthy_again():
    yield
    health.record([])


def test_clean_ledger_verifies(chart, db_url, capsys):
    chart.recharge(chart.merchant, 10_00)
    chart.post(NewTransfer(chart.merchant, chart.income, 3_00, C.FEE))
    assert cli_main(["--db", db_url, "ledger", "verify"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["violations"] == 0 and report["transfers"] == 2


def test_counter_edited_behind_our_back(chart, db_url, capsys):
    chart.recharge(chart.merchant, 10_00)
    with chart.db.session() as s:  # the income account has no flag, so no CHECK stops this
        s.execute(text("UPDATE ledger_accounts SET credits_posted = credits_posted + 7 WHERE id = :i"),
                  {"i": chart.income})
    assert cli_main(["--db", db_url, "ledger", "verify"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checks"]["counters_match_transfers"] == 1
    assert report["checks"]["balanced_and_within_limits"] == 1
    assert startup_check(chart.db)
    with pytest.raises(LedgerUnhealthy, match="money operations are stopped"):
        chart.recharge(chart.merchant, 1_00)


def test_deleted_transfer_detected(chart, db_url, engine_name, capsys):
    chart.recharge(chart.merchant, 10_00)
    chart.recharge(chart.merchant2, 5_00)
    with chart.db.session() as s:
        if engine_name == "postgresql":
            s.execute(text("ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_append_only"))
        else:
            s.execute(text("DROP TRIGGER ledger_transfers_no_delete"))
        s.execute(text("DELETE FROM ledger_transfers WHERE credit_account_id = :i"), {"i": chart.merchant2})
    assert cli_main(["--db", db_url, "ledger", "verify"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checks"]["counters_match_transfers"] == 2  # the merchant's and the drawer's


def test_start_up_finds_the_problem_and_stops_money(chart, db_url):
    from app.windows.startup_work import open_books
    chart.recharge(chart.merchant, 10_00)
    with chart.db.session() as s:
        s.execute(text("UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE id = :i"),
                  {"i": chart.income})
    opened = open_books(db_url)
    try:
        assert opened.ledger_problems and "posted debits" in opened.ledger_problems[0]
        with pytest.raises(LedgerUnhealthy):
            chart.recharge(chart.merchant, 1_00)
    finally:
        opened.db.dispose()


def test_event_without_transfers_and_closed_account_with_money_detected(chart, db_url, capsys):
    chart.recharge(chart.merchant, 10_00)
    with chart.db.session() as s:
        s.execute(text("INSERT INTO ledger_events (id, kind, content_hash, operator_name, created_at) "
                       "VALUES ('orphan', 'x', 'h', 'me', '2026-01-01 00:00:00')"))
        s.execute(text("UPDATE ledger_accounts SET closed = :t WHERE id = :i"), {"t": True, "i": chart.merchant})
    assert cli_main(["--db", db_url, "ledger", "verify"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["checks"]["events_complete"] == 1
    assert report["checks"]["closed_accounts_empty"] == 1

"""Upgrades keep the data: the database of each earlier release (tests/fixtures/, written by
that release's own code with tools/make_fixture_db.py) is upgraded by today's migrations on
first start; every account, ticket, refund, void, recharge, shift and audit entry is intact,
the ledger and the audit chain verify, and the new desks work on the old books."""
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from app.auth import audit
from app.auth import service as auth
from app.db import migrate
from app.db.startup import open_database
from app.finance.close import close_shift
from app.finance.receive import receive_handover
from app.ledger import queries
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, verify_ledger
from tests.finance.conftest import cash

FIXTURES = sorted(Path(__file__).resolve().parent.parent.joinpath("fixtures").glob("marketdesk-*.sqlite3"))
COUNTER = "1号收费台"


def test_there_is_a_fixture_of_the_last_release():
    assert any(f.name == "marketdesk-0.1.0.sqlite3" for f in FIXTURES)


def _tool():
    """tools/make_fixture_db.py: the manifest is read again by the queries that wrote it."""
    path = Path(__file__).resolve().parent.parent.parent / "tools" / "make_fixture_db.py"
    spec = importlib.util.spec_from_file_location("make_fixture_db", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _now(path: Path, manifest: dict) -> dict:
    """The manifest's facts in the upgraded file (accounts: those the release had)."""
    now = json.loads(json.dumps(_tool().manifest(path)))
    keys = {a[0] for a in manifest["accounts"]}
    now["accounts"] = [a for a in now["accounts"] if a[0] in keys]
    del now["schema"]
    return now


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_old_database_is_upgraded_with_everything_intact(fixture, tmp_path):
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db, upgraded = open_database(f"sqlite:///{path}")
    try:
        assert upgraded is not None and upgraded.before == manifest["schema"]
        assert upgraded.after == migrate.head_revision() and upgraded.backup.exists()
        expected = {k: v for k, v in manifest.items() if k != "schema"}
        assert _now(path, manifest) == expected
        assert verify_ledger(db).violations == 0
        assert db.transact(audit.verify, readonly=True).ok
        # The new finance desk works on the old books: the cashier's shift of that day is closed,
        # handed over and received.
        auth.create_user(db, auth.login(db, "boss", "boss-pass", counter=COUNTER), "fin", "", "fin-pass", "finance")
        cashier = auth.login(db, "demo_cashier", "demo1234", counter=COUNTER)
        shift = current_shift(db, cashier)
        balance = db.transact(lambda s: queries.balance(s, shift.drawer_account_id).posted_fen, readonly=True)
        handover = close_shift(db, cashier, shift.id, count=cash(balance), declared_fen={}, event_id=new_event_id())
        assert handover.cash.difference_fen == 0
        receive_handover(db, auth.login(db, "fin", "fin-pass"), handover.handover_id, event_id=new_event_id())
        assert verify_ledger(db).violations == 0
    finally:
        db.dispose()

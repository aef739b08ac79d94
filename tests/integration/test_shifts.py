"""Shifts: one user at one counter with a counted float and a drawer of its own."""

import pytest

from app.auth import service as auth
from app.errors import Conflict, PermissionDenied, ValidationError
from app.ledger import queries
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift, open_shift, verify_ledger

from tests.concurrency import run_together


@pytest.fixture
def cashier(db):
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass")
    auth.create_user(db, admin, "cash1", "", "cash-pass", "cashier")
    auth.create_user(db, admin, "fin", "", "fin-pass", "finance")
    return auth.login(db, "cash1", "cash-pass", counter="1号收费台")


def test_open_shift_with_float(db, cashier):
    shift = open_shift(db, cashier, 500_00)
    assert current_shift(db, cashier) == shift
    drawer = db.transact(lambda s: queries.balance(s, shift.drawer_account_id), readonly=True)
    assert drawer.posted_fen == 500_00 and drawer.code == "cash_drawer"
    assert verify_ledger(db).violations == 0


def test_one_open_shift_per_user_and_counter(db, cashier):
    open_shift(db, cashier, 0)
    with pytest.raises(Conflict, match="already has an open shift"):
        open_shift(db, cashier, 100_00)
    other_counter = auth.login(db, "cash1", "cash-pass", counter="2号收费台")
    assert open_shift(db, other_counter, 0).counter == "2号收费台"


def test_double_click_opens_one_shift(db, cashier):
    event_id = new_event_id()
    results, errors = [], []

    def click():
        try:
            results.append(open_shift(db, cashier, 300_00, event_id=event_id))
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    run_together(*[click] * 3)
    assert not errors and len({r.id for r in results}) == 1


def test_concurrent_distinct_requests_open_one_shift(db, cashier):
    results, errors = [], []

    def click():
        try:
            results.append(open_shift(db, cashier, 100_00))
        except Conflict as exc:
            errors.append(exc)

    run_together(*[click] * 3)
    assert len(results) == 1 and len(errors) == 2


@pytest.mark.parametrize("float_fen", [-1, 10_000_01, 1.5])
def test_bad_float_refused(db, cashier, float_fen):
    with pytest.raises(ValidationError, match="opening float"):
        open_shift(db, cashier, float_fen)
    assert current_shift(db, cashier) is None


def test_needs_permission_and_counter(db, cashier):
    fin = auth.login(db, "fin", "fin-pass", counter="财务室")
    with pytest.raises(PermissionDenied, match="shift.open"):
        open_shift(db, fin, 0)
    no_counter = auth.login(db, "cash1", "cash-pass", counter=None)
    with pytest.raises(ValidationError, match="counter"):
        open_shift(db, no_counter, 0)


def test_same_request_id_with_another_float_is_refused(db, cashier):
    from app.ledger.errors import IdempotencyConflict
    event_id = new_event_id()
    open_shift(db, cashier, 100_00, event_id=event_id)
    with pytest.raises(IdempotencyConflict):
        open_shift(db, cashier, 200_00, event_id=event_id)

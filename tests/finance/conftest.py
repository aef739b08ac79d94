"""The finance tests run in the small market of the weigh-desk tests (a cashier and a
manager on shift at 1号收费台), with a recharge clerk on shift and a finance clerk."""
import pytest

from app.auth import service as auth
from app.finance.close import close_shift
from app.finance.denominations import CashCount
from app.ledger.ids import new_event_id
from app.ledger.service import current_shift
from tests.desk.conftest import COUNTER, market  # noqa: F401  (a fixture, used by name)
from tests.recharge.conftest import clerk  # noqa: F401


@pytest.fixture
def finance(market):  # noqa: F811
    auth.create_user(market.db, market.admin, "fin1", "王出纳", "fin-pass", "finance")
    return auth.login(market.db, "fin1", "fin-pass", counter="财务室")


def cash(fen: int) -> CashCount:
    """Counted as 100-yuan notes, then smaller ones: the same total, realistic pieces."""
    pieces = {}
    for denomination in (100_00, 50_00, 20_00, 10_00, 5_00, 1_00, 50, 10):
        pieces[denomination], fen = divmod(fen, denomination)
    assert fen == 0, "counts are whole jiao"
    return CashCount.of(pieces)


def close(m, actor, counted_fen, *, owner=None, declared=None, event_id=None, **kw):
    shift = current_shift(m.db, owner or actor)
    return close_shift(m.db, actor, shift.id, count=cash(counted_fen), declared_fen=declared or {},
                       event_id=event_id or new_event_id(), **kw)

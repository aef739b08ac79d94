"""The recharge desk's tests run in the small market of the weigh-desk tests, with a
recharge clerk on shift."""
import pytest

from app.auth import service as auth
from app.ledger.service import open_shift
from tests.desk.conftest import COUNTER, market  # noqa: F401  (a fixture, used by name)


@pytest.fixture
def clerk(market):  # noqa: F811
    auth.create_user(market.db, market.admin, "clerk1", "李会计", "clerk-pass", "recharge_clerk")
    clerk = auth.login(market.db, "clerk1", "clerk-pass", counter=COUNTER)
    open_shift(market.db, clerk, 200_00)
    return clerk

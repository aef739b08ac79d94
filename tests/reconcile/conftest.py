"""Reconciliation tests run in the small market of the desk tests: a recharge clerk on shift
takes non-cash payments, a finance user imports the channels' statements."""
from dataclasses import dataclass

import pytest

from app.auth import service as auth
from app.auth.actor import Actor
from app.ledger.ids import new_event_id
from app.recharge.service import recharge, reverse_recharge
from tests.desk.conftest import COUNTER, Market, market  # noqa: F401  (a fixture, used by name)
from tests.recharge.conftest import clerk  # noqa: F401  (a fixture, used by name)


@dataclass
class Books:
    market: Market
    clerk: Actor
    finance: Actor

    def pay(self, amount_fen: int, reference: str, method: str = "wechat"):
        return recharge(self.market.db, self.clerk, self.market.fixed, amount_fen=amount_fen, method=method,
                        reference=reference, event_id=new_event_id(), confirmed_large=True)

    def reverse(self, recharge_id: int):
        return reverse_recharge(self.market.db, self.market.manager, recharge_id, reason="刷错了",
                                event_id=new_event_id())


@pytest.fixture
def books(market, clerk) -> Books:  # noqa: F811
    auth.create_user(market.db, market.admin, "fin1", "王会计", "fin-pass", "finance")
    finance = auth.login(market.db, "fin1", "fin-pass", counter=COUNTER)
    return Books(market, clerk, finance)

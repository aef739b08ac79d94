"""Small chart of accounts for ledger tests."""
from dataclasses import dataclass

import pytest

from app.auth.actor import Actor
from app.auth.permissions import PERMISSIONS
from app.db.database import Database
from app.ledger import accounts
from app.ledger.codes import TransferCode
from app.ledger.ids import new_event_id
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit

OPERATOR = Actor(user_id=None, username="tester", display_name="tester", role="admin",
                 permissions=frozenset(PERMISSIONS), counter="1号")


@dataclass
class Chart:
    db: Database
    merchant: int   # prepaid, debits must not exceed credits
    merchant2: int
    drawer: int     # cash drawer, credits must not exceed debits
    income: int
    wechat: int

    def post(self, *items, kind="test", event_id=None):
        return submit(self.db, EventRequest(event_id or new_event_id(), kind, tuple(items)), OPERATOR)

    def recharge(self, account, amount_fen):
        return self.post(NewTransfer(self.drawer, account, amount_fen, TransferCode.RECHARGE), kind="recharge")


@pytest.fixture
def chart(db):
    def work(session):
        return Chart(db,
                     accounts.merchant_prepaid(session, 1, "张三").id,
                     accounts.merchant_prepaid(session, 2, "李四").id,
                     accounts.shift_drawer(session, 1, "test").id,
                     accounts.fee_income(session, 1, "蔬菜").id,
                     accounts.clearing(session, "wechat").id)
    return db.transact(work)

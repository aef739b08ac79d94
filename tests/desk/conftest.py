"""A small market for the weigh-desk tests: users, an open shift, commodities with prices,
a fixed merchant with money on the account, a temporary customer, vehicles of each tare kind."""
from dataclasses import dataclass

import pytest

from app.auth import service as auth
from app.auth.actor import Actor
from app.db.database import Database
from app.ledger import accounts
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import open_shift, submit
from app.weighing import catalog, merchants, vehicles
from app.weighing.capture import ScaleCapture

COUNTER = "1号收费台"
FRAMES = (("2026-11-23T08:15:40.100", "022b3030323030303231420d"),)


def scale(weight_g: int) -> ScaleCapture:
    return ScaleCapture(weight_g, FRAMES)


@dataclass
class Market:
    db: Database
    admin: Actor
    cashier: Actor
    manager: Actor
    cabbage: int          # 大白菜 15.00 yuan/t
    potato: int           # 土豆 12.00 yuan/t (its category's price)
    fixed: int            # 寿光蔬菜批发部, 500.00 yuan on the account
    account_id: int
    truck_type: int       # 拖拉机带挂 3.2 t

    def balance(self) -> int:
        from app.ledger import queries
        return self.db.transact(lambda s: queries.balance(s, self.account_id), readonly=True).posted_fen

    def top_up(self, amount_fen: int, event_id: str) -> None:
        def ids(session):
            return accounts.clearing(session, PaymentMethod.BANK_TRANSFER).id
        clearing = self.db.transact(ids)
        submit(self.db, EventRequest(event_id, "test.recharge", (
            NewTransfer(clearing, self.account_id, amount_fen, TransferCode.RECHARGE),)), self.admin)


@pytest.fixture
def market(db) -> Market:
    auth.create_first_admin(db, "boss", "", "boss-pass")
    admin = auth.login(db, "boss", "boss-pass", counter=COUNTER)
    auth.create_user(db, admin, "cash1", "张晓梅", "cash-pass", "cashier")
    auth.create_user(db, admin, "mgr", "", "mgr-pass", "manager")
    cashier = auth.login(db, "cash1", "cash-pass", counter=COUNTER)
    manager = auth.login(db, "mgr", "mgr-pass", counter=COUNTER)
    open_shift(db, cashier, 1000_00)
    open_shift(db, manager, 1000_00)
    veg = catalog.create_category(db, admin, "蔬菜")
    cabbage = catalog.create_commodity(db, admin, veg.id, "大白菜", 1500)
    potato = catalog.create_commodity(db, admin, veg.id, "土豆", None)
    catalog.set_price(db, admin, category_id=veg.id, unit_price_fen=1200)
    fixed = merchants.create_merchant(db, admin, kind="fixed", name="寿光蔬菜批发部", phone="13800001111")
    truck = vehicles.create_vehicle_type(db, admin, "拖拉机带挂", 3_200_000)
    vehicles.save_vehicle(db, admin, "鲁G12345", merchant_id=fixed.id, licensed_tare_g=12_080_000)
    vehicles.save_vehicle(db, admin, "鲁G22222", merchant_id=fixed.id, vehicle_type_id=truck.id)
    vehicles.save_vehicle(db, admin, "鲁G33333", merchant_id=fixed.id, weigh_tare_at_exit=True)
    m = Market(db, admin, cashier, manager, cabbage.id, potato.id, fixed.id, fixed.account_id, truck.id)
    m.top_up(500_00, "fixture:topup")
    return m

"""Demo master data for the weigh desk (`marketdesk demo seed`): categories, commodities with
prices, the vehicle-type tare library, fixed merchants with opening balances, temporary
merchants and their vehicles. Idempotent: whatever exists (by name, by plate) is left as it
is, and each opening balance is a ledger event with a fixed id, so a second run posts nothing.
Everything goes through the services, with the seeding user's permissions and audit entries."""
from __future__ import annotations

from sqlalchemy import select

from app.auth.actor import Actor
from app.db.database import Database
from app.ledger import accounts
from app.ledger.codes import PaymentMethod, TransferCode
from app.ledger.requests import EventRequest, NewTransfer
from app.ledger.service import submit
from app.weighing import catalog, merchants, vehicles
from app.weighing.models import Merchant, Price

# category: (default price in fen per tonne, {commodity: own price in fen or None for the category's})
CATALOG = {
    "蔬菜": (12_00, {"大白菜": 15_00, "土豆": 12_00, "西红柿": 20_00, "黄瓜": 18_00, "大葱": None}),
    "水果": (20_00, {"苹果": 25_00, "西瓜": 15_00, "香蕉": 22_00, "葡萄": None}),
    "粮油": (10_00, {"大米": 10_00, "面粉": 10_00}),
    "水产": (30_00, {"草鱼": 30_00, "对虾": None}),
}
VEHICLE_TYPES = {"三轮车": 450_000, "农用车": 1_800_000, "拖拉机带挂": 3_200_000}
# name: (contact, phone, opening balance in fen, overdraft limit in fen)
FIXED_MERCHANTS = {
    "寿光蔬菜批发部": ("王建国", "0536-5201234", 12_000_00, 0),
    "张记果蔬": ("张秀英", "138 6361 2345", 5_000_00, 0),
    "李氏粮油": ("李德福", "139-5362-8888", 8_000_00, 1_000_00),
    "王家水产": ("王海波", "137 0536 6677", 3_000_00, 0),
    "鲁丰蔬菜合作社": ("刘志红", "0536-5256789", 20_000_00, 0),
    "陈记土豆": ("陈平", "135 6366 1212", 150_00, 0),      # little money: the desk asks for cash
    "赵家果园": ("赵春兰", "150 5366 3434", 0, 0),         # nothing yet: a recharge first
    "孙氏葱姜": ("孙明", "186 6363 5656", 2_500_00, 0),
}
TEMPORARY_MERCHANTS = {"周师傅": "131 5366 7878", "吴大姐": "", "散户老郑": ""}
# plate: (merchant name or None, vehicle type or None, licensed tare in grams or None, weigh tare at exit)
VEHICLES = {
    "鲁G12345": ("寿光蔬菜批发部", None, 4_850_000, False),
    "鲁G23456": ("寿光蔬菜批发部", None, 6_200_000, False),
    "鲁G3A567": ("寿光蔬菜批发部", "农用车", None, False),
    "鲁G45678": ("张记果蔬", None, 5_100_000, False),
    "鲁G5B789": ("张记果蔬", "三轮车", None, False),
    "鲁G67890": ("李氏粮油", None, 9_800_000, False),
    "鲁G78901": ("李氏粮油", None, None, True),
    "鲁GC8012": ("王家水产", None, 3_600_000, False),
    "鲁G90123": ("鲁丰蔬菜合作社", None, 12_400_000, False),
    "鲁G01234": ("鲁丰蔬菜合作社", "拖拉机带挂", None, False),
    "鲁GD1357": ("鲁丰蔬菜合作社", None, 7_300_000, False),
    "鲁G24680": ("陈记土豆", "农用车", None, False),
    "鲁G13579": ("赵家果园", None, 4_200_000, False),
    "鲁G86420": ("孙氏葱姜", "三轮车", None, False),
    "鲁V52013": ("周师傅", None, None, True),
    "鲁G9E876": ("周师傅", "农用车", None, False),
    "鲁G11223": ("吴大姐", "三轮车", None, False),
    "冀A33445": ("散户老郑", None, 8_900_000, False),
    "豫N55667": (None, None, 10_500_000, False),
    "苏C77889": (None, "拖拉机带挂", None, False),
}
BALANCE_EVENT_PREFIX = "demo:balance:"


def seed_weighing(db: Database, actor: Actor) -> dict:
    """Create what is missing; returns how many of each were created (0 on a second run)."""
    created = {"categories": 0, "commodities": 0, "prices": 0, "vehicle_types": 0, "merchants": 0,
               "vehicles": 0, "balances": 0}
    _seed_catalog(db, actor, created)
    _seed_vehicle_types(db, actor, created)
    merchant_ids = _seed_merchants(db, actor, created)
    _seed_vehicles(db, actor, merchant_ids, created)
    _seed_balances(db, actor, created)
    return created


def _has_price(db: Database, column, target_id: int) -> bool:
    return db.transact(lambda s: s.scalar(select(Price.id).where(column == target_id).limit(1)) is not None,
                       readonly=True)


def _seed_catalog(db: Database, actor: Actor, created: dict) -> None:
    categories = {c.name: c.id for c in catalog.list_categories(db)}
    commodities = {c.name for c in catalog.list_catalog(db)}
    for category, (default_fen, items) in CATALOG.items():
        if category not in categories:
            categories[category] = catalog.create_category(db, actor, category).id
            created["categories"] += 1
        category_id = categories[category]
        if not _has_price(db, Price.category_id, category_id):
            catalog.set_price(db, actor, category_id=category_id, unit_price_fen=default_fen, note="演示数据")
            created["prices"] += 1
        for name, own_fen in items.items():
            if name not in commodities:
                catalog.create_commodity(db, actor, category_id, name, own_fen)
                created["commodities"] += 1
                created["prices"] += int(own_fen is not None)


def _seed_vehicle_types(db: Database, actor: Actor, created: dict) -> None:
    existing = {t.name for t in vehicles.list_vehicle_types(db)}
    for name, tare_g in VEHICLE_TYPES.items():
        if name not in existing:
            vehicles.create_vehicle_type(db, actor, name, tare_g)
            created["vehicle_types"] += 1


def _merchant_ids_by_name(db: Database) -> dict[str, int]:
    names = list(FIXED_MERCHANTS) + list(TEMPORARY_MERCHANTS)
    return db.transact(lambda s: {name: mid for mid, name in s.execute(
        select(Merchant.id, Merchant.name).where(Merchant.name.in_(names)).order_by(Merchant.id.desc()))},
        readonly=True)


def _seed_merchants(db: Database, actor: Actor, created: dict) -> dict[str, int]:
    ids = _merchant_ids_by_name(db)
    for name, (contact, phone, _, overdraft_fen) in FIXED_MERCHANTS.items():
        if name not in ids:
            ids[name] = merchants.create_merchant(db, actor, kind="fixed", name=name, contact=contact, phone=phone,
                                                  overdraft_limit_fen=overdraft_fen).id
            created["merchants"] += 1
    for name, phone in TEMPORARY_MERCHANTS.items():
        if name not in ids:
            ids[name] = merchants.create_merchant(db, actor, kind="temporary", name=name, phone=phone).id
            created["merchants"] += 1
    return ids


def _seed_vehicles(db: Database, actor: Actor, merchant_ids: dict[str, int], created: dict) -> None:
    type_ids = {t.name: t.id for t in vehicles.list_vehicle_types(db)}
    for plate, (owner, type_name, licensed_tare_g, at_exit) in VEHICLES.items():
        if vehicles.find_vehicle(db, plate) is not None:
            continue
        vehicles.save_vehicle(db, actor, plate, merchant_id=merchant_ids[owner] if owner else None,
                              vehicle_type_id=type_ids[type_name] if type_name else None,
                              licensed_tare_g=licensed_tare_g, weigh_tare_at_exit=at_exit)
        created["vehicles"] += 1


def _seed_balances(db: Database, actor: Actor, created: dict) -> None:
    """Opening balances as bank-transfer recharges, one event per merchant with a fixed id."""
    bank_clearing_id = db.transact(lambda s: accounts.clearing(s, PaymentMethod.BANK_TRANSFER).id)
    ids = _merchant_ids_by_name(db)
    for name, (_, _, balance_fen, _) in FIXED_MERCHANTS.items():
        if not balance_fen:
            continue
        merchant = merchants.get_merchant(db, ids[name])
        assert merchant.account_id is not None
        result = submit(db, EventRequest(f"{BALANCE_EVENT_PREFIX}{merchant.code}", "demo.opening_balance", (
            NewTransfer(bank_clearing_id, merchant.account_id, balance_fen, TransferCode.RECHARGE,
                        memo="演示期初余额"),)), operator=actor)
        created["balances"] += int(not result.replayed)

"""Demo master data: a working desk on a fresh database, and nothing more on a second run."""
import pytest

from app.auth import audit
from app.errors import PermissionDenied
from app.ledger.service import verify_ledger
from app.weighing import catalog, demo_data, merchants, vehicles
from app.weighing.pricing import approved_tare

from tests.weighing.helpers import count_rows

TABLES = ("commodity_categories", "commodities", "prices", "vehicle_types", "merchants", "vehicles",
          "ledger_events", "ledger_transfers", "audit_log")


def test_seed_twice(db, people):
    admin = people["admin"]
    first = demo_data.seed_weighing(db, admin)
    assert first == {"categories": 4, "commodities": 13, "prices": 14, "vehicle_types": 3, "merchants": 11,
                     "vehicles": 20, "balances": 7}
    counts = {t: count_rows(db, t) for t in TABLES}
    again = demo_data.seed_weighing(db, admin)
    assert set(again.values()) == {0}
    assert {t: count_rows(db, t) for t in TABLES} == counts
    assert verify_ledger(db).violations == 0
    assert db.transact(audit.verify, readonly=True).ok


def test_seeded_data_makes_a_working_desk(db, people):
    admin = people["admin"]
    demo_data.seed_weighing(db, admin)
    prices = {r.commodity_name: r for r in catalog.price_list(db, admin)}
    assert prices["大白菜"].unit_price_fen == 15_00 and prices["大白菜"].source == "commodity"
    assert prices["大葱"].source == "category" and all(r.unit_price_fen for r in prices.values())
    assert [(t.name, t.tare_g) for t in vehicles.list_vehicle_types(db)] == [
        ("三轮车", 450_000), ("农用车", 1_800_000), ("拖拉机带挂", 3_200_000)]
    fixed = [m for m in merchants.search_merchants(db, "", limit=50) if m.kind == "fixed"]
    assert len(fixed) == 8
    balances = {m.name: m.available_fen for m in fixed}
    assert balances["寿光蔬菜批发部"] == 12_000_00 and balances["赵家果园"] == 0
    assert balances["李氏粮油"] == 8_000_00 + 1_000_00          # with its overdraft
    seeded = [vehicles.find_vehicle(db, plate) for plate in demo_data.VEHICLES]
    assert sum(v.weigh_tare_at_exit for v in seeded) == 2
    assert any(v.licensed_tare_g for v in seeded) and any(v.vehicle_type for v in seeded)
    assert any(v.merchant and v.merchant.kind == "temporary" for v in seeded)
    # Every seeded vehicle has a tare source the desk can use.
    for v in seeded:
        approved_tare(licensed_tare_g=v.licensed_tare_g, type_tare_g=v.vehicle_type and v.vehicle_type.tare_g,
                      weigh_at_exit=v.weigh_tare_at_exit)


def test_seed_needs_the_permissions_of_the_services(db, people):
    with pytest.raises(PermissionDenied):
        demo_data.seed_weighing(db, people["cashier"])

"""The tare library and vehicles by normalised plate: insert or update, audited, race-free."""
import pytest
from sqlalchemy import text

from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.weighing import catalog, merchants, vehicles
from app.weighing.vehicles import CommodityRef, VehicleTypeInfo

from tests.concurrency import run_together
from tests.weighing.helpers import count_rows


@pytest.fixture
def owner(db, people):
    return merchants.create_merchant(db, people["admin"], kind="fixed", name="寿光蔬菜批发部")


@pytest.fixture
def tricycle(db, people):
    return vehicles.create_vehicle_type(db, people["admin"], "三轮车", 450_000)


# ---- vehicle types -------------------------------------------------------------------------

def test_vehicle_types(db, people, audit_log):
    manager = people["manager"]
    tractor = vehicles.create_vehicle_type(db, manager, "拖拉机带挂", 3_200_000)
    farm = vehicles.create_vehicle_type(db, manager, "农用车", 1_800_000)
    assert audit_log.last()[0]["details"] == {"name": "农用车", "tare_g": 1_800_000}
    assert vehicles.list_vehicle_types(db) == [farm, tractor]            # lightest first
    heavier = vehicles.update_vehicle_type(db, manager, farm.id, tare_g=1_900_000)
    assert heavier == VehicleTypeInfo(farm.id, "农用车", 1_900_000, True)
    assert audit_log.last()[0]["details"] == {"tare_g": {"old": 1_800_000, "new": 1_900_000}}
    retired = vehicles.update_vehicle_type(db, manager, tractor.id, active=False)
    assert not retired.active and retired in vehicles.list_vehicle_types(db)
    before = audit_log.count()
    assert vehicles.update_vehicle_type(db, manager, farm.id, name="农用车") == heavier   # no change
    assert audit_log.count() == before


def test_vehicle_type_refusals(db, people, tricycle, audit_log):
    admin = people["admin"]
    before = audit_log.count()
    with pytest.raises(Conflict, match="三轮车 already exists"):
        vehicles.create_vehicle_type(db, admin, "三轮车", 500_000)
    other = vehicles.create_vehicle_type(db, admin, "电动三轮", 400_000)
    with pytest.raises(Conflict):
        vehicles.update_vehicle_type(db, admin, other.id, name="三轮车")
    for bad in (0, -1, 100_000_001, 1.5, None, True):
        with pytest.raises(ValidationError, match="tare"):
            vehicles.create_vehicle_type(db, admin, "x", bad)
    with pytest.raises(ValidationError, match="vehicle type name: must not be empty"):
        vehicles.create_vehicle_type(db, admin, "", 1000)
    with pytest.raises(NotFound):
        vehicles.update_vehicle_type(db, admin, 999, tare_g=1000)
    with pytest.raises(PermissionDenied):
        vehicles.create_vehicle_type(db, people["cashier"], "x", 1000)
    assert audit_log.count() == before + 1          # only 电动三轮


# ---- vehicles ------------------------------------------------------------------------------

def test_save_vehicle_inserts_then_updates(db, people, owner, tricycle, audit_log):
    admin = people["admin"]
    created = vehicles.save_vehicle(db, admin, "鲁g·12345 ", merchant_id=owner.id, vehicle_type_id=tricycle.id)
    assert created.plate == "鲁G12345"
    assert created.merchant == owner.summary and created.vehicle_type == tricycle
    assert (created.licensed_tare_g, created.weigh_tare_at_exit, created.last_commodity) == (None, False, None)
    entry = audit_log.last()[0]
    assert (entry["action"], entry["target"]) == ("vehicle.create", "鲁G12345")
    assert entry["details"] == {"merchant_id": owner.id, "vehicle_type_id": tricycle.id,
                                "licensed_tare_g": None, "weigh_tare_at_exit": False}

    updated = vehicles.save_vehicle(db, admin, "鲁G 12345", merchant_id=owner.id, licensed_tare_g=4_850_000,
                                    weigh_tare_at_exit=True)
    assert updated.id == created.id and count_rows(db, "vehicles") == 1
    assert (updated.vehicle_type, updated.licensed_tare_g, updated.weigh_tare_at_exit) == (None, 4_850_000, True)
    entry = audit_log.last()[0]
    assert entry["action"] == "vehicle.update"
    assert entry["details"] == {"vehicle_type_id": {"old": tricycle.id, "new": None},
                                "licensed_tare_g": {"old": None, "new": 4_850_000},
                                "weigh_tare_at_exit": {"old": False, "new": True}}
    before = audit_log.count()
    vehicles.save_vehicle(db, admin, "鲁G12345", merchant_id=owner.id, licensed_tare_g=4_850_000,
                          weigh_tare_at_exit=True)
    assert audit_log.count() == before                  # saved unchanged: nothing to record


def test_find_vehicle_fills_the_desk(db, people, owner, tricycle):
    admin = people["admin"]
    category = catalog.create_category(db, admin, "蔬菜")
    cabbage = catalog.create_commodity(db, admin, category.id, "大白菜", 15_00)
    saved = vehicles.save_vehicle(db, admin, "鲁G12345", merchant_id=owner.id, vehicle_type_id=tricycle.id)
    # The entry charge records what the truck brought (issue 6's tickets); here by hand.
    with db.session() as s:
        s.execute(text("UPDATE vehicles SET last_commodity_id = :c WHERE id = :v"), {"c": cabbage.id, "v": saved.id})
    found = vehicles.find_vehicle(db, "鲁g12345")
    assert found.merchant.name == "寿光蔬菜批发部" and found.merchant.kind == "fixed"
    assert found.merchant.status == "active" and found.merchant.code == owner.code
    assert found.vehicle_type.tare_g == 450_000 and found.vehicle_type.name == "三轮车"
    assert found.last_commodity == CommodityRef(cabbage.id, "大白菜")
    assert vehicles.find_vehicle(db, "鲁G54321") is None
    with pytest.raises(ValidationError, match="province"):
        vehicles.find_vehicle(db, "G12345")
    assert db.transact(lambda s: vehicles.find_vehicle_in(s, "鲁G12345"), readonly=True) == found
    assert vehicles.list_vehicles(db, merchant_id=owner.id) == [found]


def test_a_vehicle_without_owner_or_tare_source(db, people):
    bare = vehicles.save_vehicle(db, people["admin"], "豫N55667")
    assert (bare.merchant, bare.vehicle_type, bare.licensed_tare_g) == (None, None, None)


def test_save_vehicle_refusals_write_nothing(db, people, owner, tricycle, audit_log):
    admin = people["admin"]
    before = audit_log.count()
    with pytest.raises(ValidationError, match="plate"):
        vehicles.save_vehicle(db, admin, "12345")
    with pytest.raises(ValidationError, match="plate"):
        vehicles.save_vehicle(db, admin, "鲁GI2345")        # no I or O on plates
    with pytest.raises(NotFound, match="merchant 999"):
        vehicles.save_vehicle(db, admin, "鲁G12345", merchant_id=999)
    with pytest.raises(NotFound, match="vehicle type 999"):
        vehicles.save_vehicle(db, admin, "鲁G12345", vehicle_type_id=999)
    with pytest.raises(ValidationError, match="licensed curb weight"):
        vehicles.save_vehicle(db, admin, "鲁G12345", licensed_tare_g=0)
    with pytest.raises(ValidationError, match="weigh tare at exit"):
        vehicles.save_vehicle(db, admin, "鲁G12345", weigh_tare_at_exit="yes")
    with pytest.raises(PermissionDenied):
        vehicles.save_vehicle(db, people["cashier"], "鲁G12345")
    vehicles.update_vehicle_type(db, admin, tricycle.id, active=False)
    with pytest.raises(ValidationError, match="no longer in use"):
        vehicles.save_vehicle(db, admin, "鲁G12345", vehicle_type_id=tricycle.id)
    assert audit_log.count() == before + 1 and count_rows(db, "vehicles") == 0


def test_a_retired_type_stays_on_vehicles_that_have_it(db, people, tricycle):
    admin = people["admin"]
    vehicles.save_vehicle(db, admin, "鲁G12345", vehicle_type_id=tricycle.id)
    vehicles.update_vehicle_type(db, admin, tricycle.id, active=False)
    again = vehicles.save_vehicle(db, admin, "鲁G12345", vehicle_type_id=tricycle.id, weigh_tare_at_exit=True)
    assert again.vehicle_type.id == tricycle.id and not again.vehicle_type.active


def test_two_counters_saving_one_new_plate_make_one_vehicle(db, people, owner):
    results, errors = [], []

    def save(actor, tare_g):
        def call():
            try:
                results.append(vehicles.save_vehicle(db, actor, "鲁G88888", merchant_id=owner.id,
                                                     licensed_tare_g=tare_g))
            except Exception as exc:  # pragma: no cover - the failure is reported below
                errors.append(exc)
        return call

    run_together(save(people["admin"], 5_000_000), save(people["manager"], 5_100_000),
                 save(people["admin"], 5_200_000))
    assert not errors and count_rows(db, "vehicles") == 1
    assert len({v.id for v in results}) == 1
    final = vehicles.find_vehicle(db, "鲁G88888")
    assert final.licensed_tare_g in (5_000_000, 5_100_000, 5_200_000)
    with db.session(readonly=True) as s:
        actions = s.execute(text("SELECT action FROM audit_log WHERE target = '鲁G88888'")).scalars().all()
    assert sorted(actions) == ["vehicle.create", "vehicle.update", "vehicle.update"]

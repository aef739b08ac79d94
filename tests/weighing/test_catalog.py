"""Categories, commodities, prices in force over time, price history and the fee rounding rule."""
import dataclasses
from datetime import timedelta, timezone

import pytest
from sqlalchemy import text

from app.auth import service as auth
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.weighing import catalog
from app.weighing.pricing import UNIT_PRICE_MAX_FEN

from tests.concurrency import run_together
from tests.weighing.helpers import count_rows, now_of


@pytest.fixture
def veg(db, people):
    """蔬菜 (12.00/t) with 大白菜 (15.00/t, its own) and 大葱 (no price of its own)."""
    admin = people["admin"]
    category = catalog.create_category(db, admin, "蔬菜")
    catalog.set_price(db, admin, category_id=category.id, unit_price_fen=12_00)
    cabbage = catalog.create_commodity(db, admin, category.id, "大白菜", 15_00)
    onion = catalog.create_commodity(db, admin, category.id, "大葱", None)
    return category, cabbage, onion


def in_force(db, commodity_id, at):
    return db.transact(lambda s: catalog.price_in_force(s, commodity_id, at), readonly=True)


# ---- categories and commodities ------------------------------------------------------------

def test_create_category_and_commodity(db, people, audit_log):
    manager = people["manager"]
    category = catalog.create_category(db, manager, " 水果 ")
    assert (category.name, category.initials, category.active) == ("水果", "SG", True)
    assert audit_log.last()[0]["action"] == "category.create"
    apple = catalog.create_commodity(db, manager, category.id, "苹果", 25_00)
    assert (apple.name, apple.initials, apple.category_name) == ("苹果", "PG", "水果")
    entry = audit_log.last()[0]
    assert entry["action"] == "commodity.create" and entry["target"] == f"commodity:{apple.id}"
    assert entry["details"]["unit_price_fen"] == 25_00 and entry["counter"] == "1号收费台"
    assert in_force(db, apple.id, now_of(db)).unit_price_fen == 25_00
    assert catalog.list_categories(db) == [category]


def test_duplicates_are_refused(db, people, veg, audit_log):
    admin = people["admin"]
    category, cabbage, _ = veg
    before = audit_log.count()
    with pytest.raises(Conflict, match="category 蔬菜 already exists"):
        catalog.create_category(db, admin, "蔬菜")
    with pytest.raises(Conflict, match="commodity 大白菜 already exists"):
        catalog.create_commodity(db, admin, category.id, "大白菜", None)
    with pytest.raises(Conflict, match="commodity 大葱 already exists"):
        catalog.update_commodity(db, admin, cabbage.id, name="大葱")
    assert audit_log.count() == before and count_rows(db, "commodities") == 2


@pytest.mark.parametrize("name, message", [("", "category name: must not be empty"),
                                           ("   ", "category name: must not be empty"),
                                           ("菜" * 65, "category name: at most 64"),
                                           ("蔬\n菜", "control characters")])
def test_category_name_checked(db, people, name, message):
    with pytest.raises(ValidationError, match=message):
        catalog.create_category(db, people["admin"], name)


def test_commodity_input_checked(db, people, veg, audit_log):
    admin = people["admin"]
    category, _, _ = veg
    before = audit_log.count()
    with pytest.raises(ValidationError, match="commodity name: must not be empty"):
        catalog.create_commodity(db, admin, category.id, " ", 100)
    with pytest.raises(ValidationError, match="unit price"):
        catalog.create_commodity(db, admin, category.id, "菠菜", -1)
    with pytest.raises(ValidationError, match="unit price"):
        catalog.create_commodity(db, admin, category.id, "菠菜", UNIT_PRICE_MAX_FEN + 1)
    with pytest.raises(ValidationError, match="unit price"):
        catalog.create_commodity(db, admin, category.id, "菠菜", 12.5)
    with pytest.raises(NotFound, match="category 999"):
        catalog.create_commodity(db, admin, 999, "菠菜", 100)
    with pytest.raises(ValidationError, match="effective time: only with a unit price"):
        catalog.create_commodity(db, admin, category.id, "菠菜", None, now_of(db))
    assert audit_log.count() == before


def test_update_commodity_and_category(db, people, veg, audit_log):
    admin = people["admin"]
    category, cabbage, _ = veg
    fruit = catalog.create_category(db, admin, "水果")
    moved = catalog.update_commodity(db, admin, cabbage.id, name="白菜", category_id=fruit.id)
    assert (moved.name, moved.initials, moved.category_name) == ("白菜", "BC", "水果")
    entry = audit_log.last()[0]
    assert entry["action"] == "commodity.update"
    assert entry["details"] == {"name": {"old": "大白菜", "new": "白菜"}, "category": {"old": "蔬菜", "new": "水果"}}
    before = audit_log.count()
    assert catalog.update_commodity(db, admin, cabbage.id, name="白菜") == moved   # nothing changed
    assert audit_log.count() == before
    catalog.update_commodity(db, admin, cabbage.id, active=False)
    assert [c.active for c in catalog.list_catalog(db) if c.id == cabbage.id] == [False]
    catalog.update_category(db, admin, fruit.id, active=False)
    with pytest.raises(ValidationError, match="category: 水果 is not active"):
        catalog.create_commodity(db, admin, fruit.id, "苹果", None)
    renamed = catalog.update_category(db, admin, category.id, name="蔬菜类")
    assert (renamed.name, renamed.initials) == ("蔬菜类", "SCL")
    with pytest.raises(Conflict):
        catalog.update_category(db, admin, category.id, name="水果")


def test_catalog_needs_no_permission_and_shows_no_prices(db, people, veg):
    entries = catalog.list_catalog(db)
    assert [(c.name, c.category_name, c.initials, c.active) for c in entries] == [
        ("大白菜", "蔬菜", "DBC", True), ("大葱", "蔬菜", "DC", True)]
    assert not any("price" in field for field in catalog.CommodityInfo.__dataclass_fields__)


def test_cashier_cannot_see_or_touch_prices(db, people, veg, audit_log):
    cashier = people["cashier"]
    category, cabbage, _ = veg
    before = audit_log.count()
    for call in (lambda: catalog.price_list(db, cashier),
                 lambda: catalog.price_history(db, cashier, commodity_id=cabbage.id),
                 lambda: catalog.set_price(db, cashier, commodity_id=cabbage.id, unit_price_fen=1),
                 lambda: catalog.create_commodity(db, cashier, category.id, "菠菜", None),
                 lambda: catalog.create_category(db, cashier, "干货")):
        with pytest.raises(PermissionDenied):
            call()
    assert audit_log.count() == before
    # ... yet the desk applies the price in force.
    assert in_force(db, cabbage.id, now_of(db)).unit_price_fen == 15_00


def test_the_three_price_permissions_are_separate(db, people, veg):
    category, cabbage, _ = veg
    # Actors holding exactly one of the three (roles are sets of permissions).
    viewer, editor, creator = (dataclasses.replace(people["cashier"], permissions=frozenset({p}))
                               for p in ("price.view", "price.edit", "price.create"))
    assert catalog.price_list(db, viewer)
    with pytest.raises(PermissionDenied):
        catalog.set_price(db, viewer, commodity_id=cabbage.id, unit_price_fen=1)
    catalog.set_price(db, editor, commodity_id=cabbage.id, unit_price_fen=16_00)
    with pytest.raises(PermissionDenied):
        catalog.price_list(db, editor)
    with pytest.raises(PermissionDenied):
        catalog.create_commodity(db, editor, category.id, "菠菜", 10_00)
    catalog.create_commodity(db, creator, category.id, "菠菜", 10_00)
    with pytest.raises(PermissionDenied):
        catalog.set_price(db, creator, commodity_id=cabbage.id, unit_price_fen=1)


# ---- prices over time ----------------------------------------------------------------------

def test_price_in_force_over_time_with_category_fallback(db, people, veg):
    admin = people["admin"]
    category, cabbage, onion = veg
    now = now_of(db)
    assert in_force(db, cabbage.id, now).source == "commodity"
    onion_now = in_force(db, onion.id, now)
    assert (onion_now.unit_price_fen, onion_now.source) == (12_00, "category")

    tomorrow = now + timedelta(days=1)
    future = catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=18_00, effective_at=tomorrow,
                               note="节后调价")
    assert future.effective_at == tomorrow
    assert in_force(db, cabbage.id, now_of(db)).unit_price_fen == 15_00         # not yet
    assert in_force(db, cabbage.id, tomorrow - timedelta(seconds=1)).unit_price_fen == 15_00
    applied = in_force(db, cabbage.id, tomorrow)
    assert (applied.price_id, applied.unit_price_fen) == (future.id, 18_00)

    # A category change reaches 大葱 (no price of its own) but not 大白菜.
    catalog.set_price(db, admin, category_id=category.id, unit_price_fen=13_00, effective_at=tomorrow)
    assert in_force(db, onion.id, tomorrow).unit_price_fen == 13_00
    assert in_force(db, onion.id, now).unit_price_fen == 12_00
    # Once 大葱 has its own price, the category's no longer applies to it.
    own = catalog.set_price(db, admin, commodity_id=onion.id, unit_price_fen=9_00)
    assert in_force(db, onion.id, tomorrow) == catalog.AppliedPrice(own.id, 9_00, "commodity")
    # Before any price existed there is none.
    with pytest.raises(ValidationError, match="no price for 大葱: set one in Prices"):
        in_force(db, onion.id, now - timedelta(days=1))


def test_same_effective_time_the_later_row_wins(db, people, veg):
    admin = people["admin"]
    _, cabbage, _ = veg
    at = now_of(db) + timedelta(hours=1)
    catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=16_00, effective_at=at)
    second = catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=17_00, effective_at=at)
    assert in_force(db, cabbage.id, at).price_id == second.id


def test_a_commodity_without_any_price_cannot_be_charged(db, people):
    admin = people["admin"]
    category = catalog.create_category(db, admin, "干货")
    mushroom = catalog.create_commodity(db, admin, category.id, "香菇", None)
    with pytest.raises(ValidationError, match="no price for 香菇"):
        in_force(db, mushroom.id, now_of(db))
    with pytest.raises(NotFound):
        in_force(db, 999, now_of(db))


def test_set_price_refusals_write_nothing(db, people, veg, audit_log):
    admin = people["admin"]
    category, cabbage, _ = veg
    before, prices = audit_log.count(), count_rows(db, "prices")
    now = now_of(db)
    with pytest.raises(ValidationError, match="effective time: must not be in the past"):
        catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=1, effective_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError, match="effective time: at most 366 days"):
        catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=1, effective_at=now + timedelta(days=400))
    for bad in (-1, UNIT_PRICE_MAX_FEN + 1, "15.00", None, True):
        with pytest.raises(ValidationError, match="unit price"):
            catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=bad)
    with pytest.raises(ValidationError, match="either a commodity or a category"):
        catalog.set_price(db, admin, commodity_id=cabbage.id, category_id=category.id, unit_price_fen=1)
    with pytest.raises(ValidationError, match="either a commodity or a category"):
        catalog.set_price(db, admin, unit_price_fen=1)
    with pytest.raises(ValidationError, match="note: at most 200"):
        catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=1, note="x" * 201)
    with pytest.raises(NotFound):
        catalog.set_price(db, admin, commodity_id=999, unit_price_fen=1)
    assert (audit_log.count(), count_rows(db, "prices")) == (before, prices)


def test_effective_time_aware_and_a_moment_ago(db, people, veg):
    admin = people["admin"]
    _, cabbage, _ = veg
    now = now_of(db)
    aware = (now + timedelta(hours=2)).replace(tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=8)))
    assert catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=1,
                             effective_at=aware).effective_at == now + timedelta(hours=2)
    # Picked on a clock a few seconds ago: effective now, not refused.
    moment_ago = catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=2,
                                   effective_at=now - timedelta(seconds=5))
    assert moment_ago.effective_at >= now


def test_prices_are_never_updated(db, people, veg):
    _, cabbage, _ = veg
    with pytest.raises(Exception, match="append-only"):
        with db.session() as s:
            s.execute(text("UPDATE prices SET unit_price_fen = 1"))


def test_set_price_audited_with_old_and_new(db, people, veg, audit_log):
    admin = people["admin"]
    category, cabbage, _ = veg
    price = catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=16_50, note="涨价")
    entry = audit_log.last()[0]
    assert (entry["action"], entry["target"], entry["actor_name"]) == ("price.set", f"commodity:{cabbage.id}", "boss")
    assert entry["details"]["old_unit_price_fen"] == 15_00 and entry["details"]["new_unit_price_fen"] == 16_50
    assert entry["details"]["price_id"] == price.id and entry["details"]["note"] == "涨价"
    catalog.set_price(db, admin, category_id=category.id, unit_price_fen=11_00)
    details = audit_log.last()[0]["details"]
    assert (details["name"], details["old_unit_price_fen"], details["new_unit_price_fen"]) == ("蔬菜", 12_00, 11_00)


def test_price_list_shows_source_since_and_pending(db, people, veg):
    admin = people["admin"]
    category, cabbage, onion = veg
    later = now_of(db) + timedelta(days=2)
    pending_own = catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=18_00, effective_at=later)
    pending_cat = catalog.set_price(db, admin, category_id=category.id, unit_price_fen=14_00, effective_at=later)
    rows = {r.commodity_name: r for r in catalog.price_list(db, people["manager"])}
    assert set(rows) == {"大白菜", "大葱"}
    assert (rows["大白菜"].unit_price_fen, rows["大白菜"].source) == (15_00, "commodity")
    assert (rows["大葱"].unit_price_fen, rows["大葱"].source) == (12_00, "category")
    assert rows["大白菜"].effective_since is not None and rows["大白菜"].category_name == "蔬菜"
    # 大白菜 has its own price: the category's change does not reach it.
    assert [(p.price_id, p.source) for p in rows["大白菜"].pending] == [(pending_own.id, "commodity")]
    assert [(p.price_id, p.unit_price_fen, p.source) for p in rows["大葱"].pending] == [
        (pending_cat.id, 14_00, "category")]
    # As it will be on that day.
    rows = {r.commodity_name: r for r in catalog.price_list(db, admin, at=later)}
    assert (rows["大白菜"].unit_price_fen, rows["大葱"].unit_price_fen) == (18_00, 14_00)
    assert rows["大白菜"].pending == ()
    # Inactive commodities are not listed; unpriced ones are, without a price.
    catalog.update_commodity(db, admin, onion.id, active=False)
    dry = catalog.create_category(db, admin, "干货")
    catalog.create_commodity(db, admin, dry.id, "香菇", None)
    rows = {r.commodity_name: r for r in catalog.price_list(db, admin)}
    assert set(rows) == {"大白菜", "香菇"}
    assert (rows["香菇"].unit_price_fen, rows["香菇"].source, rows["香菇"].price_id) == (None, None, None)


def test_price_history_old_and_new(db, people, veg):
    admin, manager = people["admin"], people["manager"]
    category, cabbage, _ = veg
    catalog.set_price(db, manager, commodity_id=cabbage.id, unit_price_fen=16_00, note="一调")
    later = now_of(db) + timedelta(days=1)
    catalog.set_price(db, admin, commodity_id=cabbage.id, unit_price_fen=17_00, effective_at=later, note="二调")
    history = catalog.price_history(db, admin, commodity_id=cabbage.id)
    assert [(h.old_unit_price_fen, h.new_unit_price_fen, h.created_by, h.note) for h in history] == [
        (16_00, 17_00, "boss", "二调"), (15_00, 16_00, "u_manager", "一调"), (None, 15_00, "boss", "")]
    assert history[0].effective_at == later and history[0].target_name == "大白菜"
    assert all(h.commodity_id == cabbage.id and h.category_id is None for h in history)
    by_category = catalog.price_history(db, admin, category_id=category.id)
    assert [(h.old_unit_price_fen, h.new_unit_price_fen, h.target_name) for h in by_category] == [
        (None, 12_00, "蔬菜")]
    everything = catalog.price_history(db, admin)
    assert len(everything) == 4 and everything[0].new_unit_price_fen == 17_00
    assert len(catalog.price_history(db, admin, limit=2)) == 2
    with pytest.raises(ValidationError):
        catalog.price_history(db, admin, commodity_id=cabbage.id, category_id=category.id)
    with pytest.raises(ValidationError, match="limit"):
        catalog.price_history(db, admin, limit=10_000)


# ---- fee rounding --------------------------------------------------------------------------

def test_fee_rounding_default_set_and_audited(db, people, audit_log):
    admin = people["admin"]
    assert catalog.current_fee_rounding(db) == 1
    before = audit_log.count()
    assert catalog.set_fee_rounding(db, admin, 1) == 1        # the default already: nothing written
    assert audit_log.count() == before
    catalog.set_fee_rounding(db, admin, 10)
    assert catalog.current_fee_rounding(db) == 10
    entry = audit_log.last()[0]
    assert entry["action"] == "settings.fee_rounding" and entry["details"] == {"old": "1", "new": "10"}
    catalog.set_fee_rounding(db, admin, 100)
    assert db.transact(catalog.fee_rounding, readonly=True) == 100
    for bad in (0, 5, 1000, "10", 10.0):
        with pytest.raises(ValidationError, match="fee rounding"):
            catalog.set_fee_rounding(db, admin, bad)


def test_fee_rounding_by_override_names_the_supervisor(db, people, audit_log):
    manager = people["manager"]
    with pytest.raises(PermissionDenied):
        catalog.set_fee_rounding(db, manager, 10)
    grant = auth.authorize_override(db, "boss", "boss-pass", "settings.manage")
    catalog.set_fee_rounding(db, manager, 10, override=grant)
    entry = audit_log.last()[0]
    assert (entry["actor_name"], entry["supervisor_name"]) == ("u_manager", "boss")


def test_an_unreadable_rounding_rule_stops_charging_until_set_again(db, people):
    with db.session() as s:
        s.execute(text("INSERT INTO app_meta (key, value) VALUES ('fee_rounding_fen', 'half')"))
    with pytest.raises(ValidationError, match="fee rounding"):
        catalog.current_fee_rounding(db)
    catalog.set_fee_rounding(db, people["admin"], 10)
    assert catalog.current_fee_rounding(db) == 10


# ---- two counters at once ------------------------------------------------------------------

def test_two_managers_creating_one_category_at_once(db, people):
    results, errors = [], []

    def create(actor):
        def call():
            try:
                results.append(catalog.create_category(db, actor, "水产"))
            except Conflict as exc:
                errors.append(exc)
        return call

    run_together(create(people["admin"]), create(people["manager"]))
    assert len(results) == 1 and len(errors) == 1
    assert [c.name for c in catalog.list_categories(db)] == ["水产"]

"""The master-data screens follow a language switch while open: every widget re-says its texts
(shared pieces such as the Save button are already translated, so they prove the chain), and
the lists keep their rows."""
from PySide6.QtCore import QCoreApplication

from app.weighing import catalog, merchants, vehicles
from app.windows.application import install_language
from app.windows.master_merchants import MerchantsScreen
from app.windows.master_prices import PricesScreen
from app.windows.master_vehicles import VehiclesScreen
from tests.windows.conftest import make_ctx, show_active

WAIT_MS = 10_000


def test_screens_retranslate_while_open(qtbot, db):
    ctx = make_ctx(db, "admin", "chief")
    actor = ctx.actor
    vegetables = catalog.create_category(db, actor, "蔬菜")
    catalog.create_commodity(db, actor, vegetables.id, "大白菜", 12_00)
    merchant = merchants.create_merchant(db, actor, kind="fixed", name="张记果蔬")
    vehicles.create_vehicle_type(db, actor, "三轮车", 450_000)
    prices, people, trucks = PricesScreen(ctx), MerchantsScreen(ctx), VehiclesScreen(ctx)
    for screen in (prices, people, trucks):
        show_active(qtbot, screen)
    qtbot.waitUntil(lambda: prices.catalog is not None and len(people.merchants) == 1
                    and len(trucks.types.types) == 1, timeout=WAIT_MS)
    save_buttons = [prices.change_form.save_bar.button, people.form.save_bar.button,
                    trucks.vehicles.form.save_bar.button, trucks.types.form.save_bar.button]

    install_language("zh_CN")
    QCoreApplication.processEvents()
    assert all(button.text() == "保存 (Ctrl+S)" for button in save_buttons)
    assert prices.tree.topLevelItem(0).child(0).text(0) == "大白菜"
    assert people.row_of(merchant.id)[1] == "张记果蔬"
    assert trucks.types.row_of("三轮车") is not None

    install_language("en")
    QCoreApplication.processEvents()
    assert all(button.text() == "Save (Ctrl+S)" for button in save_buttons)
    assert prices.tree.headerItem().text(1) == "Price (yuan/t)"
    assert people.table.horizontalHeaderItem(4).text() == "Available (yuan)"
    assert trucks.tabs.tabText(1) == "Vehicle types (tare library)"

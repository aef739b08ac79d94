"""The Vehicles screen through its widgets: a vehicle saved with its merchant picked by typing
and its licensed curb weight typed in tonnes or kilograms (whole grams, never float), refusals
beside the form with nothing saved, search as you type, and the tare library."""
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.weighing import merchants, vehicles
from app.windows.master_vehicles import VehiclesScreen
from tests.windows.conftest import make_ctx, show_active

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 10_000


def type_into(qtbot, widget, text: str) -> None:
    """As typed: QTest types Latin-1 only, a Hanzi (from the input method) arrives as a key
    event carrying its text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def ctx(db):
    return make_ctx(db, "manager", "mgr")


@pytest.fixture
def known(db, ctx):
    actor = ctx.actor
    zhang = merchants.create_merchant(db, actor, kind="fixed", name="张记果蔬")
    tricycle = vehicles.create_vehicle_type(db, actor, "三轮车", 450_000)
    old = vehicles.create_vehicle_type(db, actor, "老式拖拉机", 2_500_000)
    vehicles.update_vehicle_type(db, actor, old.id, active=False)
    truck = vehicles.save_vehicle(db, actor, "鲁G88888", merchant_id=zhang.id, licensed_tare_g=9_500_000)
    return {"zhang": zhang, "tricycle": tricycle, "old": old, "truck": truck}


@pytest.fixture
def screen(qtbot, ctx, known):
    widget = VehiclesScreen(ctx)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: len(widget.types.types) == 2, timeout=WAIT_MS)
    return widget


def save(qtbot, page, form) -> None:
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)


def pick_merchant(qtbot, form, text: str) -> None:
    picker = form.merchant
    picker.field.setFocus()
    type_into(qtbot, picker.field, text)
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)          # Enter takes the first hit
    qtbot.waitUntil(lambda: picker.merchant() is not None, timeout=WAIT_MS)


def test_save_vehicle_with_licensed_tare_in_tonnes(qtbot, screen, db, known):
    page = screen.vehicles
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    form = page.form
    assert QApplication.focusWidget() is form.plate
    type_into(qtbot, form.plate, "鲁a·12345")
    pick_merchant(qtbot, form, "zj")
    assert form.merchant.field.text() == f"{known['zhang'].code}  张记果蔬"
    assert QApplication.focusWidget() is form.vehicle_type                  # Enter moved on
    assert form.vehicle_type.findText("老式拖拉机", Qt.MatchFlag.MatchStartsWith) < 0   # not in use: not offered
    form.vehicle_type.setCurrentIndex(form.vehicle_type.findData(known["tricycle"].id))
    form.licensed.setFocus()
    type_into(qtbot, form.licensed.value, "12.08")
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        save(qtbot, page, form)
    assert page.row_of("鲁A12345") == ["鲁A12345", f"{known['zhang'].code}  张记果蔬", "三轮车", "12.080 t", "no",
                                       ""]
    stored = vehicles.find_vehicle(db, "鲁A12345")
    assert stored.licensed_tare_g == 12_080_000 and type(stored.licensed_tare_g) is int
    assert stored.merchant.id == known["zhang"].id and stored.vehicle_type.id == known["tricycle"].id
    assert form.save_bar.message.text() == "Vehicle 鲁A12345 saved."
    assert form.plate.isReadOnly()                                          # now the vehicle being edited


def test_licensed_tare_in_kilograms(qtbot, screen, db):
    page = screen.vehicles
    page.new_vehicle()
    form = page.form
    type_into(qtbot, form.plate, "京B54321")
    form.licensed.unit.setCurrentIndex(form.licensed.unit.findData("kg"))
    type_into(qtbot, form.licensed.value, "12 080.5")
    save(qtbot, page, form)
    assert vehicles.find_vehicle(db, "京B54321").licensed_tare_g == 12_080_500
    assert form.licensed.value.text() == "12.080500" and form.licensed.unit.currentData() == "t"


@pytest.mark.parametrize("plate, merchant, licensed, says", [
    ("鲁A12345", "", "12.0805", "at most three decimals"),
    ("鲁A12345", "", "0", "more than 0"),
    ("鲁A12345", "", "101", "at most 100 t"),
    ("X12345", "", "", "province character"),
    ("", "", "", "type the licence plate"),
    ("鲁A12345", "nobody", "", "take one from the hits"),
])
def test_refusals_are_shown_and_nothing_is_saved(qtbot, screen, db, plate, merchant, licensed, says):
    page = screen.vehicles
    page.new_vehicle()
    form = page.form
    type_into(qtbot, form.plate, plate)
    type_into(qtbot, form.merchant.field, merchant)
    type_into(qtbot, form.licensed.value, licensed)
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert says in form.save_bar.message.text()
    assert vehicles.find_vehicle(db, "鲁A12345") is None


def test_a_new_vehicle_never_overwrites_a_plate_on_record(qtbot, screen, db, known):
    page = screen.vehicles
    page.new_vehicle()
    form = page.form
    type_into(qtbot, form.plate, "鲁G 88888")
    form.weigh_at_exit.setChecked(True)
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "already on record" in form.save_bar.message.text(), timeout=WAIT_MS)
    assert vehicles.find_vehicle(db, "鲁G88888") == known["truck"]


def search_for(qtbot, page, text: str) -> None:
    page.search.clear()
    type_into(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.typing._answered == text, timeout=WAIT_MS)


def test_search_by_plate_fragment_or_merchant(qtbot, screen, db, ctx, known):
    vehicles.save_vehicle(db, ctx.actor, "鲁A12388", weigh_tare_at_exit=True)
    page = screen.vehicles
    qtbot.keyClick(page, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.search
    search_for(qtbot, page, "88")
    assert sorted(v.plate for v in page.vehicles) == ["鲁A12388", "鲁G88888"]
    search_for(qtbot, page, "238")
    assert [v.plate for v in page.vehicles] == ["鲁A12388"]
    search_for(qtbot, page, "张记")
    assert [v.plate for v in page.vehicles] == ["鲁G88888"]
    search_for(qtbot, page, "zj")
    assert [v.plate for v in page.vehicles] == ["鲁G88888"]
    search_for(qtbot, page, "")
    assert page.vehicles == []


def test_enter_picks_the_first_hit_and_edit_it(qtbot, screen, db, known):
    page = screen.vehicles
    page.search.setFocus()
    type_into(qtbot, page.search, "88888")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form.vehicle is not None, timeout=WAIT_MS)
    form = page.form
    assert QApplication.focusWidget() is page.table
    assert form.plate.text() == "鲁G88888" and form.plate.isReadOnly()
    assert form.licensed.value.text() == "9.500"
    form.licensed.value.clear()
    form.weigh_at_exit.setChecked(True)
    form.merchant.field.clear()                                          # no merchant any more
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        save(qtbot, page, form)
    stored = vehicles.find_vehicle(db, "鲁G88888")
    assert (stored.licensed_tare_g, stored.weigh_tare_at_exit, stored.merchant) == (None, True, None)
    assert page.row_of("鲁G88888")[1:5] == ["", "", "", "yes"]
    assert form.save_bar.message.text() == "Changes to 鲁G88888 saved."


def test_tare_library(qtbot, screen, db, known):
    screen.tabs.setCurrentWidget(screen.types)
    page = screen.types
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL)
    form = page.form
    assert QApplication.focusWidget() is form.name and not form.active.isEnabled()
    type_into(qtbot, form.name, "电动三轮")
    form.tare.unit.setCurrentIndex(form.tare.unit.findData("kg"))
    type_into(qtbot, form.tare.value, "380")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        save(qtbot, page, form)
    assert page.row_of("电动三轮") == ["电动三轮", "0.380 t", "in use"]
    assert [t.name for t in vehicles.list_vehicle_types(db)][0] == "电动三轮"            # lightest first
    # The vehicle form offers it at once.
    combo = screen.vehicles.form.vehicle_type
    assert combo.findText("电动三轮 — 0.380 t") >= 0
    # Taking the tricycle out of use.
    page.table.setCurrentCell([t.name for t in page.types].index("三轮车"), 0)
    assert form.name.text() == "三轮车" and form.tare.value.text() == "0.450"
    form.active.setChecked(False)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        save(qtbot, page, form)
    assert page.row_of("三轮车")[2] == "not in use"
    assert combo.findData(known["tricycle"].id) < 0


def test_tare_library_refusal(qtbot, screen, db):
    screen.tabs.setCurrentWidget(screen.types)
    page = screen.types
    page.new_type()
    type_into(qtbot, page.form.name, "三轮车")                             # taken
    type_into(qtbot, page.form.tare.value, "0.5")
    qtbot.keyClick(page.form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "already exists" in page.form.save_bar.message.text(), timeout=WAIT_MS)
    page.form.name.setText("手推车")
    page.form.tare.value.clear()
    qtbot.keyClick(page.form, Qt.Key.Key_S, CTRL)
    assert "Tare: type the empty vehicle's weight" in page.form.save_bar.message.text()
    assert len(vehicles.list_vehicle_types(db)) == 2


def test_fits_a_1366x768_counter_screen(screen):
    hint = screen.minimumSizeHint()
    assert hint.width() <= 1366 - 220 and hint.height() <= 768 - 120

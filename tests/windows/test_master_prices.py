"""The Prices screen through its widgets: the list with the price in force, creating a
commodity (Ctrl+N … Ctrl+S), changing a price now and for later, the history, the filter,
(de)activating, the fee rounding rule, and what users without price.edit / price.create see."""
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.money import parse_yuan
from app.weighing import catalog
from app.windows.master_prices import PricesScreen
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
def market(db):
    """蔬菜 with 大白菜 at 12.00 yuan/t (its own) and 土豆 (the category's 10.00)."""
    admin = make_ctx(db, "admin", "chief").actor
    vegetables = catalog.create_category(db, admin, "蔬菜")
    catalog.set_price(db, admin, category_id=vegetables.id, unit_price_fen=10_00)
    cabbage = catalog.create_commodity(db, admin, vegetables.id, "大白菜", 12_00)
    potato = catalog.create_commodity(db, admin, vegetables.id, "土豆", None)
    return {"admin": admin, "vegetables": vegetables, "cabbage": cabbage, "potato": potato}


def open_screen(qtbot, db, permissions=None, role="manager") -> PricesScreen:
    ctx = make_ctx(db, role, f"u_{role}_{len(permissions or ())}")
    if permissions is not None:
        ctx = replace(ctx, actor=replace(ctx.actor, permissions=frozenset(permissions)))
    screen = PricesScreen(ctx)
    show_active(qtbot, screen)
    qtbot.waitUntil(lambda: screen.catalog is not None, timeout=WAIT_MS)
    return screen


def saved_and_listed(qtbot, screen, form) -> None:
    """Ctrl+S on the page shown, then wait until the list has caught up."""
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: form.save_bar.button.isEnabled(), timeout=WAIT_MS)


def test_list_shows_prices_in_force_and_their_source(qtbot, db, market):
    screen = open_screen(qtbot, db)
    cabbage = screen.tree.row_texts("commodity", market["cabbage"].id)
    potato = screen.tree.row_texts("commodity", market["potato"].id)
    category = screen.tree.row_texts("category", market["vegetables"].id)
    assert cabbage[:3] == ["大白菜", "12.00", "own price"] and cabbage[5] == "active"
    assert potato[:3] == ["土豆", "10.00", "category price"]
    assert category[:3] == ["蔬菜", "10.00", ""]
    assert "to the fen" in screen.rounding_label.text()


def test_create_commodity_with_its_first_price(qtbot, db, market):
    screen = open_screen(qtbot, db)
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL)
    form = screen.commodity_form
    assert screen.tabs.currentWidget() is form
    assert QApplication.focusWidget() is form.name
    assert form.category.currentText() == "蔬菜"
    type_into(qtbot, form.name, "红薯")
    type_into(qtbot, form.price, "8.5")
    saved_and_listed(qtbot, screen, form)
    created = next(c for c in catalog.list_catalog(db) if c.name == "红薯")
    qtbot.waitUntil(lambda: (screen.tree.row_texts("commodity", created.id) or [""])[1] == "8.50",
                    timeout=WAIT_MS)
    assert screen.tree.row_texts("commodity", created.id)[:3] == ["红薯", "8.50", "own price"]
    assert screen.tree.current_target().id == created.id                 # the new one is chosen
    assert "红薯 created" in form.save_bar.message.text()
    assert form.name.text() == "" and form.price.text() == ""


def test_invalid_price_is_shown_and_nothing_saved(qtbot, db, market):
    screen = open_screen(qtbot, db)
    before = catalog.list_catalog(db)
    screen.new_commodity()
    form = screen.commodity_form
    type_into(qtbot, form.name, "红薯")
    type_into(qtbot, form.price, "8.555")
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert "not an amount in yuan per tonne" in form.save_bar.message.text()
    assert form.name.text() == "红薯"                                     # the input is kept
    # And the service's refusal (a taken name) is shown the same way.
    form.price.setText("8.50")
    form.name.setText("大白菜")
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "already exists" in form.save_bar.message.text(), timeout=WAIT_MS)
    assert catalog.list_catalog(db) == before


def test_create_category(qtbot, db, market):
    screen = open_screen(qtbot, db)
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    form = screen.category_form
    assert screen.tabs.currentWidget() is form and QApplication.focusWidget() is form.name
    type_into(qtbot, form.name, "水果")
    saved_and_listed(qtbot, screen, form)
    fruit = next(c for c in catalog.list_categories(db) if c.name == "水果")
    qtbot.waitUntil(lambda: screen.tree.row_texts("category", fruit.id) is not None, timeout=WAIT_MS)
    assert screen.tree.row_texts("category", fruit.id)[:3] == ["水果", "", "no price"]
    # The new category is offered for new commodities at once.
    assert screen.commodity_form.category.findText("水果") >= 0


def change_price(qtbot, screen, text, note="", at=None):
    qtbot.keyClick(screen, Qt.Key.Key_E, CTRL)
    form = screen.change_form
    assert QApplication.focusWidget() is form.price
    type_into(qtbot, form.price, text)
    if at is not None:
        form.when.set_from(at)
    form.note.setText(note)
    saved_and_listed(qtbot, screen, form)
    fen = parse_yuan(text)
    qtbot.waitUntil(lambda: bool(screen.history.changes) and screen.history.changes[0].new_unit_price_fen == fen
                    and screen.history.changes[0].note == note, timeout=WAIT_MS)


def test_future_price_shows_as_pending(qtbot, db, market):
    screen = open_screen(qtbot, db)
    cabbage = market["cabbage"].id
    screen.tree.select("commodity", cabbage)
    later = (datetime.now() + timedelta(days=2)).replace(hour=6, minute=30, second=0, microsecond=0)
    change_price(qtbot, screen, "15", "new season", at=later)
    row = screen.tree.row_texts("commodity", cabbage)
    assert row[1] == "12.00"                                              # still in force
    assert row[4] == f"15.00 from {later:%Y-%m-%d %H:%M}"
    assert "15.00 yuan/t, effective from " + f"{later:%Y-%m-%d %H:%M}" in screen.change_form.save_bar.message.text()
    assert [c.new_unit_price_fen for c in catalog.price_history(db, market["admin"], commodity_id=cabbage)] \
        == [15_00, 12_00]


def test_history_after_two_changes(qtbot, db, market):
    screen = open_screen(qtbot, db)
    cabbage = market["cabbage"].id
    screen.tree.select("commodity", cabbage)
    change_price(qtbot, screen, "13", "diesel")
    change_price(qtbot, screen, "14.20", "market board")
    assert screen.tree.row_texts("commodity", cabbage)[1] == "14.20"
    table = screen.history.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    who = screen._ctx.actor.username
    assert [r[1:4] + r[5:] for r in rows] == [["13.00", "14.20", who, "market board"],
                                              ["12.00", "13.00", who, "diesel"],
                                              ["", "12.00", "chief", ""]]
    assert "大白菜" in screen.history.title.text()


def test_category_price_and_its_history(qtbot, db, market):
    screen = open_screen(qtbot, db)
    screen.tree.select("category", market["vegetables"].id)
    change_price(qtbot, screen, "11")
    assert screen.tree.row_texts("commodity", market["potato"].id)[1:3] == ["11.00", "category price"]
    assert screen.tree.row_texts("commodity", market["cabbage"].id)[1] == "12.00"     # its own stays
    assert screen.history.table.rowCount() == 2


def test_filter_by_initials_and_enter_picks_the_first(qtbot, db, market):
    screen = open_screen(qtbot, db)
    qtbot.keyClick(screen, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is screen.filter
    type_into(qtbot, screen.filter, "td")
    assert [t.name for t in screen.tree.visible_targets()] == ["蔬菜", "土豆"]
    qtbot.keyClick(screen.filter, Qt.Key.Key_Return)
    assert screen.tree.current_target().id == market["potato"].id
    assert QApplication.focusWidget() is screen.tree
    screen.filter.setText("白菜")
    assert [t.name for t in screen.tree.visible_targets()] == ["蔬菜", "大白菜"]


def test_deactivate_and_activate(qtbot, db, market):
    screen = open_screen(qtbot, db)
    potato = market["potato"].id
    screen.tree.select("commodity", potato)
    assert screen.active_action.text().startswith("Deactivate")
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        qtbot.keyClick(screen, Qt.Key.Key_D, CTRL)
    assert screen.tree.row_texts("commodity", potato)[5] == "inactive"
    assert not next(c for c in catalog.list_catalog(db) if c.id == potato).active
    assert screen.active_action.text().startswith("Activate")
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        screen.toggle_active()
    assert screen.tree.row_texts("commodity", potato)[5] == "active"


def test_fee_rounding(qtbot, db, market):
    screen = open_screen(qtbot, db, role="admin")
    form = screen.rounding_form
    screen.tabs.setCurrentWidget(form)
    form.rule.setCurrentIndex(form.rule.findData(10))
    saved_and_listed(qtbot, screen, form)
    assert catalog.current_fee_rounding(db) == 10
    assert "to the jiao" in screen.rounding_label.text()


def test_view_only_sees_prices_and_history_but_no_controls(qtbot, db, market):
    screen = open_screen(qtbot, db, {"price.view"})
    assert screen.tree.row_texts("commodity", market["cabbage"].id)[1] == "12.00"
    assert (screen.change_form, screen.commodity_form, screen.category_form, screen.rounding_form) == \
        (None, None, None, None)
    assert screen.tabs.count() == 0 and not screen.tabs.isVisible()
    assert screen.actions_shown == []
    screen.tree.select("commodity", market["cabbage"].id)
    qtbot.waitUntil(lambda: screen.history.table.rowCount() == 1, timeout=WAIT_MS)
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL)                             # nothing to open
    assert screen.tabs.count() == 0


def test_price_edit_without_price_create(qtbot, db, market):
    screen = open_screen(qtbot, db, {"price.view", "price.edit"})
    assert screen.change_form is not None and screen.tabs.count() == 1
    assert (screen.commodity_form, screen.category_form, screen.rounding_form) == (None, None, None)
    assert screen.new_commodity_action is None and screen.active_action is None
    assert screen.actions_shown == [screen.change_action]
    screen.tree.select("commodity", market["potato"].id)
    change_price(qtbot, screen, "9.90")
    assert screen.tree.row_texts("commodity", market["potato"].id)[1:3] == ["9.90", "own price"]


def test_fits_a_1366x768_counter_screen(qtbot, db, market):
    screen = open_screen(qtbot, db, role="admin")
    hint = screen.minimumSizeHint()
    assert hint.width() <= 1366 - 220 and hint.height() <= 768 - 120

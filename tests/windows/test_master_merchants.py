"""The Merchants screen through its widgets: search as you type, creating fixed and temporary
merchants (Ctrl+N … Ctrl+S), editing one, refusals shown beside the form with nothing saved,
and the merchant's vehicles."""
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.weighing import merchants, vehicles
from app.windows.master_changes import master_changes
from app.windows.master_merchants import MerchantsScreen
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
    return {
        "zhang": merchants.create_merchant(db, actor, kind="fixed", name="张记果蔬", phone="138-0000-1111",
                                           overdraft_limit_fen=100_00),
        "li": merchants.create_merchant(db, actor, kind="fixed", name="李四蔬菜批发", phone="13900002222"),
        "walk_in": merchants.create_merchant(db, actor, kind="temporary", name=""),
    }


@pytest.fixture
def screen(qtbot, ctx, known):
    widget = MerchantsScreen(ctx)
    show_active(qtbot, widget)
    qtbot.waitUntil(lambda: len(widget.merchants) == 3, timeout=WAIT_MS)
    return widget


def listed_names(screen) -> list[str]:
    return [m.name for m in screen.merchants]


def search_for(qtbot, screen, text: str) -> None:
    screen.search.clear()
    type_into(qtbot, screen.search, text)
    qtbot.waitUntil(lambda: screen.typing.result is not None and not screen.typing._timer.isActive()
                    and screen.typing._answered == text, timeout=WAIT_MS)


def test_list_shows_kind_status_and_balance(screen, known):
    assert screen.row_of(known["zhang"].id) == [known["zhang"].code, "张记果蔬", "Fixed", "Active", "100.00",
                                                 "138-0000-1111"]
    assert screen.row_of(known["walk_in"].id)[2:5] == ["Temporary", "Active", ""]


def test_search_as_you_type(qtbot, screen, known):
    qtbot.keyClick(screen, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is screen.search
    search_for(qtbot, screen, "zj")                         # pinyin initials
    assert listed_names(screen) == ["张记果蔬"]
    search_for(qtbot, screen, "蔬")                          # a name fragment
    assert sorted(listed_names(screen)) == ["张记果蔬", "李四蔬菜批发"]
    search_for(qtbot, screen, "2222")                        # phone digits
    assert listed_names(screen) == ["李四蔬菜批发"]
    search_for(qtbot, screen, known["walk_in"].code.lower())  # the code, typed any way
    assert [m.id for m in screen.merchants] == [known["walk_in"].id]


def test_enter_in_the_search_picks_the_first_hit(qtbot, screen, known):
    screen.search.setFocus()
    type_into(qtbot, screen.search, "ls")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)         # before the typing pause is over
    qtbot.waitUntil(lambda: screen.form.merchant is not None, timeout=WAIT_MS)
    assert screen.form.merchant.id == known["li"].id
    assert screen.form.name.text() == "李四蔬菜批发"
    assert QApplication.focusWidget() is screen.table


def test_create_fixed_merchant(qtbot, screen, db):
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL)
    form = screen.form
    assert form.merchant is None and QApplication.focusWidget() is form.name
    assert form.kind.isEnabled() and form.overdraft.isEnabled() and not form.status.isEnabled()
    type_into(qtbot, form.name, "王五水产")
    type_into(qtbot, form.contact, "王五")
    type_into(qtbot, form.phone, "13712345678")
    type_into(qtbot, form.id_number, "11010519491231002x")
    type_into(qtbot, form.overdraft, "200")
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    created = form.merchant
    assert created is not None and created.name == "王五水产"
    assert screen.row_of(created.id) == [created.code, "王五水产", "Fixed", "Active", "200.00", "13712345678"]
    assert f"Merchant {created.code} created." == form.save_bar.message.text()
    stored = merchants.get_merchant(db, created.id)
    assert (stored.kind, stored.contact, stored.id_number, stored.overdraft_limit_fen) == \
        ("fixed", "王五", "11010519491231002X", 200_00)
    # Now it is the merchant being edited: kind and overdraft are fixed at creation.
    assert not form.kind.isEnabled() and not form.overdraft.isEnabled() and form.status.isEnabled()
    assert form.balance.text() == "200.00 yuan"


def test_create_anonymous_temporary_merchant(qtbot, screen, db):
    screen.new_merchant()
    form = screen.form
    form.kind.setCurrentIndex(form.kind.findData("temporary"))
    assert not form.overdraft.isEnabled()
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert form.merchant.kind == "temporary" and form.merchant.account_id is None
    assert screen.row_of(form.merchant.id)[2] == "Temporary"


def test_refusals_are_shown_and_nothing_is_saved(qtbot, screen, db):
    before = merchants.search_merchants(db, "", 100)
    screen.new_merchant()
    form = screen.form
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)                # a fixed merchant without a name
    assert "needs a name" in form.save_bar.message.text()
    type_into(qtbot, form.name, "赵六")
    type_into(qtbot, form.overdraft, "12.345")
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert "not an amount in yuan" in form.save_bar.message.text()
    form.overdraft.clear()
    type_into(qtbot, form.phone, "call me")                   # the service's refusal
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "phone:" in form.save_bar.message.text(), timeout=WAIT_MS)
    assert "Please check the input." in form.save_bar.message.text()
    assert form.name.text() == "赵六" and form.merchant is None  # the input is kept
    assert merchants.search_merchants(db, "", 100) == before


def test_edit_contact_and_suspend(qtbot, screen, db, known):
    search_for(qtbot, screen, "zj")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.form.merchant is not None, timeout=WAIT_MS)
    form = screen.form
    form.contact.setText("张三")
    form.status.setCurrentIndex(form.status.findData("suspended"))
    with qtbot.waitSignal(screen.refreshed, timeout=WAIT_MS):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert screen.row_of(known["zhang"].id)[3] == "Suspended"
    stored = merchants.get_merchant(db, known["zhang"].id)
    assert (stored.contact, stored.status, stored.overdraft_limit_fen) == ("张三", "suspended", 100_00)


def test_the_merchants_vehicles_are_listed(qtbot, screen, db, ctx, known):
    vehicles.save_vehicle(db, ctx.actor, "鲁A12345", merchant_id=known["zhang"].id, licensed_tare_g=12_080_000)
    screen.table.setCurrentCell(screen.merchants.index(next(m for m in screen.merchants
                                                            if m.id == known["zhang"].id)), 0)
    view = screen.vehicles
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=WAIT_MS)
    assert [view.table.item(0, c).text() for c in range(4)] == ["鲁A12345", "", "12.080 t", "no"]
    # A vehicle saved elsewhere in this session shows up at once.
    vehicles.save_vehicle(db, ctx.actor, "鲁A54321", merchant_id=known["zhang"].id, weigh_tare_at_exit=True)
    master_changes(ctx).vehicles_changed.emit("鲁A54321")
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=WAIT_MS)
    assert view.table.item(1, 3).text() == "yes"


def test_fits_a_1366x768_counter_screen(screen):
    hint = screen.minimumSizeHint()
    assert hint.width() <= 1366 - 220 and hint.height() <= 768 - 120

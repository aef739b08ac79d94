"""The Payment splits screen: beneficiaries added, a rule written with the live check, the
history and the report shown; read-only without split.edit."""
from app.auth import service as auth
from app.splits.beneficiaries import add_beneficiary
from app.weighing.entry import EntryDraft
from app.windows.changes import ChangeHub
from app.windows.context import GuiContext
from app.windows.split_rules import SplitRulesScreen
from tests.desk.test_entry import charge
from tests.windows.conftest import application, db, english, settle, show_active  # noqa: F401  (fixtures)
from tests.splits.conftest import market  # noqa: F401,F811


def screen_for(qtbot, market, actor):  # noqa: F811
    screen = SplitRulesScreen(GuiContext(market.db, actor, ChangeHub(), "1号收费台"))
    show_active(qtbot, screen)
    qtbot.waitUntil(lambda: screen.data is not None)
    return screen


def test_manager_adds_beneficiaries_and_writes_a_rule(qtbot, market):  # noqa: F811
    screen = screen_for(qtbot, market, market.manager)
    tab = screen.beneficiaries
    for name, kind in (("蔬菜合作社", "external"), ("市场", "market")):
        tab.name.setText(name)
        tab.kind.setCurrentIndex(tab.kind.findData(kind))
        with qtbot.waitSignal(screen.refreshed):
            tab.save_bar.request()
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == ["蔬菜合作社", "市场"]
    assert "市场 added" in tab.save_bar.message.text()

    form = screen.form
    form.scope.setCurrentIndex(form.scope.findText("Category 蔬菜"))
    form.beneficiary_boxes[0].setCurrentIndex(form.beneficiary_boxes[0].findText("蔬菜合作社"))
    form.share_fields[0].setText("120%")
    assert "Line 1" in form.check_label.text()
    form.share_fields[0].setText("12.5%")
    assert "Choose who gets the rest" in form.check_label.text()
    form.remainder.setCurrentIndex(form.remainder.findText("市场"))
    assert form.check_label.text() == \
        "Shares add up. A fee of 1000.00 yuan gives: 蔬菜合作社 125.00 + 市场 875.00 = 1000.00."
    form.add_line()
    form.beneficiary_boxes[1].setCurrentIndex(form.beneficiary_boxes[1].findText("市场"))
    form.share_fields[1].setText("1")
    assert "appears twice" in form.check_label.text()
    form.beneficiary_boxes[1].setCurrentIndex(0)
    form.share_fields[1].clear()
    form.note.setText("合作社 12.5%")
    with qtbot.waitSignal(screen.refreshed):
        form.save_bar.request()
    assert "Version 1 of the rule of 蔬菜 saved" in form.save_bar.message.text()
    assert [screen.rules_table.item(0, c).text() for c in range(4)] == \
        ["Category 蔬菜", "蔬菜合作社 12.5%", "市场", "1"]
    assert screen.history.rowCount() == 1 and screen.history.item(0, 6).text() == "合作社 12.5%"

    charge(market, EntryDraft("鲁G12345", market.cabbage, 32_560_000))   # 307.20: 38.40 to the cooperative
    report = screen.report
    screen.tabs.setCurrentWidget(report)
    report.run()
    qtbot.waitUntil(lambda: report.report is not None)
    rows = {report.table.item(r, 0).text(): [report.table.item(r, c).text() for c in range(7)]
            for r in range(report.table.rowCount())}
    assert rows["蔬菜合作社"] == ["蔬菜合作社", "1", "38.40", "0.00", "38.40", "38.40", "38.40"]
    assert rows["市场"][4] == "268.80" and rows["市场"][5] == ""


def test_without_split_edit_the_screen_is_read_only(qtbot, market):  # noqa: F811
    add_beneficiary(market.db, market.manager, "市场", "market")
    auth.create_user(market.db, market.admin, "fin", "", "fin-pass", "finance")
    finance = auth.login(market.db, "fin", "fin-pass")
    screen = screen_for(qtbot, market, finance)
    assert screen.form is None and screen.beneficiaries.name is None
    assert screen.beneficiaries.table.rowCount() == 1


def test_a_user_without_report_view_is_told(qtbot, market):  # noqa: F811
    screen = SplitRulesScreen(GuiContext(market.db, market.cashier, ChangeHub(), "1号收费台"))
    show_active(qtbot, screen)
    qtbot.waitUntil(lambda: "report.view" in screen.message.text() or "View reports" in screen.message.text())
    settle()
    assert screen.data is None

"""The Printers screen: who sees it, what it saves (through the service, validated first), the
test page going through the station to a printer, Check status, the preview and the
receipt branding."""
import io

from PySide6.QtCore import Qt

from app.devices.printers.settings import PrinterSettings
from app.printing.branding import load_branding
from app.settings_service import printer_settings
from app.windows.main_window import MainWindow
from app.windows.printer_settings import PrinterSettingsScreen
from tests.windows.conftest import make_ctx, settle, show_active
from tests.windows.print_fixtures import (WAIT_MS, fake_printer, network, printing_ctx,  # noqa: F401
                                          save_printers, texts)

CTRL = Qt.KeyboardModifier.ControlModifier


def open_screen(qtbot, ctx) -> PrinterSettingsScreen:
    window = MainWindow(ctx)
    show_active(qtbot, window)
    return window.show_screen("printers")


def test_only_those_who_manage_devices_see_the_printers_screen(qtbot, db):
    for role, sees in (("admin", True), ("manager", False), ("cashier", False)):
        window = MainWindow(make_ctx(db, role))
        qtbot.addWidget(window)
        assert ("printers" in window.screen_keys()) == sees, role


def test_the_service_refuses_without_permission(qtbot, db):
    screen = PrinterSettingsScreen(make_ctx(db, "manager"))  # only reachable by a bug: the service says no
    qtbot.addWidget(screen)
    screen.printer_list.add()
    screen.form.host.setText("192.168.1.50")
    screen.form.host.textEdited.emit("192.168.1.50")
    screen.save()
    qtbot.waitUntil(screen.save_button.isEnabled, timeout=WAIT_MS)
    assert screen.message.text() == "Not allowed: this needs the permission “Manage devices”."
    assert printer_settings() == []
    assert not screen.branding.save_button.isEnabled()  # no settings.manage either


def test_the_saved_printers_are_shown(qtbot, db):
    first = PrinterSettings(name="receipt", host="192.168.1.50", paper_mm=58, drawer=True, drawer_pin=5)
    second = PrinterSettings(name="backup", backend="usb", usb_vendor_id=0x04B8, usb_product_id=0x0E15)
    save_printers(first, second)
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    assert screen.printer_list.list.count() == 2
    assert screen.printer_list.list.item(0).text().endswith("(receipts)")
    assert screen.form.settings() == first
    screen.printer_list.select(1)
    assert screen.form.usb_vendor_id.text() == "04b8"
    assert screen.form.settings() == second
    assert not screen.form.host.isVisible() and screen.form.usb_product_id.isVisible()
    assert not screen.dirty


def test_add_fill_in_and_save(qtbot, db):
    ctx = make_ctx(db, "admin")
    screen = open_screen(qtbot, ctx)
    qtbot.keyClick(screen, Qt.Key.Key_N, CTRL)
    assert screen.form.name.text() == "receipt"
    form = screen.form
    form.backend.setCurrentIndex(form.backend.findData("serial"))
    assert form.serial_url.isVisible() and not form.host.isVisible()
    qtbot.keyClicks(form.serial_url, "COM3")
    form.baudrate.setCurrentIndex(form.baudrate.findData(19200))
    form.paper_mm.setCurrentIndex(form.paper_mm.findData(58))
    form.encoding.setCurrentIndex(form.encoding.findData("big5"))
    form.drawer.setChecked(True)
    assert screen.dirty
    with qtbot.waitSignal(ctx.changes.settings_changed, timeout=WAIT_MS):
        qtbot.keyClick(screen, Qt.Key.Key_S, CTRL)
    assert screen.message.text() == "Saved."
    assert printer_settings() == [PrinterSettings(name="receipt", backend="serial", serial_url="COM3",
                                                  baudrate=19200, paper_mm=58, encoding="big5", drawer=True)]
    assert not screen.dirty


def test_a_mistake_is_named_next_to_the_form_and_nothing_is_saved(qtbot, db):
    save_printers(PrinterSettings(name="receipt", host="192.168.1.50"))
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    screen.printer_list.add()  # "printer 2", no address yet
    screen.printer_list.select(0)
    screen.save()
    settle()
    assert screen.printer_list.current_row() == 1  # the form shows the printer the message is about
    assert screen.message.text().startswith("Printer “printer 2”: Please check the input.\nhost:")
    assert [p.name for p in printer_settings()] == ["receipt"]


def test_move_up_makes_the_receipt_printer(qtbot, db):
    save_printers(PrinterSettings(name="receipt", host="10.0.0.1"), PrinterSettings(name="backup", host="10.0.0.2"))
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    screen.printer_list.select(1)
    qtbot.keyClick(screen, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [p.name for p in screen.printers()] == ["backup", "receipt"]
    screen.printer_list.remove_button.click()  # the chosen one, which moved up with the selection
    assert [p.name for p in screen.printers()] == ["receipt"]


def test_test_page_saves_first_and_reaches_the_printer(qtbot, db, fake_printer, printing_ctx):
    fake = fake_printer()
    ctx = printing_ctx("admin")
    screen = open_screen(qtbot, ctx)
    screen.printer_list.add()
    screen.form.load(network(fake))
    screen.printer_list.update_current(screen.form.settings())
    assert screen.dirty
    qtbot.keyClick(screen, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(fake.jobs) == 1, timeout=WAIT_MS)
    assert printer_settings() == [network(fake)]  # saved before the page was queued
    transcript = texts(fake)[0]
    assert "打印测试页" in transcript and "MARKETDESK PRINTER TEST" in transcript
    assert f"127.0.0.1:{fake.port}" in transcript  # the page names the printer it was meant for
    qtbot.waitUntil(lambda: screen.result.text() == "Test page printed on “receipt”.", timeout=WAIT_MS)


def test_check_status_says_paper_out(qtbot, db, fake_printer):
    fake = fake_printer("paper_out")
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    screen.printer_list.add()
    screen.form.load(network(fake))
    qtbot.keyClick(screen, Qt.Key.Key_F5)
    qtbot.waitUntil(screen.status_button.isEnabled, timeout=WAIT_MS)
    assert screen.result.text().startswith("“receipt”: Out of paper")
    assert fake.jobs == []  # asking prints nothing


def test_check_status_of_an_unreachable_printer(qtbot, db, fake_printer):
    fake = fake_printer()
    fake.refuse = True
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    screen.printer_list.add()
    screen.form.load(network(fake))
    screen.check_status()
    qtbot.waitUntil(screen.status_button.isEnabled, timeout=WAIT_MS)
    assert screen.result.text().startswith("No answer:") and "refused" in screen.result.text()


def test_the_preview_follows_the_paper_width(qtbot, db):
    save_printers(PrinterSettings(name="receipt", host="10.0.0.1", paper_mm=80))
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    screen.preview.render_now()
    assert "48 characters" in screen.preview.title()
    lines = screen.preview.plain_text().splitlines()
    assert "-" * 48 in lines and "进场缴费凭证" in screen.preview.plain_text()
    screen.form.paper_mm.setCurrentIndex(screen.form.paper_mm.findData(58))
    screen.preview.render_now()
    assert "32 characters" in screen.preview.title()
    assert "-" * 32 in screen.preview.plain_text().splitlines()
    assert "[INIT]" not in screen.preview.plain_text()


def png(width: int = 64, height: int = 32) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, format="PNG")
    return out.getvalue()


def test_branding_is_saved_for_every_counter(qtbot, db, tmp_path):
    save_printers(PrinterSettings(name="receipt", host="10.0.0.1"))
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    box = screen.branding
    qtbot.waitUntil(box.save_button.isEnabled, timeout=WAIT_MS)
    box.market_name.setText("寿光农产品物流园")
    box.market_name.textEdited.emit("寿光农产品物流园")
    box.footer.setText("服务电话 0536-1234567")
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    box.load_logo_file(str(logo))
    qtbot.waitUntil(lambda: not box.logo_view.pixmap().isNull(), timeout=WAIT_MS)
    screen.preview.render_now()
    assert "寿光农产品物流园" in screen.preview.plain_text()
    assert "[RASTER" in screen.preview.plain_text()
    qtbot.keyClick(screen, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: box.message.text() == "Saved.", timeout=WAIT_MS)
    saved = load_branding(db)
    assert (saved.market_name, saved.footer, saved.logo_png) == ("寿光农产品物流园", "服务电话 0536-1234567", png())
    box.remove_logo()
    box.save()
    qtbot.waitUntil(lambda: load_branding(db).logo_png is None, timeout=WAIT_MS)


def test_a_wrong_logo_is_named_when_chosen(qtbot, db, tmp_path):
    screen = open_screen(qtbot, make_ctx(db, "admin"))
    box = screen.branding
    qtbot.waitUntil(box.save_button.isEnabled, timeout=WAIT_MS)
    wide = tmp_path / "wide.png"
    wide.write_bytes(png(width=800))
    box.load_logo_file(str(wide))
    qtbot.waitUntil(lambda: box.message.text().startswith("Please check the input."), timeout=WAIT_MS)
    assert "576 dots" in box.message.text()


def test_the_screen_fits_a_small_counter_screen(qtbot, db):
    save_printers(PrinterSettings(name="receipt", host="10.0.0.1"))
    window = MainWindow(make_ctx(db, "admin"))
    window.resize(1366, 768)
    show_active(qtbot, window)
    screen = window.show_screen("printers")
    assert screen.minimumSizeHint().height() <= 768 - 120  # menu, status bar and title bar
    assert screen.minimumSizeHint().width() <= 1366 - 220  # and the navigation


def test_the_printing_windows_switch_language(qtbot, db):
    from app.windows.application import install_language
    save_printers(PrinterSettings(name="receipt", host="10.0.0.1"))
    window = MainWindow(make_ctx(db, "admin"))
    show_active(qtbot, window)
    screen = window.show_screen("printers")
    window.show_print_queue()
    panel = window.print_queue
    install_language("zh_CN")
    qtbot.waitUntil(lambda: screen.test_button.text() == "打印测试页 (F9)")
    qtbot.waitUntil(lambda: panel.windowTitle() == "打印队列")
    assert screen.form.connection_group.title() == "连接"
    assert screen.preview.title() == "预览：进场缴费凭证样张，每行 48 个字符"
    assert window.status.devices.printer.text() == "打印机：空闲"
    assert panel.retry_button.text() == "重试 (Ctrl+R)"

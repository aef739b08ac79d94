"""The Scale screen: who sees it, what it saves (through the service), and the test port with
its display, capture and raw monitor (a fake port: no thread, no device)."""
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app import config, settings_service
from app.devices.scales.settings import ScaleSettings, StabilitySettings
from app.windows.main_window import MainWindow
from app.windows.scale_settings import ScaleSettingsScreen
from tests.windows.conftest import make_ctx, settle, show_active
from tests.windows.fake_scale import Capture, NotStable, PortState, PortStatus, line_frame, weight_state

SAVED = ScaleSettings(enabled=True, protocol="test_line", url="/dev/ttyUSB0", baudrate=4800,
                      bytesize=7, parity="E", stopbits=2, dtr=False, rts=True, unit="t", address=3,
                      poll_interval_s=0.2,
                      stability=StabilitySettings(window_s=3.0, window_frames_min=12,
                                                  division_g=20_000, min_weight_g=400_000,
                                                  max_age_s=0.8))


@pytest.fixture
def saved_service_calls(monkeypatch):
    """update_scale_settings replaced by a recorder that returns the settings file."""
    calls = []

    def update_scale_settings(db, actor, scale):
        calls.append((actor.username, scale))
        return replace(config.Settings(), devices={"scale": scale.to_dict()})

    monkeypatch.setattr(settings_service, "update_scale_settings", update_scale_settings,
                        raising=False)
    return calls


def open_screen(qtbot, db, role="admin") -> ScaleSettingsScreen:
    window = MainWindow(make_ctx(db, role))
    show_active(qtbot, window)
    return window.show_screen("scale")


def connect(qtbot, screen, ports):
    screen.test.connect_port()
    qtbot.waitUntil(lambda: screen.test.status.text() == "Scale: connected")
    return ports[-1]


# ---- who, what is shown, what is saved ------------------------------------------------------

def test_only_those_who_manage_devices_see_the_scale_screen(qtbot, db):
    for role, sees in (("admin", True), ("manager", False), ("cashier", False)):
        window = MainWindow(make_ctx(db, role))
        qtbot.addWidget(window)
        assert ("scale" in window.screen_keys()) == sees, role


def test_the_saved_settings_are_shown(qtbot, db, line_protocol):
    config.save_settings(config.Settings(devices={"scale": SAVED.to_dict()}))
    screen = open_screen(qtbot, db)
    assert screen.form.url.text() == "/dev/ttyUSB0"
    assert screen.form.protocol.currentData() == "test_line"
    assert screen.form.address.value() == 3 and screen.form.poll_interval.isEnabled()
    assert screen.form.settings() == SAVED


def test_save_goes_through_the_service(qtbot, db, line_protocol, saved_service_calls):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    screen.form.url.setText("  COM3 ")
    with qtbot.waitSignal(screen._ctx.changes.settings_changed) as changed:
        qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved_service_calls == [("t_admin", replace(SAVED, url="COM3"))]
    assert changed.args[0].devices["scale"]["url"] == "COM3"
    assert screen.message.text() == "Saved."
    assert screen.save_button.text() == "Save (Ctrl+S)"


@pytest.mark.skipif(not hasattr(settings_service, "update_scale_settings"),
                    reason="app.settings_service.update_scale_settings not there yet")
def test_save_writes_the_settings_file(qtbot, db, line_protocol):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    with qtbot.waitSignal(screen._ctx.changes.settings_changed):
        screen.save()
    assert ScaleSettings.from_dict(config.load_settings().devices["scale"]) == SAVED


def test_a_mistake_is_named_and_nothing_is_saved(qtbot, db, line_protocol, saved_service_calls):
    screen = open_screen(qtbot, db)
    screen.form.load(replace(SAVED, url=""))
    screen.save()
    settle()
    assert screen.message.text().startswith("Please check the input.\nscale port:")
    assert saved_service_calls == []


def test_choosing_a_protocol_fills_in_its_line_settings(qtbot, db, line_protocol):
    screen = open_screen(qtbot, db)
    form = screen.form
    form.load(replace(SAVED, baudrate=9600, bytesize=8, parity="N", stopbits=1))
    form.protocol.activated.emit(form.protocol.findData("test_line"))
    chosen = form.settings()
    assert (chosen.baudrate, chosen.bytesize, chosen.parity, chosen.stopbits) == (4800, 7, "E", 1)
    assert form.protocol_notes.text() == "Only for tests."


# ---- the test port --------------------------------------------------------------------------

def test_connect_shows_status_weight_and_raw_frames(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    assert port.settings == SAVED
    assert not screen.form.isEnabled()  # the monitor belongs to the settings on the screen
    port.feed(line_frame("ST,+20.00kg", at_s=5.0))
    port.feed(line_frame("US,+20.02kg", at_s=5.1))
    port.weigh(weight_state("20.02", "kg", stable=False))
    qtbot.waitUntil(lambda: screen.test.weight.digits.text() == "20.02")
    lines = screen.test.monitor.lines()
    assert len(lines) == 2
    assert "53 54 2c 2b 32 30 2e 30 30 6b 67 0d 0a" in lines[0]  # ST,+20.00kg\r\n
    assert '"weight": "20.00"' in lines[0] and '"stable": true' in lines[0]
    assert lines[1].startswith("+0.100") and '"stable": false' in lines[1]


def test_status_changes_of_the_port_are_shown(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    port.set_status(PortState.NO_DATA, "no data for 2 s")
    qtbot.waitUntil(lambda: screen.test.status.text() == "Scale: no data")
    port.set_status(PortState.ERROR, "cannot open /dev/ttyUSB0: busy")
    qtbot.waitUntil(lambda: screen.test.status.text()
                    == "Scale: error: cannot open /dev/ttyUSB0: busy")


def test_disconnect_stops_the_port_and_frees_the_form(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    settle()
    assert port.stopped.is_set()
    assert screen.form.isEnabled()
    assert screen.test.status.text() == "Scale: off"
    assert screen.test.weight.lit("no_signal")
    assert screen.test.connect_button.isEnabled()
    port.weigh(weight_state("30.00", stable=True))  # a late call from the stopping thread
    settle()
    assert screen.test.weight.digits.text() != "30.00"


def test_connect_without_a_port_says_so(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(replace(SAVED, url=""))
    screen.test.connect_port()
    assert fake_ports == []
    assert screen.test.result.text() == "Please check the input.\nEnter the port to connect to."
    assert screen.form.isEnabled()


def test_keyboard_connect_and_capture(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    window = screen.window()
    assert screen.test.connect_button.text() == "Connect (F5)"
    assert screen.test.capture_button.text() == "Test capture (F9)"
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: screen.test.status.text() == "Scale: connected")
    port = fake_ports[-1]
    frames = tuple(line_frame("ST,+24.68t", at_s=s) for s in (1.0, 1.1, 1.2))
    port.capture_result = Capture(24_680_000, "24.68", "t", frames, 1.2)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: screen.test.result.text().startswith("Captured"))
    assert screen.test.result.text() == "Captured 24.68 t (24,680,000 g), stable over 3 readings."
    assert port.captures and port.captures[0] > 0  # it waits a little for a settling truck


def test_a_refused_capture_says_why(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    port.capture_result = NotStable("the weight is still moving")
    screen.test.test_capture()
    qtbot.waitUntil(screen.test.capture_button.isEnabled)
    assert screen.test.result.text() == "Not captured: the weight is still moving"


def test_leaving_the_screen_lets_the_port_go(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    screen.window().show_screen("home")
    settle()
    assert port.stopped.is_set()
    assert screen.test.port is None


def test_the_monitor_keeps_the_last_frames_and_can_pause(qtbot, db, fake_ports):
    screen = open_screen(qtbot, db)
    screen.form.load(SAVED)
    port = connect(qtbot, screen, fake_ports)
    monitor = screen.test.monitor
    for n in range(monitor.lines_max + 30):
        port.feed(line_frame(f"ST,+{n}kg", at_s=float(n)))
    last = monitor.lines_max + 29
    qtbot.waitUntil(lambda: f'"weight": "{last}"' in (monitor.lines() or [""])[-1])
    assert len(monitor.lines()) == monitor.lines_max
    qtbot.keyClick(screen.window(), Qt.Key.Key_F8)
    assert monitor.paused and monitor.pause_button.text() == "Pause (F8)"
    port.feed(line_frame("ST,+999kg"))
    port.weigh(weight_state("999.00"))
    qtbot.waitUntil(lambda: screen.test.weight.digits.text() == "999.00")
    assert '"999"' not in monitor.lines()[-1]


# ---- the status bar -------------------------------------------------------------------------

def test_status_bar_says_what_the_scale_does(qtbot, db, line_protocol):
    window = MainWindow(make_ctx(db, "cashier"))
    show_active(qtbot, window)
    indicator = window.status.devices.scale
    assert indicator.text() == "Scale: off"
    for state, reason, text in ((PortState.CONNECTED, None, "Scale: connected"),
                                (PortState.NO_DATA, "no data for 3 s", "Scale: no data"),
                                (PortState.ERROR, "COM3 disconnected", "Scale: error: COM3 disconnected"),
                                (PortState.STOPPED, None, "Scale: off")):
        indicator.show_status(PortStatus(state, reason, "COM3"))
        assert indicator.text() == text
    indicator.show_status(None)
    assert indicator.text() == "Scale: off"


def test_weights_are_exact_decimals_in_the_monitor(qtbot, line_protocol):
    from app.windows.scale_monitor import frame_line
    frame = line_frame("ST,-0.02t")
    assert frame.weight == Decimal("-0.02")
    assert '"weight": "-0.02", "unit": "t"' in frame_line(frame, None)

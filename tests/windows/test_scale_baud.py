"""Detect baud rate (F7) on the Scale screen: the found rate lands in the form; a failure is
said on the panel; the port is only listened to."""
from decimal import Decimal

from app.devices.scales import baud
from app.devices.scales.simulator import PtyScale, SimulatorSettings
from tests.windows.conftest import settle
from tests.windows.test_scale_settings import open_screen


def test_detected_rate_fills_the_form(qtbot, db, monkeypatch):
    monkeypatch.setattr(baud, "RATES_IN_ORDER", (2400, 9600))  # the pty passes any rate: 2400 first
    sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(15000),), steady=True)).start()
    try:
        screen = open_screen(qtbot, db)
        screen.form.url.setText(sim.path)
        screen.test.detect_baud()
        qtbot.waitUntil(lambda: "validate at 2400 baud" in screen.test.result.text())
        assert screen.form.baudrate.currentData() == 2400
        assert screen.form.isEnabled()
    finally:
        settle()
        sim.close()


def test_a_port_that_cannot_open_is_said(qtbot, db, tmp_path):
    screen = open_screen(qtbot, db)
    screen.form.url.setText(str(tmp_path / "no-such-tty"))
    screen.test.detect_baud()
    qtbot.waitUntil(lambda: "cannot open" in screen.test.result.text())
    settle()


def test_connect_waits_for_detection_and_the_device_is_released_once(qtbot, db, monkeypatch):
    """While detection listens, Connect is off; the counter's port may reopen the device only
    when nothing of the panel holds it."""
    import threading
    release = threading.Event()
    monkeypatch.setattr(baud, "detect_baud", lambda settings: (release.wait(10), 4800)[1])
    screen = open_screen(qtbot, db)
    screen.form.url.setText("/dev/ttyUSB9")
    events = []
    screen.test.connected_changed.connect(events.append)
    screen.test.detect_baud()
    assert not screen.test.connect_button.isEnabled() and events == [True]
    release.set()
    qtbot.waitUntil(lambda: screen.form.baudrate.currentData() == 4800)
    assert events == [True, False] and screen.test.connect_button.isEnabled()

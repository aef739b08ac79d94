"""The real ScalePort behind the Scale screen, over pyserial's loop:// (no hardware): the test
protocol's poll request is itself a weight frame, so the port hears "20.00 kg, stable" as
often as it asks. Port thread -> adapter -> GUI thread, capture on a worker, stop on leaving."""
from dataclasses import replace

from app.devices.scales.settings import ScaleSettings, StabilitySettings
from app.windows.scale_settings import ScaleSettingsScreen
from tests.windows.conftest import make_ctx, settle, show_active

WAIT_MAX_MS = 20_000  # a hang is a failure; a normal run takes a fraction of a second
LOOP = ScaleSettings(enabled=True, protocol="test_line", url="loop://", baudrate=4800, address=1,
                     poll_interval_s=0.05,
                     stability=StabilitySettings(window_s=0.2, window_frames_min=2,
                                                 division_g=20, min_weight_g=200, max_age_s=1.0))


def test_a_real_port_over_loop_reaches_the_screen(qtbot, db, line_protocol):
    screen = ScaleSettingsScreen(make_ctx(db, "admin"))
    show_active(qtbot, screen)
    screen.form.load(LOOP)
    panel = screen.test
    panel.connect_port()
    qtbot.waitUntil(lambda: panel.weight.lit("stable"), timeout=WAIT_MAX_MS)
    assert panel.status.text() == "Scale: connected"
    assert panel.weight.digits.text() == "20.00" and panel.weight.unit.text() == "kg"
    assert '"weight": "20.00"' in panel.monitor.lines()[-1]
    panel.test_capture()
    qtbot.waitUntil(lambda: panel.result.text().startswith("Captured"), timeout=WAIT_MAX_MS)
    assert panel.result.text().startswith("Captured 20.00 kg (20,000 g)")
    port = panel.port
    screen.hide()
    settle()
    assert port.status().state == "stopped"  # set once the port's thread has ended


def test_a_port_that_cannot_open_is_reported(qtbot, db, line_protocol):
    screen = ScaleSettingsScreen(make_ctx(db, "admin"))
    show_active(qtbot, screen)
    screen.form.load(replace(LOOP, url="/dev/nonexistent-scale-port"))
    screen.test.connect_port()
    qtbot.waitUntil(lambda: screen.test.status.text().startswith("Scale: error: cannot open"),
                    timeout=WAIT_MAX_MS)
    screen.test.disconnect_port()
    settle()

"""Simulator -> pseudo-terminal -> port owner -> stability -> capture, for every protocol;
the cable pulled and plugged back in. Waits poll for a state; they never assert on time."""
import os
import time
from decimal import Decimal

import pytest

from app.devices.scales import protocol as protocols
from app.devices.scales.port import PortState, ScalePort, ScaleUnavailable
from app.devices.scales.settings import ScaleSettings, StabilitySettings
from app.devices.scales.simulator import PtyScale, SimulatorSettings
from app.devices.scales.stability import NotStable

WAIT_MAX_S = 20  # a hang is a failure; normal runs take a fraction of this
FAST = StabilitySettings(window_s=0.6, window_frames_min=5, division_g=20_000, min_weight_g=200)


def wait_for(predicate, what: str):
    deadline = time.monotonic() + WAIT_MAX_S
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def try_capture(port):
    try:
        return port.capture()
    except NotStable:
        return None


def port_for(path: str, protocol: str) -> ScalePort:
    return ScalePort(ScaleSettings(enabled=True, protocol=protocol, url=path, stability=FAST))


@pytest.mark.parametrize("name", sorted(protocols.load_all()))
def test_capture_through_a_pty(name):
    proto = protocols.get(name)
    sim = PtyScale(SimulatorSettings(protocol=name, baudrate=proto.default_baud, weights=(Decimal(24680),),
                                     hold_s=30, steady=True)).start()
    port = port_for(sim.path, name)
    port.start()
    try:
        wait_for(lambda: port.status().state == PortState.CONNECTED, "connection")
        capture = wait_for(lambda: try_capture(port), f"a stable {name} weight")
        assert capture.weight_g == 24_680_000
        assert len(capture.frames) >= FAST.window_frames_min
        assert all(f.ok and f.weight_g() == 24_680_000 for f in capture.frames)
    finally:
        port.stop()
        sim.close()


def test_unplugged_cable_reconnects_and_never_returns_an_old_weight(tmp_path):
    """The port is a stable name (like /dev/serial/by-id/...) pointing at whichever pty is
    plugged in; pulling the cable removes it, plugging in makes a new one."""
    link = tmp_path / "ttyUSB-scale"
    sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(30000),), hold_s=30, steady=True)).start()
    os.symlink(sim.path, link)
    port = port_for(str(link), "yaohua")
    port.start()
    try:
        first = wait_for(lambda: try_capture(port), "the first stable weight")
        assert first.weight_g == 30_000_000
        sim.close()                       # the cable falls out
        link.unlink()
        wait_for(lambda: port.status().state == PortState.ERROR, "the port owner to notice")
        with pytest.raises((NotStable, ScaleUnavailable)):
            port.capture()                # the old weight is gone, not "fresh"
        assert port.weight().no_signal
        sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(41000),), hold_s=30, steady=True)).start()
        os.symlink(sim.path, link)        # plugged back in
        wait_for(lambda: port.status().state == PortState.CONNECTED, "reconnection")
        second = wait_for(lambda: try_capture(port), "a stable weight after reconnecting")
        assert second.weight_g == 41_000_000
        assert min(f.at_s for f in second.frames) > first.at_s
    finally:
        port.stop()
        sim.close()


def test_port_that_does_not_exist_reports_an_error(tmp_path):
    port = port_for(str(tmp_path / "no-such-tty"), "yaohua")
    port.start()
    try:
        status = wait_for(lambda: port.status().state == PortState.ERROR and port.status(), "an error")
        assert "cannot open" in status.reason
        with pytest.raises(ScaleUnavailable, match="not connected"):
            port.capture()
    finally:
        port.stop()
    assert port.status().state == PortState.STOPPED


def test_silent_port_reports_no_data():
    sim = PtyScale(SimulatorSettings(protocol="yaohua", dropout_every_s=0.01, dropout_s=60)).start()
    port = port_for(sim.path, "yaohua")
    port.start()
    try:
        wait_for(lambda: port.status().state == PortState.NO_DATA, "the no-data state")
        assert port.weight().no_signal
    finally:
        port.stop()
        sim.close()


def test_truck_profile_captures_the_gross_never_a_moving_weight():
    """Drive on, settle with jitter, hold: the only capture is the held gross weight."""
    sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(36520),), hold_s=30, seed=7)).start()
    port = ScalePort(ScaleSettings(enabled=True, protocol="yaohua", url=sim.path,
                                   stability=StabilitySettings(window_s=1.0, window_frames_min=10, division_g=20_000)))
    port.start()
    try:
        capture = wait_for(lambda: try_capture(port), "the held gross weight")
        assert capture.weight_g == 36_520_000
    finally:
        port.stop()
        sim.close()


def test_simulate_command_serves_a_pty(tmp_path):
    """`marketdesk scale simulate --pty` prints its pseudo-terminal; a port owner reads it."""
    import signal
    import subprocess
    import sys

    from app import ROOT_DIR
    proc = subprocess.Popen([sys.executable, str(ROOT_DIR / "main.py"), "scale", "simulate", "--protocol",
                             "toledo", "--pty", "--weights", "15000"], stdout=subprocess.PIPE, text=True)
    try:
        path = proc.stdout.readline().strip()
        assert path.startswith("/dev/")
        port = ScalePort(ScaleSettings(enabled=True, protocol="toledo", url=path, stability=FAST))
        port.start()
        try:
            state = wait_for(lambda: (s := port.weight()) and not s.no_signal and s.weight_g and s, "a weight")
            assert state.weight_g > 0
        finally:
            port.stop()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0


def test_demo_scale_runs_a_simulator_in_front_of_the_port():
    from app.devices.scales.runtime import start_scale
    running = start_scale(ScaleSettings(enabled=True, demo_simulator=True))
    try:
        wait_for(lambda: not running.port.weight().no_signal, "readings from the demo scale")
        assert running.port.settings.url.startswith("/dev/")
    finally:
        running.stop()


def test_a_failing_listener_does_not_stop_the_port():
    class Broken:
        def on_frame(self, frame):
            raise RuntimeError("a view's bug")

        def on_status(self, status):
            raise RuntimeError("a view's bug")

        def on_weight(self, state):
            raise RuntimeError("a view's bug")

    sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(22000),), hold_s=30, steady=True)).start()
    port = ScalePort(ScaleSettings(enabled=True, protocol="yaohua", url=sim.path, stability=FAST), Broken())
    port.start()
    try:
        assert wait_for(lambda: try_capture(port), "a capture despite the listener").weight_g == 22_000_000
    finally:
        port.stop()
        sim.close()


def test_stop_ends_a_waiting_capture():
    import threading
    sim = PtyScale(SimulatorSettings(protocol="yaohua", dropout_every_s=0.01, dropout_s=60)).start()
    port = port_for(sim.path, "yaohua")
    port.start()
    outcome = []

    def wait():
        try:
            port.capture(timeout_s=WAIT_MAX_S * 100)  # only stop() can end it within the join below
        except NotStable as exc:
            outcome.append(exc)

    waiter = threading.Thread(target=wait)
    try:
        wait_for(lambda: port.status().state in (PortState.CONNECTED, PortState.NO_DATA), "connection")
        waiter.start()
        port.stop()
        waiter.join(WAIT_MAX_S)
        assert not waiter.is_alive()
        assert outcome and "closed" in str(outcome[0])
        assert port.status().state == PortState.STOPPED
    finally:
        sim.close()


def test_simulator_refuses_weights_the_protocol_cannot_show():
    from app.errors import ValidationError
    from app.devices.scales.simulator import Simulator
    with pytest.raises(ValidationError, match="cannot show"):
        Simulator(SimulatorSettings(protocol="yaohua", decimals=2))  # trucks of 49 t need 7 digits
    with pytest.raises(ValidationError, match="decimals"):
        Simulator(SimulatorSettings(protocol="yaohua", weights=(Decimal("1.25"),), decimals=1))

"""Baud detection (listening only) and request/answer mode, through pseudo-terminals."""
import os
import threading
import tty
from decimal import Decimal

import pytest

from app.devices.scales import protocol as protocols
from app.devices.scales.baud import BaudNotFound, detect_baud
from app.devices.scales.port import PortState, ScalePort, open_serial
from app.devices.scales.protocol import Reading
from app.devices.scales.settings import ScaleSettings, StabilitySettings
from app.devices.scales.simulator import PtyScale, SimulatorSettings
from tests.devices.test_scale_port import try_capture, wait_for


def test_detects_the_rate_frames_validate_at():
    """A pty carries bytes at any rate; to stand for a line at 4800 baud, the opener garbles
    what is read at any other rate, as a UART at the wrong speed does."""
    sim = PtyScale(SimulatorSettings(protocol="yaohua", weights=(Decimal(12000),), steady=True)).start()
    opened = []

    def opener(settings):
        port = open_serial(settings)
        opened.append(settings.baudrate)
        if settings.baudrate != 4800:
            real_read = port.read
            port.read = lambda n: bytes(b ^ 0x5A for b in real_read(n))
        return port

    try:
        settings = ScaleSettings(enabled=True, protocol="yaohua", url=sim.path)
        assert detect_baud(settings, open_port=opener, listen_s=1.0) == 4800
        assert opened == [9600, 4800]
    finally:
        sim.close()


def test_silent_port_finds_no_rate(tmp_path):
    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        settings = ScaleSettings(enabled=True, protocol="toledo", url=os.ttyname(slave))
        with pytest.raises(BaudNotFound, match="tried 9600 \\(0 good"):
            detect_baud(settings, listen_s=0.2)
        os.set_blocking(master, False)
        with pytest.raises(BlockingIOError):
            os.read(master, 1)  # it only listened: nothing was written to the port
    finally:
        os.close(master)
        os.close(slave)


def test_polled_indicator_answers_si():
    """MT-SICS in request/answer mode: the port owner sends SI, the indicator answers."""
    master, slave = os.openpty()
    tty.setraw(slave)
    stop = threading.Event()
    requests = []
    answer = protocols.get("sics").encode(Reading(weight=Decimal("18.340"), decimals=3, unit="t"))

    def indicator():
        buf = b""
        while not stop.is_set():
            try:
                buf += os.read(master, 64)
            except OSError:
                return
            while b"\r\n" in buf:
                line, buf = buf.split(b"\r\n", 1)
                requests.append(line)
                if line == b"SI":
                    os.write(master, answer)

    threading.Thread(target=indicator, daemon=True).start()
    port = ScalePort(ScaleSettings(enabled=True, protocol="sics", url=os.ttyname(slave), address=1,
                                   poll_interval_s=0.05, unit="t",
                                   stability=StabilitySettings(window_s=0.5, window_frames_min=5)))
    port.start()
    try:
        capture = wait_for(lambda: try_capture(port), "a polled stable weight")
        assert capture.weight_g == 18_340_000 and set(requests) == {b"SI"}
    finally:
        port.stop()
        stop.set()
        os.close(master)
        os.close(slave)


def test_polled_indicator_that_never_answers_is_reported():
    master, slave = os.openpty()
    tty.setraw(slave)
    port = ScalePort(ScaleSettings(enabled=True, protocol="sics", url=os.ttyname(slave), address=1))
    port.start()
    try:
        wait_for(lambda: port.status().state == PortState.NO_DATA, "no data from a silent indicator")
    finally:
        port.stop()
        os.close(master)
        os.close(slave)

"""A scale port for widget tests: the ScalePort API (app.devices.scales.port) without a thread
or a device. The test drives it: `feed()` and `weigh()` call the listener the way the port's
thread would, `capture_result` decides what capture() returns or raises.

Also a small line protocol ("ST,+0020.00kg\r\n") registered only for the tests that need a
protocol with known bytes; its poll request is itself a frame, so over pyserial's loop:// a
real ScalePort hears its own request as the indicator's answer."""
from __future__ import annotations

import re
import threading
from decimal import Decimal

import pytest

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.port import PortState, PortStatus
from app.devices.scales.protocol import Reading, ScaleProtocol
from app.devices.scales.stability import Capture, NotStable, WeightState

__all__ = ["FakeScalePort", "PortState", "PortStatus", "Capture", "NotStable", "WeightState",
           "LINE_PROTOCOL", "line_frame", "weight_state"]

LINE = re.compile(rb"(ST|US),([+-]\d+(?:\.\d+)?)(kg|t|g)")


class LineDecoder:
    def __init__(self):
        self._buffer = b""

    def feed(self, data: bytes, at_s: float) -> list[Frame]:
        self._buffer += data
        frames = []
        while b"\r\n" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\r\n", 1)
            match = LINE.fullmatch(raw)
            if match is None:
                frames.append(rejected(raw + b"\r\n", at_s, "not a line frame"))
                continue
            frames.append(Frame(raw=raw + b"\r\n", at_s=at_s, weight=Decimal(match[2].decode()),
                                unit=match[3].decode(), stable=match[1] == b"ST"))
        self._buffer = self._buffer[-256:]
        return frames


def encode(reading: Reading) -> bytes:
    sign = "-" if reading.weight < 0 else "+"
    return (f"{'ST' if reading.stable else 'US'},{sign}{abs(reading.weight):.{reading.decimals}f}"
            f"{reading.unit}\r\n").encode()


LINE_PROTOCOL = ScaleProtocol(
    name="test_line", title="Test line protocol", make_decoder=LineDecoder, encode=encode,
    default_baud=4800, bytesize=7, parity="E", stopbits=1, has_stable_flag=True,
    poll=lambda _address: encode(Reading(Decimal("20.00"), decimals=2)),
    notes="Only for tests.")


def line_frame(text: str, at_s: float = 1.0) -> Frame:
    frames = LineDecoder().feed(text.encode() + b"\r\n", at_s)
    assert len(frames) == 1
    return frames[0]


def weight_state(display: str = "20.00", unit: str = "kg", **flags) -> WeightState:
    grams = None if not display else int(Decimal(display) * {"g": 1, "kg": 1000, "t": 10**6}[unit])
    values = dict(stable=False, zero=False, negative=False, overload=False, underload=False,
                  no_signal=False, at_s=1.0)
    values.update(flags)
    return WeightState(weight_g=grams, display=display, unit=unit, **values)


class FakeScalePort:
    """Every instance made is kept in `made`, so a test finds the port a screen created."""
    made: list["FakeScalePort"] = []

    def __init__(self, settings, listener=None):
        settings.validate()
        self.settings = settings
        self.listener = listener
        self.started = False
        self.stopped = threading.Event()  # stop() runs on a worker thread
        self.capture_result: Capture | Exception = NotStable("the weight is still moving")
        self.captures: list[float] = []
        self._status = PortStatus(PortState.STOPPED, None, settings.url)
        FakeScalePort.made.append(self)

    # ---- the ScalePort API ----------------------------------------------------------------

    def start(self) -> None:
        assert not self.started, "start once"
        self.started = True
        self.set_status(PortState.CONNECTED)

    def stop(self, timeout_s: float = 2.0) -> None:
        self.stopped.set()
        self.set_status(PortState.STOPPED)

    def status(self) -> PortStatus:
        return self._status

    def weight(self) -> WeightState:
        return weight_state("", no_signal=True)

    def capture(self, timeout_s: float = 0.0) -> Capture:
        self.captures.append(timeout_s)
        if isinstance(self.capture_result, Exception):
            raise self.capture_result
        return self.capture_result

    # ---- what the port's thread would do ------------------------------------------------

    def set_status(self, state: PortState, reason: str | None = None) -> None:
        self._status = PortStatus(state, reason, self.settings.url)
        if self.listener is not None:
            self.listener.on_status(self._status)

    def feed(self, frame: Frame) -> None:
        self.listener.on_frame(frame)

    def weigh(self, state: WeightState) -> None:
        self.listener.on_weight(state)


# ---- fixtures (import them into a test module to use them) ------------------------------

@pytest.fixture
def line_protocol(monkeypatch):
    """LINE_PROTOCOL registered for this test only (after the real ones have loaded)."""
    from app.devices.scales import protocol
    protocol.load_all()
    monkeypatch.setitem(protocol.REGISTRY, LINE_PROTOCOL.name, LINE_PROTOCOL)
    return LINE_PROTOCOL


@pytest.fixture
def fake_ports(monkeypatch, line_protocol):
    """Screens get FakeScalePorts; the list holds every one made during the test."""
    from app.windows import scale_test_panel
    made: list[FakeScalePort] = []
    monkeypatch.setattr(FakeScalePort, "made", made)
    monkeypatch.setattr(scale_test_panel, "make_port", FakeScalePort)
    return made

"""Baud detection, on the operator's request, for the one port they configured: listen at
each rate until frames validate. It only listens: nothing is written to the port."""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable

import serial

from app.devices.scales import protocol as protocols
from app.devices.scales.port import READ_CHUNK_BYTES, open_serial
from app.devices.scales.settings import ScaleSettings
from app.errors import UserError

# Most common first: indicators ship at 9600 or 4800 far more often than at the others.
RATES_IN_ORDER = (9600, 4800, 2400, 1200, 19200, 600)
LISTEN_S = 1.5          # long enough for several frames at 600 baud
FRAMES_NEEDED = 3


class BaudNotFound(UserError):
    pass


def detect_baud(settings: ScaleSettings, *, open_port: Callable = open_serial,
                listen_s: float = LISTEN_S) -> int:
    """The first rate at which the port delivers FRAMES_NEEDED valid frames and more valid
    than rejected ones; BaudNotFound names what was tried."""
    protocol = protocols.get(settings.protocol)
    tried = []
    for rate in RATES_IN_ORDER:
        candidate = replace(settings, baudrate=rate)
        try:
            port = open_port(candidate)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise BaudNotFound(f"cannot open {settings.url}: {exc}") from None
        try:
            port.reset_input_buffer()
            decoder = protocol.make_decoder()
            valid = rejected = 0
            deadline = time.monotonic() + listen_s
            while time.monotonic() < deadline and valid < FRAMES_NEEDED:
                for frame in decoder.feed(port.read(READ_CHUNK_BYTES), time.monotonic()):
                    if frame.ok:
                        valid += 1
                    else:
                        rejected += 1
        finally:
            port.close()
        if valid >= FRAMES_NEEDED and valid > rejected:
            return rate
        tried.append(f"{rate} ({valid} good, {rejected} garbled)")
    raise BaudNotFound(f"no {settings.protocol} frames at any rate: tried {', '.join(tried)}")

"""A simulated indicator: frames of a real protocol, paced as the baud rate paces them,
following a truck's profile (drive on, settle with jitter, hold, drive off) or given weights,
with optional corrupted frames and dropouts. Written to a pseudo-terminal (the port owner
reads it like a serial port) or to any pyserial URL."""
from __future__ import annotations

import os
import random
import threading
import time
import tty
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Iterator

from app.devices.scales import protocol as protocols
from app.devices.scales.protocol import Reading

BITS_PER_BYTE = 10          # start + 8 data + stop
FRAMES_PER_SECOND_MAX = 20  # indicators send 10-20 readings a second, not line rate
EMPTY_KG = Decimal(0)


@dataclass(frozen=True)
class SimulatorSettings:
    protocol: str = "yaohua"
    baudrate: int = 9600
    decimals: int = 0                   # a truck scale shows whole kg (division 20 kg, say)
    division: Decimal = Decimal(20)     # jitter while settling, in displayed units
    weights: tuple[Decimal, ...] = ()   # empty: a truck profile with random gross weights
    hold_s: float = 6.0
    corrupt_every: int = 0              # every Nth frame garbled (0: never)
    dropout_every_s: float = 0.0        # silence for dropout_s every so often (0: never)
    dropout_s: float = 1.5
    seed: int | None = None
    steady: bool = False                # just hold the given weights in turn (tests, calibration)


def truck_profile(s: SimulatorSettings, rng: random.Random) -> Iterator[tuple[Decimal, bool, float]]:
    """(weight, stable, seconds) steps forever: empty, drive on, settle, hold, drive off."""
    weights = list(s.weights)
    i = 0
    while s.steady and weights:
        yield weights[i % len(weights)], True, s.hold_s
        i += 1
    while True:
        if weights:
            gross = weights[i % len(weights)]
            i += 1
        else:
            gross = Decimal(rng.randrange(8_000, 49_000, 20))
        yield EMPTY_KG, True, 2.0
        for step in range(1, 6):                       # driving on: unstable ramp
            yield (gross * step / 6).quantize(Decimal(1)), False, 0.5
        for k in range(6, 0, -1):                      # settling: jitter dying away
            jitter = s.division * rng.randint(-k, k)
            yield gross + jitter, False, 0.3
        yield gross, True, s.hold_s                    # holding still: the capture window
        for step in range(5, 0, -1):                   # driving off
            yield (gross * step / 6).quantize(Decimal(1)), False, 0.4


PROFILE_MAX = Decimal(49_000)  # the heaviest random truck of truck_profile()


class Simulator:
    def __init__(self, settings: SimulatorSettings):
        self.settings = settings
        self.protocol = protocols.get(settings.protocol)
        self._rng = random.Random(settings.seed)
        self.frames_sent = 0
        self._check_encodable()

    def _check_encodable(self) -> None:
        """Refuse at once what the protocol cannot show, rather than fall silent mid-run."""
        from app.errors import ValidationError
        q = Decimal(1).scaleb(-self.settings.decimals)
        heaviest = max(self.settings.weights, default=PROFILE_MAX) + self.settings.division * 6
        for weight in (heaviest, *self.settings.weights):
            if weight.quantize(q) != weight and weight in self.settings.weights:
                raise ValidationError(f"weights: {weight} has more than {self.settings.decimals} decimals")
            try:
                self.protocol.encode(Reading(weight=weight.quantize(q), decimals=self.settings.decimals))
            except ValueError as exc:
                raise ValidationError(f"weights: {self.settings.protocol} cannot show {weight}: {exc}") from None

    def frames(self) -> Iterator[tuple[bytes, float]]:
        """(frame bytes, seconds until the next frame) forever."""
        s = self.settings
        q = Decimal(1).scaleb(-s.decimals)
        for weight, stable, seconds in truck_profile(s, self._rng):
            reading = Reading(weight=weight.quantize(q), decimals=s.decimals, stable=stable)
            data = self.protocol.encode(reading)
            line_s = len(data) * BITS_PER_BYTE / s.baudrate
            period_s = max(line_s, 1 / FRAMES_PER_SECOND_MAX)
            for _ in range(max(1, int(seconds / period_s))):
                self.frames_sent += 1
                out = data
                if s.corrupt_every and self.frames_sent % s.corrupt_every == 0:
                    out = _corrupt(data, self._rng)
                yield out, period_s

    def run(self, write: Callable[[bytes], None], stop: threading.Event) -> None:
        """Write frames until `stop` is set, pacing them in real time."""
        s = self.settings
        next_dropout_s = time.monotonic() + s.dropout_every_s if s.dropout_every_s else None
        for data, period_s in self.frames():
            if stop.is_set():
                return
            if next_dropout_s is not None and time.monotonic() >= next_dropout_s:
                if stop.wait(s.dropout_s):
                    return
                next_dropout_s = time.monotonic() + s.dropout_every_s
            write(data)
            if stop.wait(period_s):
                return


def _corrupt(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(7))]) + data[i + 1:]


class PtyScale:
    """A simulator behind a pseudo-terminal: `path` is what a port owner opens. close()
    is the cable falling out."""

    def __init__(self, settings: SimulatorSettings):
        self.master_fd, slave_fd = os.openpty()
        tty.setraw(slave_fd)
        os.set_blocking(self.master_fd, False)  # never block the simulator on a full pty
        self.path = os.ttyname(slave_fd)
        self._slave_fd = slave_fd  # held open so the pty survives until close()
        self.simulator = Simulator(settings)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.simulator.run, args=(self._write, self._stop),
                                        name="scale simulator", daemon=True)

    def start(self) -> "PtyScale":
        self._thread.start()
        return self

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.master_fd, data)
        except OSError:  # nobody reading and the pty buffer is full: a real line drops bytes too
            pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for fd in (self.master_fd, self._slave_fd):
            try:
                os.close(fd)
            except OSError:
                pass


def with_weights(settings: SimulatorSettings, weights: list[str]) -> SimulatorSettings:
    return replace(settings, weights=tuple(Decimal(w) for w in weights))

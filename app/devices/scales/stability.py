"""Stability and capture. A weight is accepted only when the indicator says it is stable
(where it can say so) AND every frame of the recent window agrees within one division, the
newest frame is fresh, and nothing in the window was rejected. Zero, negative, overload and
"no signal" are states of their own, never a weight."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from app.devices.scales.frame import GRAMS_PER_UNIT, Frame, rejected
from app.devices.scales.settings import StabilitySettings
from app.errors import UserError

FRAMES_KEPT_MAX = 4096  # at 9600 baud ~80 frames/s: far more than any window needs


def _whole_grams(frame: Frame, default_unit: str) -> bool:
    grams = frame.weight * GRAMS_PER_UNIT[frame.unit or default_unit]
    return grams == grams.to_integral_value()


class NotStable(UserError):
    """Capture refused: the message says why (moving, empty, overload, no signal ...)."""


@dataclass(frozen=True)
class WeightState:
    weight_g: int | None
    display: str          # the newest weight as the indicator shows it, e.g. "20.00"
    unit: str
    stable: bool
    zero: bool
    negative: bool
    overload: bool
    underload: bool
    no_signal: bool
    at_s: float


NO_SIGNAL = WeightState(None, "", "kg", False, False, False, False, False, True, 0.0)


@dataclass(frozen=True)
class Capture:
    weight_g: int
    display: str
    unit: str
    frames: tuple[Frame, ...]  # the window that proved it stable (kept with the ticket)
    at_s: float


class StabilityTracker:
    """Not thread-safe: the port owner's thread feeds it and asks it (see port.py)."""

    def __init__(self, settings: StabilitySettings, default_unit: str = "kg"):
        settings.validate()
        self.settings = settings
        self.default_unit = default_unit
        self._frames: deque[Frame] = deque(maxlen=FRAMES_KEPT_MAX)
        self._since_s: float | None = None  # first frame since the last reset

    def reset(self) -> None:
        """Forget everything (after a disconnect: nothing from before may look fresh)."""
        self._frames.clear()
        self._since_s = None

    def add(self, frame: Frame) -> None:
        if frame.ok and frame.weight is not None and not _whole_grams(frame, self.default_unit):
            frame = rejected(frame.raw, frame.at_s, f"{frame.weight} {frame.unit or self.default_unit} "
                                                     f"is finer than a gram")
        previous = self._frames[-1] if self._frames else None
        if previous is not None and frame.at_s - previous.at_s > self.settings.max_age_s:
            # A silence (cable out at the indicator, port still open): what came before it
            # is not part of a steady window any more.
            self.reset()
        if self._since_s is None:
            self._since_s = frame.at_s
        self._frames.append(frame)
        horizon = frame.at_s - self.settings.window_s - 1.0
        while self._frames and self._frames[0].at_s < horizon:
            self._frames.popleft()

    def _newest_valid(self) -> Frame | None:
        for frame in reversed(self._frames):
            if frame.ok:
                return frame
        return None

    def state(self, now_s: float) -> WeightState:
        newest = self._newest_valid()
        s = self.settings
        if newest is None or now_s - newest.at_s > s.max_age_s:
            return NO_SIGNAL
        unit = newest.unit or self.default_unit
        if newest.weight is None:  # an OL/LO frame carries no weight
            return WeightState(None, "", unit, False, False, False, newest.overload, newest.underload,
                               False, newest.at_s)
        weight_g = newest.weight_g(self.default_unit)
        assert weight_g is not None
        return WeightState(weight_g, str(newest.weight), unit, self._why_not_stable(now_s) is None,
                           abs(weight_g) < s.division_g, weight_g < 0, newest.overload,
                           newest.underload, False, newest.at_s)

    def _window(self, now_s: float) -> list[Frame]:
        start = now_s - self.settings.window_s
        return [f for f in self._frames if f.at_s >= start]

    def _why_not_stable(self, now_s: float) -> str | None:
        s = self.settings
        newest = self._newest_valid()
        if newest is None or now_s - newest.at_s > s.max_age_s:
            return "no signal from the scale"
        if self._since_s is None or now_s - self._since_s < s.window_s:
            return "the scale has not been read long enough yet"
        window = self._window(now_s)
        if len(window) < s.window_frames_min:
            return "too few readings from the scale"
        if any(not f.ok for f in window):
            return "garbled readings from the scale"
        if any(f.overload for f in window):
            return "the scale is overloaded"
        if any(f.underload for f in window):
            return "the scale is under its range"
        if any(f.stable is False for f in window):
            return "the scale reports motion"
        grams = [f.weight_g(self.default_unit) for f in window]
        if any(g is None for g in grams):
            return "the scale sent readings without a weight"
        if max(grams) - min(grams) > s.division_g:
            return "the weight is still moving"
        return None

    def capture(self, now_s: float) -> Capture:
        """The stable weight with its window, or NotStable saying why."""
        reason = self._why_not_stable(now_s)
        if reason is not None:
            raise NotStable(reason)
        window = tuple(self._window(now_s))
        newest = window[-1]
        weight_g = newest.weight_g(self.default_unit)
        assert weight_g is not None
        if weight_g < 0:
            raise NotStable("the weight is negative: zero the scale")
        if weight_g < self.settings.min_weight_g:
            raise NotStable("the scale is empty")
        return Capture(weight_g, str(newest.weight), newest.unit or self.default_unit, window, newest.at_s)

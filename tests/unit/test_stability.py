"""Stability rules on hand-made frames (times are given, not measured)."""
from decimal import Decimal

import pytest

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.settings import StabilitySettings
from app.devices.scales.stability import NotStable, StabilityTracker

S = StabilitySettings(window_s=2.0, window_frames_min=10, division_g=20_000, min_weight_g=200_000)


def feed(tracker, weights_kg, start_s=0.0, step_s=0.1, **flags):
    t = start_s
    for w in weights_kg:
        tracker.add(Frame(raw=b"x", at_s=t, weight=Decimal(w), unit="kg", **flags))
        t += step_s
    return t - step_s


def test_steady_window_captures_the_newest_weight():
    tr = StabilityTracker(S)
    last = feed(tr, [12340] * 25)
    cap = tr.capture(last + 0.1)
    assert cap.weight_g == 12_340_000 and cap.display == "12340" and len(cap.frames) >= 10


@pytest.mark.parametrize("weights, now_offset, reason", [
    ([12340] * 5, 0.1, "not been read long enough"),
    ([12340] * 24 + [12380], 0.1, "still moving"),
    ([12340] * 25, 0.6, "no signal"),
    ([100] * 25, 0.1, "empty"),
    ([-40] * 25, 0.1, "negative"),
])
def test_refusals_say_why(weights, now_offset, reason):
    tr = StabilityTracker(S)
    last = feed(tr, weights)
    with pytest.raises(NotStable, match=reason):
        tr.capture(last + now_offset)


def test_a_rejected_frame_in_the_window_blocks_capture():
    tr = StabilityTracker(S)
    last = feed(tr, [12340] * 25)
    tr.add(rejected(b"\x02garbage", last + 0.05, "bad checksum"))
    with pytest.raises(NotStable, match="garbled"):
        tr.capture(last + 0.1)


def test_indicator_motion_flag_is_respected():
    tr = StabilityTracker(S)
    last = feed(tr, [12340] * 25, stable=False)
    with pytest.raises(NotStable, match="motion"):
        tr.capture(last + 0.1)


def test_overload_is_a_state_not_a_weight():
    tr = StabilityTracker(S)
    last = feed(tr, [12340] * 20)
    tr.add(Frame(raw=b"OL", at_s=last + 0.1, overload=True))
    state = tr.state(last + 0.15)
    with pytest.raises(NotStable, match="overloaded"):
        tr.capture(last + 0.15)
    assert state.overload and state.weight_g is None


def test_reset_forgets_everything():
    tr = StabilityTracker(S)
    last = feed(tr, [12340] * 25)
    tr.reset()
    assert tr.state(last).no_signal
    with pytest.raises(NotStable, match="no signal"):
        tr.capture(last)


def test_a_silence_empties_the_window():
    """Cable out at the indicator, port still open: the readings before the silence no longer
    count, so one fresh frame cannot complete a window."""
    tr = StabilityTracker(S)
    last = feed(tr, [30000] * 25)
    tr.add(Frame(raw=b"x", at_s=last + 1.2, weight=Decimal(30000), unit="kg"))
    with pytest.raises(NotStable, match="not been read long enough"):
        tr.capture(last + 1.25)


def test_a_weight_finer_than_a_gram_is_rejected_not_a_crash():
    tr = StabilityTracker(S, default_unit="kg")
    tr.add(Frame(raw=b"x", at_s=0.0, weight=Decimal("1.2345"), unit=None))
    assert tr.state(0.1).no_signal
    with pytest.raises(NotStable, match="no signal"):
        tr.capture(0.1)

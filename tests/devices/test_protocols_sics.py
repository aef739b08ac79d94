"""sics: MT-SICS weight replies (S S / S D / S + / S - / S I, ES ET EL) and the SI poll."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, every_chunking

P = get("sics")


def test_the_manual_example():
    [f] = decode("sics", b"S S     100.00 g\r\n")
    assert (str(f.weight), f.unit, f.stable, f.net, f.overload) == ("100.00", "g", True, None, False)


@pytest.mark.parametrize("line,weight,unit,stable", [
    (b"S D      12.345 kg\r\n", "12.345", "kg", False),
    (b"S S     -0.020 t\r\n", "-0.020", "t", True),
    (b"S S 49950 kg\r\n", "49950", "kg", True),          # blanks counted loosely
    (b"S S      1.000 kg   \r\n", "1.000", "kg", True),  # trailing blanks
    (b"S S      1.000 kg\n", "1.000", "kg", True),       # LF alone
])
def test_weight_replies(line, weight, unit, stable):
    [f] = decode("sics", line)
    assert (str(f.weight), f.unit, f.stable) == (weight, unit, stable)


def test_over_and_underload():
    over, under = decode("sics", b"S +\r\nS -\r\n")
    assert (over.ok, over.overload, over.underload, over.weight) == (True, True, False, None)
    assert (under.overload, under.underload) == (False, True)


@pytest.mark.parametrize("line,meaning", [
    (b"S I\r\n", "not executable"), (b"ES\r\n", "syntax error"), (b"ET\r\n", "transmission error"),
    (b"EL\r\n", "logical error"), (b"S S      1.00 lb\r\n", "unit lb not supported"),
    (b"S S    1.5 g\r\n", "finer than 1 g"), (b"S S  0.00001 kg\r\n", "5 decimals"),
    (b"I4 A \"B021002593\"\r\n", "garbage"),  # a reply to another command
])
def test_errors_are_rejected_with_their_meaning(line, meaning):
    [f] = decode("sics", line)
    assert not f.ok and meaning in f.error


def test_garbage_glued_to_a_line_is_reported_apart():
    frames = every_chunking("sics", b"\x00\xffS S  S S     100.00 g\r\nS S    100.010 kg\r\n")
    assert [f.raw for f in frames if not f.ok] == [b"\x00\xffS S"]  # blanks go with the frame
    assert [str(f.weight) for f in accepted(frames)] == ["100.00", "100.010"]


def test_a_stream_that_starts_mid_line_and_one_that_ends_mid_line():
    frames = every_chunking("sics", b"00 g\r\nS D       5.00 kg\r\nS D   ")
    assert [f.error for f in frames] == ["garbage: no frame here", None, "incomplete frame at end of input"]


def test_poll_and_encode():
    assert P.poll(1) == b"SI\r\n"
    assert P.encode(Reading(Decimal("100.00"), 2, unit="g")) == b"S S     100.00 g\r\n"
    for reading in (Reading(Decimal("-1.5"), 1, stable=False), Reading(Decimal(49950), 0, unit="kg"),
                    Reading(Decimal("0.0200"), 4, unit="t")):
        [f] = decode("sics", P.encode(reading))
        assert (f.weight, f.unit, f.stable) == (reading.weight, reading.unit, reading.stable)
    assert P.encode(Reading(Decimal(0), overload=True)) == b"S +\r\n"

"""ascii: 'ST,GS,+0012.34kg' CR LF lines and the variations indicators send."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, errors, every_chunking

P = get("ascii")


@pytest.mark.parametrize("line,weight,unit,stable,net", [
    (b"ST,GS,+0012.34kg\r\n", "12.34", "kg", True, False),
    (b"US,NT,-0012.34kg\r\n", "-12.34", "kg", False, True),
    (b"ST , GS , +  12.34 kg\r\n", "12.34", "kg", True, False),   # blanks
    (b"ST,GS,0012.34kg\r\n", "12.34", "kg", True, False),         # no sign
    (b"ST,NET,+0012.34KG\r\n", "12.34", "kg", True, True),        # NET, upper case
    (b"ST,GR,+012.345 t\r\n", "12.345", "t", True, False),        # GR, tonnes
    (b"ST,GS,+0012340\r\n", "12340", None, True, False),          # no unit: the setting applies
    (b"ST,GS,+1234567  g\r\n", "1234567", "g", True, False),
    (b"  ST,GS,+0012.34kg\n", "12.34", "kg", True, False),        # leading blanks, LF alone
])
def test_lines(line, weight, unit, stable, net):
    [f] = decode("ascii", line)
    assert (str(f.weight), f.unit, f.stable, f.net) == (weight, unit, stable, net)


def test_overload_lines_carry_blanks():
    over, under = decode("ascii", b"OL,GS,+            \r\nOL,GS,-        kg\r\n")
    assert (over.ok, over.overload, over.weight, over.stable) == (True, True, None, False)
    assert (under.underload, under.unit) == (True, "kg")


@pytest.mark.parametrize("line,reason", [
    (b"ST,TR,+0001.00kg\r\n", "tare line"), (b"ST,GS,+0012.34lb\r\n", "unit lb not supported"),
    (b"ST,GS,+\r\n", "no weight"), (b"XX,GS,+0012.34kg\r\n", "garbage"),
])
def test_rejected_lines(line, reason):
    assert reason in errors(decode("ascii", line))[0]


def test_garbage_before_a_line_is_reported_apart_in_any_chunking():
    frames = every_chunking("ascii", b"kg\r\n\x13GS,ST,GS,+0012.34kg\r\nUS,GS,+0012.36kg\r\n")
    assert [f.raw for f in frames if not f.ok] == [b"kg\r\n\x13GS,"]
    assert [(str(f.weight), f.stable) for f in accepted(frames)] == [("12.34", True), ("12.36", False)]


def test_encode_round_trip():
    for reading in (Reading(Decimal("12.34"), 2), Reading(Decimal("-1.5"), 1, stable=False, net=True),
                    Reading(Decimal(49950), 0), Reading(Decimal("12.3450"), 4, unit="t")):
        [f] = decode("ascii", P.encode(reading))
        assert (f.weight, f.unit, f.stable, f.net) == \
            (reading.weight, reading.unit, reading.stable, reading.net)
    assert P.encode(Reading(Decimal("12.34"), 2)) == b"ST,GS,+0012.34kg\r\n"
    [f] = decode("ascii", P.encode(Reading(Decimal(0), overload=True)))
    assert f.overload and f.weight is None

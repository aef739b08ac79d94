"""yaohua-a12: XK3190-A12(E) 'WG004.139kg' + XOR CR LF, and its OL / LO frames."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, errors, every_chunking

P = get("yaohua-a12")
MANUAL = bytes.fromhex("57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A")  # 4.139 kg, manual's example
OVERLOAD = b" " * 9 + b"OL23\r\n"
UNDERLOAD = b" " * 9 + b"LO23\r\n"


def frame(body: bytes) -> bytes:
    x = 0
    for b in body:
        x ^= b
    return body + f"{x:02X}".encode() + b"\r\n"


def test_the_manual_example():
    assert frame(b"WG004.139kg") == MANUAL
    [f] = decode("yaohua-a12", MANUAL)
    assert (str(f.weight), f.unit, f.net, f.stable) == ("4.139", "kg", False, None)


def test_overload_and_underload_frames():
    assert frame(b" " * 9 + b"OL") == OVERLOAD  # the manual's checksum "23"
    over, under = decode("yaohua-a12", OVERLOAD + UNDERLOAD)
    assert (over.ok, over.overload, over.underload, over.weight) == (True, True, False, None)
    assert (under.overload, under.underload) == (False, True)


@pytest.mark.parametrize("field,shown", [
    (b"004.139", "4.139"), (b"-04.139", "-4.139"), (b"001234 ", "1234"), (b"-01234 ", "-1234"),
    (b"00012.5", "12.5"), (b"0012.50", "12.50"), (b"01.2340", "1.2340"),
])
def test_net_negative_and_no_decimal_point(field, shown):
    [f] = decode("yaohua-a12", frame(b"WN" + field + b"kg"))
    assert (str(f.weight), f.net) == (shown, True)


def test_bad_checksum_then_resync():
    bad = MANUAL[:4] + b"5" + MANUAL[5:]
    frames = every_chunking("yaohua-a12", b"kg3D\r\n" + bad + MANUAL + OVERLOAD)
    assert errors(frames)[0] == "garbage: no frame here"
    assert errors(frames)[1].startswith("bad checksum")
    assert [f.weight for f in accepted(frames)] == [Decimal("4.139"), None]


def test_unsupported_unit_and_nonsense_weight_are_rejected():
    assert errors(decode("yaohua-a12", frame(b"WG004.139lb"))) == ["unit lb not supported"]
    assert "not a number" in errors(decode("yaohua-a12", frame(b"WG0-4.139kg")))[0]


def test_encode_round_trip():
    for reading in (Reading(Decimal("4.139"), 3), Reading(Decimal("-4.139"), 3, net=True),
                    Reading(Decimal(1234), 0), Reading(Decimal("-12.5"), 1), Reading(Decimal(0), 0)):
        [f] = decode("yaohua-a12", P.encode(reading))
        assert (f.weight, f.net) == (reading.weight, reading.net)
    assert P.encode(Reading(Decimal("4.139"), 3)) == MANUAL
    assert P.encode(Reading(Decimal(0), overload=True)) == OVERLOAD
    assert P.encode(Reading(Decimal(0), underload=True)) == UNDERLOAD
    with pytest.raises(ValueError):
        P.encode(Reading(Decimal(1), unit="t"))

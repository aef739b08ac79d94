"""toledo: METTLER TOLEDO standard continuous output, with and without checksum, 7E1 or 8N1."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, errors, every_chunking

P = get("toledo")
KG, NET, NEG, RANGE, MOTION = 0x10, 0x01, 0x02, 0x04, 0x08


def frame(code: int, swb: int, weight: str, swc: int = 0, checksum: bool = True,
          tare: str = "000000") -> bytes:
    """Built from the Wildcat tables: status bytes have bit 5 set."""
    body = bytes([0x02, 0x20 | 0x08 | code, 0x20 | swb, 0x20 | swc]) + weight.encode() + tare.encode() + b"\r"
    if not checksum:
        return body
    return body + bytes([-sum(body) & 0x7F])


def with_parity(data: bytes) -> bytes:
    """Even parity in bit 7, as a 7E1 line looks when read as 8N1."""
    return bytes(b | (0x80 if bin(b).count("1") % 2 else 0) for b in data)


def test_checksum_makes_the_frame_sum_to_zero_modulo_128():
    raw = frame(4, KG, "002000")
    assert sum(raw) % 128 == 0
    [f] = decode("toledo", raw)
    assert (str(f.weight), f.unit, f.stable, f.net, f.overload) == ("20.00", "kg", True, False, False)


@pytest.mark.parametrize("code,digits,shown", [
    (0, "001234", "123400"), (1, "001234", "12340"), (2, "001234", "1234"), (3, "001234", "123.4"),
    (4, "001234", "12.34"), (5, "001234", "1.234"), (6, "001230", "0.1230"),
])
def test_decimal_codes(code, digits, shown):
    [f] = decode("toledo", frame(code, KG, digits))
    assert str(f.weight) == shown


def test_five_decimals_lb_and_less_than_a_gram_are_rejected():
    assert "5 decimals" in errors(decode("toledo", frame(7, KG, "001234")))[0]
    assert "finer than 1 g" in errors(decode("toledo", frame(6, KG, "001234")))[0]
    assert errors(decode("toledo", frame(2, 0, "001234"))) == ["unit lb not supported"]


def test_status_bits():
    [f] = decode("toledo", frame(2, KG | NET | NEG | MOTION, "000500"))
    assert (str(f.weight), f.net, f.stable) == ("-500", True, False)
    over, under = decode("toledo", frame(2, KG | RANGE, "000000") + frame(2, KG | RANGE | NEG, "000000"))
    assert (over.overload, over.underload, over.weight) == (True, False, None)
    assert (under.overload, under.underload) == (False, True)
    grams, tonnes = decode("toledo", frame(2, 0, "000500", swc=1) + frame(4, 0, "001250", swc=2))
    assert (str(grams.weight), grams.unit, str(tonnes.weight), tonnes.unit) == ("500", "g", "12.50", "t")


def test_a_stream_without_checksums():
    stream = frame(2, KG, "001000", checksum=False) * 3 + frame(2, KG, "  1010", checksum=False)
    frames = every_chunking("toledo", stream)
    assert [str(f.weight) for f in frames] == ["1000", "1000", "1000", "1010"]


def test_parity_bits_are_masked():
    stream = with_parity(frame(4, KG, "002000") * 2)
    assert [str(f.weight) for f in every_chunking("toledo", stream)] == ["20.00", "20.00"]


def test_bad_checksum_is_rejected_and_the_stream_resynchronises():
    good = frame(4, KG, "002000")
    bad = good[:-1] + bytes([(good[-1] + 1) & 0x7F])
    frames = every_chunking("toledo", good[9:] + good + bad + good)
    assert errors(frames)[0] == "garbage: no frame here"
    assert errors(frames)[1].startswith("bad checksum")
    assert [str(f.weight) for f in accepted(frames)] == ["20.00", "20.00"]


def test_a_checksum_that_is_an_stx():
    # weight 899999 makes the checksum 02h, the same byte as STX: with or without checksums
    raw = frame(2, KG, "899999")
    assert raw[-1] == 0x02
    assert [str(f.weight) for f in every_chunking("toledo", raw * 3)] == ["899999"] * 3
    bare = raw[:-1]
    assert [str(f.weight) for f in every_chunking("toledo", bare * 3)] == ["899999"] * 3


def test_a_missing_checksum_in_a_checksummed_stream_is_rejected_then_followed():
    good, bare = frame(2, KG, "001000"), frame(2, KG, "001010", checksum=False)
    frames = every_chunking("toledo", good + bare + bare + bare)
    assert errors(frames) == [f"bad checksum: {-sum(bare) & 0x7F:02X} expected"]
    assert [str(f.weight) for f in accepted(frames)] == ["1000", "1010", "1010"]


def test_encode_round_trip():
    for reading in (Reading(Decimal("20.00"), 2), Reading(Decimal("-1.5"), 1, stable=False, net=True),
                    Reading(Decimal(123456), 0, unit="g"), Reading(Decimal("12.3456"), 4, unit="t")):
        [f] = decode("toledo", P.encode(reading))
        assert (f.weight, f.unit, f.stable, f.net) == \
            (reading.weight, reading.unit, reading.stable, reading.net)
    [f] = decode("toledo", P.encode(Reading(Decimal(0), overload=True)))
    assert f.overload and f.weight is None

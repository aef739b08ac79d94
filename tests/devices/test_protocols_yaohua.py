"""yaohua: XK3190 continuous tF=0 (12 bytes, XOR) and command-mode replies."""
from decimal import Decimal

import pytest

from app.devices.scales.protocol import BUFFER_MAX_BYTES, Reading, get
from tests.devices.test_protocols_helpers import accepted, decode, errors, every_chunking

P = get("yaohua")
MANUAL = bytes.fromhex("02 2B 30 30 32 30 30 30 32 31 42 03")  # DESIGN.md: +20.00, XOR 1Bh


def frame(sign: str, digits: str, decimals: int, nibble_style: str = "hex") -> bytes:
    """Built here from the manual's rule, not with the encoder under test."""
    body = f"{sign}{digits}{decimals}".encode()
    x = 0
    for b in body:
        x ^= b
    if nibble_style == "hex":
        check = f"{x:02X}".encode()
    else:  # nibble + 30h for every value
        check = bytes([0x30 + (x >> 4), 0x30 + (x & 15)])
    return b"\x02" + body + check + b"\x03"


def test_the_example_in_design_md_is_plus_20_00():
    assert frame("+", "002000", 2) == MANUAL
    [f] = decode("yaohua", MANUAL)
    assert (f.weight, str(f.weight), f.unit, f.stable, f.net, f.overload) == \
        (Decimal("20.00"), "20.00", None, None, None, False)


def test_nibbles_sent_as_value_plus_30h_are_accepted():
    raw = frame("+", "002000", 2, nibble_style="plus30")
    assert raw[9:11] == b"1;"  # 1Bh: the low nibble B is sent as ';'
    assert accepted(decode("yaohua", raw))[0].weight == Decimal("20.00")


@pytest.mark.parametrize("sign,digits,decimals,shown", [
    ("+", "000000", 0, "0"), ("+", "123456", 0, "123456"), ("-", "000150", 1, "-15.0"),
    ("+", "002000", 2, "20.00"), ("-", "000100", 2, "-1.00"), ("+", "012345", 3, "12.345"),
    ("+", "054321", 4, "5.4321"),
])
def test_signs_and_decimals_0_to_4(sign, digits, decimals, shown):
    [f] = decode("yaohua", frame(sign, digits, decimals))
    assert str(f.weight) == shown


def test_decimals_beyond_4_are_rejected():
    assert "decimals 5" in errors(decode("yaohua", frame("+", "000001", 5)))[0]


def test_bad_checksum_is_rejected_and_the_next_frame_is_read():
    bad = bytearray(MANUAL)
    bad[4] = ord("3")  # +30.00 with the XOR of +20.00
    frames = decode("yaohua", bytes(bad) + MANUAL)
    assert errors(frames)[0].startswith("bad checksum")
    assert [f.weight for f in accepted(frames)] == [Decimal("20.00")]


def test_frames_split_across_reads_and_a_stream_that_starts_mid_frame():
    stream = MANUAL[5:] + frame("-", "000100", 2) + MANUAL + frame("+", "001234", 0)
    frames = every_chunking("yaohua", stream)
    assert errors(frames) == ["garbage: no frame here"]
    assert [str(f.weight) for f in accepted(frames)] == ["-1.00", "20.00", "1234"]


def test_a_garbage_run_is_one_rejected_frame():
    frames = decode("yaohua", bytes(range(0x20, 0x7F)) + MANUAL, [1])
    assert len(errors(frames)) == 1 and accepted(frames)[0].weight == Decimal("20.00")


def test_buffer_stays_bounded_on_endless_noise():
    decoder = P.make_decoder()
    out = []
    for _ in range(100):
        out += decoder.feed(b"\x02+0000", 0.0)  # a frame start that never completes
        assert len(decoder._buf) <= BUFFER_MAX_BYTES
    assert out and not any(f.ok for f in out)


def test_end_of_input_reports_the_incomplete_frame():
    frames = decode("yaohua", MANUAL + MANUAL[:7])
    assert errors(frames) == ["incomplete frame at end of input"]
    assert frames[-1].raw == MANUAL[:7]


def test_command_mode_poll_and_replies():
    assert P.poll(1) == b"\x02AB03\x03"  # 'A' ^ 'B' = 03h
    assert P.poll(26) == b"\x02ZB18\x03"
    for bad in (0, 27):
        with pytest.raises(ValueError):
            P.poll(bad)

    def reply(body: bytes) -> bytes:
        x = 0
        for b in body:
            x ^= b
        return b"\x02" + body + f"{x:02X}".encode() + b"\x03"

    gross, net = reply(b"AB+0020002"), reply(b"AD-0001002")
    tare, hello = reply(b"AC+0005002"), reply(b"AA")
    frames = every_chunking("yaohua", gross + net + tare + hello)
    assert [(str(f.weight), f.net) for f in accepted(frames)] == [("20.00", False), ("-1.00", True)]
    assert [e.split(" (")[0] for e in errors(frames)] == ["tare reply", "handshake reply"]


def test_encode_round_trip_and_what_it_refuses():
    for weight, decimals in ((Decimal("20.00"), 2), (Decimal("-1.5"), 1), (Decimal(49950), 0),
                             (Decimal("0.1234"), 4)):
        raw = P.encode(Reading(weight=weight, decimals=decimals))
        assert accepted(decode("yaohua", raw))[0].weight == weight
    assert P.encode(Reading(weight=Decimal("20.00"), decimals=2)) == MANUAL
    for reading in (Reading(Decimal(1), overload=True), Reading(Decimal(1_000_000)),
                    Reading(Decimal("1.25"), decimals=1)):
        with pytest.raises(ValueError):
            P.encode(reading)

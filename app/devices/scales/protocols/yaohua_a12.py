"""Yaohua XK3190-A12(E) continuous output.

Source: XK3190-A12(E) manual, "Communication mode":
(1) weighing: 15 bytes, 'W', 'G' (gross) or 'N' (net), bytes 3..9 the weight including its
point ('-' in byte 3 when negative; byte 9 blank when there is no point), 'k' 'g', XOR-hi,
XOR-lo, CR, LF. XOR of bytes 1..11, nibbles sent as ASCII (+30h / +37h, as on the A9).
The manual's example, 4.139 kg: 57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A (XOR 3Dh: checked).
(2) overload (gross > Max + 9e): bytes 1..9 blank, 'O' 'L', '2' '3', CR LF.
(3) below -20d: bytes 1..9 blank, 'L' 'O', '2' '3', CR LF (the manual prints "L023"; XOR of
nine blanks, 'L' and 'O' is 23h, so the letter is O).
No stable flag.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import (
    NIBBLE_CHARS, displayed, is_negative, nibbles, unit_of, weight_frame, xor, xor_ok,
)
from app.devices.scales.protocols._stream import StreamDecoder, layout_match

CR, LF, BLANK = 0x0D, 0x0A, 0x20
WEIGHT_CHARS = frozenset(b"0123456789.- ")
LETTER = frozenset(range(0x41, 0x5B)) | frozenset(range(0x61, 0x7B)) | {BLANK}
NIB = NIBBLE_CHARS
END = (NIB, NIB, frozenset({CR}), frozenset({LF}))
WEIGHING = (frozenset(b"W"), frozenset(b"GN"), *[WEIGHT_CHARS] * 7, LETTER, LETTER, *END)
OUT_OF_RANGE = (*[frozenset({BLANK})] * 9, frozenset(b"OL"), frozenset(b"OL"), *END)
VALUE = re.compile(r" *(-?[0-9]+(?:\.[0-9]+)?) ?")


class YaohuaA12Decoder(StreamDecoder):
    def match(self, buf: bytearray, i: int, final: bool) -> int:
        first = buf[i]
        if first == ord("W"):
            return layout_match(buf, i, WEIGHING)
        if first == BLANK:
            return layout_match(buf, i, OUT_OF_RANGE)
        return -1

    def decode(self, raw: bytes, at_s: float) -> Frame:
        if not xor_ok(raw[:11], raw[11], raw[12]):
            said = raw[11:13].decode("latin-1")
            return rejected(raw, at_s, f"bad checksum: XOR is {xor(raw[:11]):02X}, the frame says {said}")
        text = raw[:11].decode("latin-1")
        if text[0] == " ":
            if text[9:] == "OL":
                return Frame(raw=raw, at_s=at_s, overload=True)
            if text[9:] == "LO":
                return Frame(raw=raw, at_s=at_s, underload=True)
            return rejected(raw, at_s, f"{text[9:]!r}: OL or LO expected")
        m = VALUE.fullmatch(text[2:9])
        if not m:
            return rejected(raw, at_s, f"weight {text[2:9]!r} is not a number")
        unit, reason = unit_of(text[9:11])
        if reason or unit is None:
            return rejected(raw, at_s, reason or "no unit")
        return weight_frame(raw, at_s, Decimal(m.group(1)), unit, stable=None, net=text[1] == "N")


def encode(reading: Reading) -> bytes:
    if reading.overload or reading.underload:
        body = b" " * 9 + (b"OL" if reading.overload else b"LO")
    else:
        if reading.unit != "kg":
            raise ValueError(f"yaohua-a12: the indicator sends kg, not {reading.unit}")
        negative = is_negative(reading.weight)
        width = 7 if reading.decimals else 6  # no point: the value ends a byte early, the 9th is blank
        value = displayed(reading.weight, reading.decimals, width - negative)
        value = ("-" if negative else "") + value + ("" if reading.decimals else " ")
        body = b"W" + (b"N" if reading.net else b"G") + value.encode() + b"kg"
    return body + nibbles(xor(body)) + b"\r\n"


PROTOCOL = register(ScaleProtocol(
    name="yaohua-a12",
    title="Yaohua XK3190-A12(E) continuous 'WG004.139kg' + XOR, CR LF; OL/LO frames",
    make_decoder=YaohuaA12Decoder,
    encode=encode,
    default_baud=9600,
    notes="No stable flag. OL: over Max + 9e; LO: below -20d.",
))

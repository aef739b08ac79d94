"""Yaohua XK3190 indicators (A9, A9+, A26, D2, DS3 and their clones): continuous output (tF=0)
and command mode (tF=1 on the A9+).

Sources: XK3190-A9+ manual, "Connection between serial communication interface and indicator",
(1) continuous method (tF=0) and (2) order method; XK3190-A26 manual, "Continuous communication
format 0"; XK3190-A23P manual (the XOR note); XK3190-DS3 manual (command replies).

Continuous, 12 bytes: STX, '+'|'-', 6 digits MSD first, decimals '0'..'4' (from the right),
XOR-hi, XOR-lo, ETX. XOR of bytes 2..9; each nibble sent as ASCII (+30h if <= 9, +37h if > 9).
Some firmware adds 30h to every nibble (':'..'?'): both are accepted. DESIGN.md's example
02 2B 30 30 32 30 30 30 32 31 42 03 = +20.00 checks out (XOR 1Bh).
Command mode: the PC sends STX, address 'A'..'Z' (address 1..26), command ('A' handshake,
'B' gross, 'C' tare, 'D' net, 'E'/'F' truck/cargo number), XOR-hi, XOR-lo, ETX (XOR of address
and command). The reply repeats address and command; for B/C/D it carries sign, 6 digits and
decimals (14 bytes), for A nothing (6 bytes); XOR from the address to the last data byte.
No stable flag (stability is computed) and no unit (the counter's settings say kg or t). The
manuals give no overload frame: `encode` refuses overload readings.
"""
from __future__ import annotations

from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import (
    NIBBLE_CHARS, digits_of, is_negative, nibbles, weight_frame, xor, xor_ok,
)
from app.devices.scales.protocols._stream import StreamDecoder, layout_match

STX, ETX = 0x02, 0x03
SIGN = frozenset(b"+-")
DIGIT = frozenset(b"0123456789")
NIB = NIBBLE_CHARS
ADDRESS = frozenset(range(ord("A"), ord("Z") + 1))
CONTINUOUS = (frozenset({STX}), SIGN, *[DIGIT] * 6, DIGIT, NIB, NIB, frozenset({ETX}))
REPLY_WEIGHT = (frozenset({STX}), ADDRESS, frozenset(b"BCD"), SIGN, *[DIGIT] * 6, DIGIT, NIB, NIB,
                frozenset({ETX}))
REPLY_HANDSHAKE = (frozenset({STX}), ADDRESS, frozenset(b"A"), NIB, NIB, frozenset({ETX}))
REPLY_OTHER_MAX = 40  # E/F replies carry a truck or cargo number of a length no manual gives


class YaohuaDecoder(StreamDecoder):
    def match(self, buf: bytearray, i: int, final: bool) -> int:
        if buf[i] != STX:
            return -1
        if len(buf) - i < 3:
            return 0 if len(buf) - i == 1 or buf[i + 1] in SIGN | ADDRESS else -1
        second, third = buf[i + 1], buf[i + 2]
        if second in SIGN:
            return layout_match(buf, i, CONTINUOUS)
        if second not in ADDRESS:
            return -1
        if third in b"BCD":
            return layout_match(buf, i, REPLY_WEIGHT)
        if third == ord("A"):
            return layout_match(buf, i, REPLY_HANDSHAKE)
        if third in b"EF":
            end = buf.find(ETX, i + 3, i + REPLY_OTHER_MAX)
            if end >= 0 and STX not in buf[i + 1:end]:
                return end + 1 - i
            return 0 if end < 0 and len(buf) - i < REPLY_OTHER_MAX and STX not in buf[i + 1:] else -1
        return -1

    def decode(self, raw: bytes, at_s: float) -> Frame:
        if not xor_ok(raw[1:-3], raw[-3], raw[-2]):
            said = raw[-3:-1].decode("latin-1")
            return rejected(raw, at_s, f"bad checksum: XOR is {xor(raw[1:-3]):02X}, the frame says {said}")
        if raw[1] in SIGN:
            return _weight(raw, at_s, raw[1:9], net=None)
        command = chr(raw[2])
        if command == "B":
            return _weight(raw, at_s, raw[3:11], net=False)
        if command == "D":
            return _weight(raw, at_s, raw[3:11], net=True)
        what = {"A": "handshake reply", "C": "tare reply", "E": "truck number reply",
                "F": "cargo number reply"}[command]
        return rejected(raw, at_s, f"{what} (command {command}): not a weight")


def _weight(raw: bytes, at_s: float, field: bytes, net: bool | None) -> Frame:
    """field: sign, 6 digits, decimals."""
    decimals = field[7] - 0x30
    if decimals > 4:
        return rejected(raw, at_s, f"decimals {decimals}: the manual allows 0 to 4")
    digits = field[1:7].decode()
    text = f"{digits[:6 - decimals]}.{digits[6 - decimals:]}" if decimals else digits
    return weight_frame(raw, at_s, Decimal(chr(field[0]) + text), None, stable=None, net=net)


def encode(reading: Reading) -> bytes:
    if reading.overload or reading.underload:
        raise ValueError("yaohua: the continuous format has no overload or underload frame")
    body = (b"-" if is_negative(reading.weight) else b"+") \
        + digits_of(reading.weight, reading.decimals, 6).encode() + str(reading.decimals).encode()
    return bytes([STX]) + body + nibbles(xor(body)) + bytes([ETX])


def poll(address: int) -> bytes:
    """Command B (gross weight) to indicator `address` (1..26, sent as 'A'..'Z')."""
    if not 1 <= address <= 26:
        raise ValueError(f"yaohua: indicator address {address}: 1 to 26 (sent as A to Z)")
    body = bytes([0x40 + address]) + b"B"
    return bytes([STX]) + body + nibbles(xor(body)) + bytes([ETX])


PROTOCOL = register(ScaleProtocol(
    name="yaohua",
    title="Yaohua XK3190 (A9, A26, D2...) continuous tF=0, 12 bytes STX..ETX with XOR",
    make_decoder=YaohuaDecoder,
    encode=encode,
    default_baud=9600,
    poll=poll,
    notes="No stable flag and no unit in the frame. With an address set the indicator is polled "
          "(A9+ tF=1, command B: gross weight); addresses 1 to 26.",
))

"""Yaohua XK3190 '=' format: the displayed value written backwards, frames separated by '='.

Source: XK3190-A26 manual, "Continuous communication format 1": 9 bytes, '=' then the 7
characters of the displayed value including its point, least significant first, then the sign
'0' (positive) or '-'. The manual's examples: 3.000 -> '=000.3000', -1.00 -> '=00.1000-'.
Older firmware sends the reversed value followed by '=' and no sign: '543.210=' is 12.345
(DESIGN.md section 6; no manual found for it). No checksum, no stable flag, no unit.
(The A26's "format 2", '=' sign then the value MSD first, is a different protocol: for a positive
weight it cannot be told from format 1, so it is not guessed at here.)

The two variants share their separator, which makes them ambiguous: a new-style frame that
lost one byte looks like an old-style one, with a wrong value. So a stream is locked to the first
variant it shows unambiguously, and an old-style value counts only right after a separator;
everything else is reported as rejected, never read as a weight. A lock under which UNLOCK_AFTER
bytes in a row fit no frame is dropped (noise at the start of a stream may have set it).
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import displayed, is_negative, weight_frame
from app.devices.scales.protocols._stream import StreamDecoder

EQ = ord("=")
VALUE = re.compile(r"[0-9]+(?:\.[0-9]{1,4})?")  # the 7 characters as displayed (MSD first)
UNLOCK_AFTER = 64  # bytes since the last frame that fit no frame of the locked variant
NEW, OLD = "sign last, '=' first", "no sign, '=' after"


class YaohuaEqDecoder(StreamDecoder):
    def __init__(self) -> None:
        super().__init__()
        self.variant: str | None = None
        self._misses = 0

    def match(self, buf: bytearray, i: int, final: bool) -> int:
        n = self._match(buf, i)
        if n < 0:
            self._misses -= n
            if self._misses >= UNLOCK_AFTER:
                self.variant, self._misses = None, 0
        return n

    def _match(self, buf: bytearray, i: int) -> int:
        if buf[i] == EQ:
            if self.variant == OLD:
                return -1                        # the separator after an old-style value
            nxt = buf.find(EQ, i + 1, i + 9)
            if nxt < 0:
                return 9 if len(buf) - i >= 9 else 0
            if nxt - i - 1 == 7 and self.variant is None:
                return -1                        # '=' 7 chars '=': an old-style value follows
            return -(nxt - i)
        if self.variant == NEW or self.byte_before(buf, i) != EQ:
            nxt = buf.find(EQ, i)                # not right after a separator: not a value
            return -((nxt if nxt >= 0 else len(buf)) - i)
        nxt = buf.find(EQ, i, i + 8)
        if nxt < 0:
            return 0 if len(buf) - i < 8 else -1
        return 8 if nxt - i == 7 else -(nxt - i)

    def decode(self, raw: bytes, at_s: float) -> Frame:
        text = raw.decode("latin-1")
        if text[0] == "=":
            value, sign = text[1:8][::-1], text[8]
            if sign not in "0-":
                return rejected(raw, at_s, f"sign character {sign!r}: '0' or '-' expected")
            variant = NEW
        else:
            value, sign, variant = text[:7][::-1], "0", OLD
        if not VALUE.fullmatch(value):
            return rejected(raw, at_s, f"not a displayed value: {value!r}")
        self.variant, self._misses = variant, 0
        weight = Decimal(("-" if sign == "-" else "") + value)
        return weight_frame(raw, at_s, weight, None, stable=None, net=None)


def encode(reading: Reading) -> bytes:
    """The current variant (A26 format 1): '=' value backwards, sign."""
    if reading.overload or reading.underload:
        raise ValueError("yaohua-eq: the format has no overload or underload frame")
    text = displayed(reading.weight, reading.decimals, 7)
    return f"={text[::-1]}{'-' if is_negative(reading.weight) else '0'}".encode()


PROTOCOL = register(ScaleProtocol(
    name="yaohua-eq",
    title="Yaohua XK3190 '=' format (value backwards, '=000.3000' = 3.000; old '543.210=')",
    make_decoder=YaohuaEqDecoder,
    encode=encode,
    default_baud=9600,
    notes="No checksum, no stable flag, no unit. The stream locks to the variant it shows first.",
))

"""METTLER TOLEDO standard continuous output, and the many indicators that copy it.

Sources: METTLER TOLEDO Wildcat technical manual, Appendix 2 "Continuous Mode Output" (Table 6-8)
and "Status Byte Definition" (Tables 6-9 to 6-11); Rockwell 57C428 Toledo scale interface,
Appendix D; KERN FTC manual 5.2.2; LIDEN LUW2001 Appendix 1; a Chinese OEM description of the
format (cnblogs "梅特勒托利多衡器串口连续输出数据格式的说明").
Frame: STX, SWA, SWB, SWC, 6 digits of displayed weight, 6 digits of tare, CR, and an optional
checksum: the two's complement of the sum of the seven low bits of every byte before it, STX
and CR included (so the 18 bytes sum to 0 modulo 128).
SWA bits 0-2: 0 -> x100, 1 -> x10, 2 -> x1, 3..7 -> 1..5 decimals (5 is more than the counter
shows: rejected); bits 3-4 increment size.
SWB bit 0 net, 1 negative, 2 out of range (over capacity, or under zero when negative),
3 motion, 4 kg (0: lb, not supported here), 6 power-up not zeroed.
SWC bits 0-2: 0 lb or kg as SWB says, 1 g, 2 t (the OEM description; the Wildcat only knows g).
The constant bits differ between manuals (the Wildcat sets bit 5 of every status byte, the
LUW2001 bit 6 of SWA), so a status byte is only required to be printable.
On 7E1 lines read as 8N1, bit 7 is the parity bit: every byte is masked to 7 bits.
Whether a stream sends checksums is learnt from the frames themselves (see match).
"""
from __future__ import annotations

from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import digits_of, is_negative, weight_frame
from app.devices.scales.protocols._stream import StreamDecoder, layout_match

STX, CR, MASK = 0x02, 0x0D, 0x7F
STATUS = frozenset(range(0x20, 0x80))
DIGIT = frozenset(b"0123456789 ")  # a blank for a suppressed leading zero
LAYOUT = (frozenset({STX}), STATUS, STATUS, STATUS, *[DIGIT] * 12, frozenset({CR}))
NET, NEGATIVE, OUT_OF_RANGE, MOTION, KG = 0x01, 0x02, 0x04, 0x08, 0x10
UNIT_CODES = {1: "g", 2: "t"}


def checksum(data: bytes) -> int:
    return -sum(b & MASK for b in data) & MASK


class ToledoDecoder(StreamDecoder):
    def __init__(self) -> None:
        super().__init__()
        self.checksums: bool | None = None  # what the last frame showed; None: not known
        self._bad = False

    def match(self, buf: bytearray, i: int, final: bool) -> int:
        """After CR comes the checksum or the next STX. A byte that is the right checksum (and
        not an STX) says checksums; an STX that is not the right checksum says none. A wrong
        byte is a bad checksum, unless the stream has shown it sends none. An STX after a stream
        that sent checksums rejects the frame but stays, so that if the indicator really stopped
        sending checksums the next frame is read."""
        n = layout_match(buf, i, LAYOUT, MASK)
        if n <= 0:
            return n
        if len(buf) - i < 18:
            return 17 if final and self.checksums is not True else 0
        after, right = buf[i + 17] & MASK, checksum(buf[i:i + 17])
        if after == right and after == STX:      # the checksum happens to be 02h
            if self.checksums is None:
                if len(buf) - i < 19 and not final:
                    return 0
                self.checksums = len(buf) - i < 19 or buf[i + 18] & MASK == STX
            self._bad = False
            return 18 if self.checksums else 17
        if after == right:
            self.checksums, self._bad = True, False
            return 18
        if after == STX:
            self._bad = self.checksums is True
            self.checksums = None if self._bad else False
            return 17
        self._bad = self.checksums is not False
        return 18 if self._bad else 17

    def decode(self, raw: bytes, at_s: float) -> Frame:
        bad, self._bad = self._bad, False
        if bad:
            return rejected(raw, at_s, f"bad checksum: {checksum(raw[:17]):02X} expected")
        swa, swb, swc = (b & MASK for b in raw[1:4])
        code, unit_code = swa & 0x07, swc & 0x07
        if code > 6:
            return rejected(raw, at_s, f"{code - 2} decimals: at most 4 are supported")
        if unit_code == 0 and not swb & KG:
            return rejected(raw, at_s, "unit lb not supported")
        unit = "kg" if unit_code == 0 else UNIT_CODES.get(unit_code)
        if unit is None:
            return rejected(raw, at_s, f"unit code {unit_code} in status byte C unknown")
        flags = dict(stable=not swb & MOTION, net=bool(swb & NET))
        if swb & OUT_OF_RANGE:
            under = bool(swb & NEGATIVE)
            return Frame(raw=raw, at_s=at_s, unit=unit, overload=not under, underload=under, **flags)
        value = int(bytes(b & MASK for b in raw[4:10]).replace(b" ", b"0"))
        weight = Decimal(value * (100, 10, 1)[code]) if code <= 2 else Decimal(value).scaleb(2 - code)
        return weight_frame(raw, at_s, -weight if swb & NEGATIVE else weight, unit, **flags)


def encode(reading: Reading) -> bytes:
    unit_code = {"kg": 0, "g": 1, "t": 2}.get(reading.unit)
    if unit_code is None:
        raise ValueError(f"toledo: unit {reading.unit}: kg, g or t")
    swa = 0x20 | 0x08 | (2 + reading.decimals)  # bit 3: increment x1
    swb = 0x20 | KG | (NET if reading.net else 0) | (MOTION if not reading.stable else 0)
    if reading.overload or reading.underload:
        swb |= OUT_OF_RANGE | (NEGATIVE if reading.underload else 0)
        digits = "000000"
    else:
        swb |= NEGATIVE if is_negative(reading.weight) else 0
        digits = digits_of(reading.weight, reading.decimals, 6)
    frame = bytes([STX, swa, swb, 0x20 | unit_code]) + digits.encode() + b"000000\r"
    return frame + bytes([checksum(frame)])


PROTOCOL = register(ScaleProtocol(
    name="toledo",
    title="METTLER TOLEDO standard continuous output (STX SWA SWB SWC weight tare CR [checksum])",
    make_decoder=ToledoDecoder,
    encode=encode,
    default_baud=9600,
    bytesize=7,
    parity="E",
    has_stable_flag=True,
    notes="7E1 as METTLER TOLEDO ships it; 8N1 clones decode too (bit 7 is masked). "
          "Checksums are detected per stream. lb is not supported.",
))

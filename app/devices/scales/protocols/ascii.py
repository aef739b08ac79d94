"""Comma-separated ASCII lines, 'ST,GS,+0012.34kg' CR LF, sent by many indicators.

Sources: KERN KXS-TM manual, 14 "Data output format" (ST stable, US unstable, OL overload;
GS gross, NT net, TR tare; sign; weight with its point; unit; an overload line carries blanks,
with '-' for an underload); Triner TS-700 and Vector VI-200 manuals, "PC computer continuous
sending format" (S1 ST/US/OL, S2 GS/NT, S3 '+'/'-', weight including the point, S4 unit,
CR LF).
Variations seen on indicators that imitate it, accepted here: blanks around the fields, no sign
(positive), NET for NT, GR for GS, upper-case units, no unit (the counter's setting applies).
A tare line (TR) is not the weight on the platform: it is rejected.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import displayed, is_negative, unit_of, weight_frame
from app.devices.scales.protocols._stream import LineDecoder

LINE = re.compile(
    rb"(?P<status>ST|US|OL) *, *(?P<mode>GS|GR|NT|NET|TR) *, *(?P<sign>[-+]?) *"
    rb"(?P<weight>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)? *(?P<unit>[A-Za-z]{1,3})? *\r?\n",
    re.IGNORECASE)


class AsciiDecoder(LineDecoder):
    LINE = LINE

    def decode(self, raw: bytes, at_s: float) -> Frame:
        m = self.parse(raw)
        if m is None:
            return rejected(raw, at_s, "not an 'ST,GS,+weight unit' line")
        status, mode = m["status"].upper(), m["mode"].upper()
        if mode == b"TR":
            return rejected(raw, at_s, "tare line (TR): not the weight on the platform")
        unit, reason = unit_of((m["unit"] or b"").decode())
        if reason:
            return rejected(raw, at_s, reason)
        net = mode in (b"NT", b"NET")
        if status == b"OL":
            under = m["sign"] == b"-"
            return Frame(raw=raw, at_s=at_s, unit=unit, stable=False, net=net, overload=not under,
                         underload=under)
        if m["weight"] is None:
            return rejected(raw, at_s, "no weight")
        weight = Decimal(m["sign"].decode() + m["weight"].decode())
        return weight_frame(raw, at_s, weight, unit, stable=status == b"ST", net=net)


def encode(reading: Reading) -> bytes:
    mode = "NT" if reading.net else "GS"
    if reading.overload or reading.underload:
        sign = "-" if reading.underload else "+"
        return f"OL,{mode},{sign}        {reading.unit}\r\n".encode()
    status = "ST" if reading.stable else "US"
    sign = "-" if is_negative(reading.weight) else "+"
    value = displayed(reading.weight, reading.decimals, 7, 8)
    return f"{status},{mode},{sign}{value}{reading.unit}\r\n".encode()


PROTOCOL = register(ScaleProtocol(
    name="ascii",
    title="ASCII lines 'ST,GS,+0012.34kg' (ST/US/OL, GS/NT, sign, weight, unit; CR LF)",
    make_decoder=AsciiDecoder,
    encode=encode,
    default_baud=9600,
    has_stable_flag=True,
    notes="Many indicators; the weight is read as displayed, with its point. lb is not supported.",
))

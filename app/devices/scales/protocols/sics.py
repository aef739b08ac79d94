"""MT-SICS, the METTLER TOLEDO Standard Interface Command Set: weight replies (level 0).

Sources: MT-SICS reference manual for weigh modules, 2.1.2.1 "Format of responses with weight
value" and 2.1.3 "Error messages"; METTLER TOLEDO AT and AL balance operating instructions,
"S - Send stable weight value" (S S / S I / S + / S -, example 'S S     100.00 g'; SI "send
weight value immediately"); METTLER TOLEDO AE series manual C.4 "Error messages from the
balance" (ET transmission error, ES syntax error, EL logical error).
A reply is a line: 'S', blank, status, blank, the weight right-aligned in 10 characters, blank,
the unit, CR LF. Status S: stable; D: dynamic (SI, SIR answer with the weight as it is);
I: command not executable (busy, or no stability within the time-out); +: overload;
-: underload. Blanks are matched loosely: indicators that imitate SICS do not all count them.
Polling sends SI (the weight now, stable or not): stability is judged here, not by the balance.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.devices.scales.frame import Frame, rejected
from app.devices.scales.protocol import Reading, ScaleProtocol, register
from app.devices.scales.protocols._fields import displayed, is_negative, unit_of, weight_frame
from app.devices.scales.protocols._stream import LineDecoder

LINE = re.compile(
    rb"(?:S (?:(?P<status>[SD]) +(?P<weight>-?[0-9]+(?:\.[0-9]+)?) +(?P<unit>[A-Za-z%/]{1,5})"
    rb"|(?P<range>[-+I]))"
    rb"|(?P<error>E[STL]))"
    rb" *\r?\n")
ERRORS = {
    "ES": "ES: syntax error (the indicator did not recognise the command)",
    "ET": "ET: transmission error (parity or framing: check the serial settings)",
    "EL": "EL: logical error (the command cannot be executed)",
}


class SicsDecoder(LineDecoder):
    LINE = LINE

    def decode(self, raw: bytes, at_s: float) -> Frame:
        m = self.parse(raw)
        if m is None:
            return rejected(raw, at_s, "not an MT-SICS weight reply")
        if m["error"]:
            return rejected(raw, at_s, ERRORS[m["error"].decode()])
        if m["range"] == b"I":
            return rejected(raw, at_s, "S I: command not executable (busy, or no stable weight in time)")
        if m["range"]:
            over = m["range"] == b"+"
            return Frame(raw=raw, at_s=at_s, stable=False, overload=over, underload=not over)
        unit, reason = unit_of(m["unit"].decode())
        if reason or unit is None:
            return rejected(raw, at_s, reason or "no unit")
        return weight_frame(raw, at_s, Decimal(m["weight"].decode()), unit,
                            stable=m["status"] == b"S", net=None)


def encode(reading: Reading) -> bytes:
    if reading.overload or reading.underload:
        return b"S +\r\n" if reading.overload else b"S -\r\n"
    sign = "-" if is_negative(reading.weight) else ""
    value = sign + displayed(reading.weight, reading.decimals, 1, 10 - len(sign))
    return f"S {'S' if reading.stable else 'D'} {value:>10} {reading.unit}\r\n".encode()


def poll(address: int) -> bytes:
    """SICS has no addresses: one balance per line."""
    return b"SI\r\n"


PROTOCOL = register(ScaleProtocol(
    name="sics",
    title="METTLER TOLEDO MT-SICS replies ('S S     100.00 g'), polled with SI",
    make_decoder=SicsDecoder,
    encode=encode,
    default_baud=9600,
    has_stable_flag=True,
    poll=poll,
    notes="Request/answer: set any address to poll with SI. ES/ET/EL and 'S I' are rejected frames.",
))

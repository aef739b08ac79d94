"""Fields the protocols share: Yaohua-style XOR checksums sent as ASCII nibbles, units, and the
checks that make a decoded weight one the counter can show and store (as integer grams)."""
from __future__ import annotations

from decimal import Decimal

from app.devices.scales.frame import GRAMS_PER_UNIT, Frame, rejected

MAX_DECIMALS = 4  # what the counter displays; no truck-scale indicator shows more

HEX_UPPER = b"0123456789ABCDEF"
NIBBLE_CHARS = frozenset(b"0123456789:;<=>?ABCDEF")


def xor(data: bytes) -> int:
    value = 0
    for b in data:
        value ^= b
    return value


def nibbles(value: int) -> bytes:
    """+30h for 0..9, +37h for 10..15: uppercase hex, as the manuals say."""
    return bytes((HEX_UPPER[value >> 4], HEX_UPPER[value & 0x0F]))


def nibble(char: int) -> int | None:
    """Uppercase hex, or nibble + 30h for every value (':'..'?' for 10..15) as some firmware sends."""
    if 0x30 <= char <= 0x3F:
        return char - 0x30
    if 0x41 <= char <= 0x46:
        return char - 0x37
    return None


def xor_ok(body: bytes, hi: int, lo: int) -> bool:
    h, low = nibble(hi), nibble(lo)
    return h is not None and low is not None and (h << 4 | low) == xor(body)


UNITS = {"g": "g", "kg": "kg", "t": "t"}


def unit_of(text: str) -> tuple[str | None, str | None]:
    """(unit, None) or (None, reason); the empty text is no unit."""
    text = text.strip()
    if not text:
        return None, None
    unit = UNITS.get(text.lower())
    return (unit, None) if unit else (None, f"unit {text} not supported")


def weight_frame(raw: bytes, at_s: float, weight: Decimal, unit: str | None, **flags) -> Frame:
    """An accepted frame, unless the weight is one the counter cannot show or store."""
    exponent = weight.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        return rejected(raw, at_s, f"{-exponent} decimals: at most {MAX_DECIMALS} are supported")
    if unit is not None:
        grams = weight * GRAMS_PER_UNIT[unit]
        if grams != grams.to_integral_value():
            return rejected(raw, at_s, f"{weight} {unit} is finer than 1 g: not supported")
    return Frame(raw=raw, at_s=at_s, weight=weight, unit=unit, **flags)


def digits_of(weight: Decimal, decimals: int, width: int, max_width: int | None = None) -> str:
    """|weight| with exactly `decimals` decimals and no point, zero-padded to `width` digits, at
    most `max_width` (default `width`). The encoders put on the wire what a Reading says is
    displayed: nothing is rounded, a value that does not fit is refused."""
    if not 0 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals {decimals}: 0 to {MAX_DECIMALS}")
    scaled = abs(weight).scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"weight {weight} has more than {decimals} decimals")
    text = str(int(scaled)).zfill(width)
    if len(text) > (max_width or width):
        raise ValueError(f"weight {weight} does not fit in {max_width or width} digits")
    return text


def displayed(weight: Decimal, decimals: int, width: int, max_width: int | None = None) -> str:
    """|weight| as the display shows it, with its point, zero-padded to `width` characters."""
    point = 1 if decimals else 0
    digits = digits_of(weight, decimals, max(width - point, decimals + 1), (max_width or width) - point)
    return f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits


def is_negative(weight: Decimal) -> bool:
    """Negative zero too: an indicator that shows -0.00 sends its sign."""
    return weight.is_signed()

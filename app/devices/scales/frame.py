"""What a decoder yields: one frame as the indicator displayed it, or a rejected one."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

GRAMS_PER_UNIT = {"g": 1, "kg": 1000, "t": 1_000_000}


@dataclass(frozen=True)
class Frame:
    raw: bytes                      # the bytes of this frame, as received
    at_s: float                     # time.monotonic() when its last byte arrived
    weight: Decimal | None = None   # exactly as displayed (sign and decimals); None if rejected/OL
    unit: str | None = None         # "kg" | "t" | "g" | None (protocol does not say)
    stable: bool | None = None      # None: the protocol has no stable flag
    net: bool | None = None
    overload: bool = False          # over range (OL, "+" in SICS, out-of-range bit)
    underload: bool = False         # under range (LO, "-" in SICS)
    error: str | None = None        # set: a rejected frame (garbage, bad checksum, ...)

    @property
    def ok(self) -> bool:
        return self.error is None

    def weight_g(self, default_unit: str = "kg") -> int | None:
        """Integer grams, or None when there is no weight. Exact: Decimal × 10^n."""
        if self.weight is None:
            return None
        grams = self.weight * GRAMS_PER_UNIT[self.unit or default_unit]
        if grams != grams.to_integral_value():  # never silently cut: trackers reject these
            raise ValueError(f"{self.weight} {self.unit or default_unit} is not whole grams")
        return int(grams)

    def to_json(self) -> dict:
        """The shape of `marketdesk scale decode` (DESIGN.md section 7)."""
        if self.error is not None:
            return {"error": self.error, "raw": self.raw.hex()}
        return {"weight": None if self.weight is None else str(self.weight), "unit": self.unit,
                "stable": self.stable, "net": self.net, "overload": self.overload,
                "raw": self.raw.hex()}


def rejected(raw: bytes, at_s: float, reason: str) -> Frame:
    return Frame(raw=bytes(raw), at_s=at_s, error=reason)

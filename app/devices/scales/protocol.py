"""A scale protocol is a value: serial defaults, a streaming decoder factory, an encoder (the
simulator and the tests speak the protocol byte for byte with it) and, where the indicator
must be asked, the poll command. Protocol modules register themselves on import."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Protocol

from app.devices.scales.frame import Frame


class Decoder(Protocol):
    def feed(self, data: bytes, at_s: float) -> list[Frame]:
        """Bytes in any chunking -> the frames they complete (rejected ones included).
        Never raises; keeps at most BUFFER_MAX_BYTES of an unfinished frame."""


@dataclass(frozen=True)
class Reading:
    """What the simulator (and tests) ask an encoder to put on the wire."""
    weight: Decimal                 # as the indicator would display it
    decimals: int = 0               # digits after the point (0..4)
    stable: bool = True
    net: bool = False
    overload: bool = False
    underload: bool = False
    unit: str = "kg"


@dataclass(frozen=True)
class ScaleProtocol:
    name: str                                   # "yaohua", "toledo", ... (CLI and settings)
    title: str                                  # for people: "Yaohua XK3190 continuous (tf=0)"
    make_decoder: Callable[[], Decoder]
    encode: Callable[[Reading], bytes]
    default_baud: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1
    has_stable_flag: bool = False
    poll: Callable[[int], bytes] | None = None  # request/answer mode: address -> request bytes
    notes: str = ""
    aliases: tuple[str, ...] = field(default=())


BUFFER_MAX_BYTES = 256  # longer than any frame of any protocol here: beyond it is garbage

REGISTRY: dict[str, ScaleProtocol] = {}


def register(protocol: ScaleProtocol) -> ScaleProtocol:
    assert protocol.name not in REGISTRY, f"protocol {protocol.name} registered twice"
    REGISTRY[protocol.name] = protocol
    return protocol


def get(name: str) -> ScaleProtocol:
    load_all()
    if name not in REGISTRY:
        from app.errors import ValidationError
        raise ValidationError(f"protocol: unknown '{name}'; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def load_all() -> dict[str, ScaleProtocol]:
    from app.devices.scales import protocols  # noqa: F401  (modules register on import)
    return REGISTRY

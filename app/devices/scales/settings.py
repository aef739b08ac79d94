"""A counter's scale settings, kept under settings.json's "devices" -> "scale"."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from app.errors import ValidationError

BAUD_RATES = (600, 1200, 2400, 4800, 9600, 19200)
PARITIES = ("N", "E", "O")


def _check_types(obj, expected: dict) -> None:
    for name, types in expected.items():
        value = getattr(obj, name)
        wrong_bool = isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))
        if wrong_bool or not isinstance(value, types):
            raise TypeError(f"{name} = {value!r}")


@dataclass(frozen=True)
class StabilitySettings:
    window_s: float = 2.0          # every frame of the last window_s seconds ...
    window_frames_min: int = 10    # ... (at least this many) ...
    division_g: int = 20_000       # ... within ±1 division (a truck scale: 20 kg) of each other
    min_weight_g: int = 500_000    # below this (500 kg) a "stable" reading is an empty scale
    max_age_s: float = 0.5         # the newest frame must be younger than this

    def validate(self) -> None:
        if not 0.2 <= self.window_s <= 30:
            raise ValidationError("stability window: 0.2 to 30 seconds")
        if not 2 <= self.window_frames_min <= 1000:
            raise ValidationError("stability window: 2 to 1000 frames")
        if not 1 <= self.division_g <= 1_000_000:
            raise ValidationError("division: 1 g to 1 t")
        if not 0 <= self.min_weight_g <= 200_000_000:
            raise ValidationError("minimum weight: 0 to 200 t")
        if not 0.05 <= self.max_age_s <= 10:
            raise ValidationError("newest frame age: 0.05 to 10 seconds")


@dataclass(frozen=True)
class ScaleSettings:
    enabled: bool = False
    protocol: str = "yaohua"
    url: str = ""                  # /dev/ttyUSB0, COM3, socket://10.0.0.5:4001, loop://
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1
    dtr: bool | None = None        # None: leave as the driver opens it (some indicators reset on DTR)
    rts: bool | None = None
    unit: str = "kg"               # for protocols whose frames carry no unit
    address: int | None = None     # request/answer mode: the indicator's address (None: continuous)
    poll_interval_s: float = 0.1   # 10 answers a second: a 2 s window holds 20
    demo_simulator: bool = False   # `make run` without hardware: a simulated truck scale
    stability: StabilitySettings = field(default_factory=StabilitySettings)

    def validate(self) -> None:
        try:
            self._validate()
        except TypeError as exc:  # a hand-edited settings file with "3" for 3, say
            raise ValidationError(f"scale settings: a value has the wrong type ({exc})") from None

    def _validate(self) -> None:
        from app.devices.scales.protocol import get
        _check_types(self, {"enabled": bool, "protocol": str, "url": str, "baudrate": int, "bytesize": int,
                            "parity": str, "stopbits": int, "dtr": (bool, type(None)),
                            "rts": (bool, type(None)), "unit": str, "address": (int, type(None)),
                            "poll_interval_s": (int, float), "demo_simulator": bool})
        _check_types(self.stability, {"window_s": (int, float), "window_frames_min": int,
                                      "division_g": int, "min_weight_g": int, "max_age_s": (int, float)})
        get(self.protocol)
        if self.enabled and not self.url.strip() and not self.demo_simulator:
            raise ValidationError("scale port: give a port (e.g. COM3, /dev/ttyUSB0, socket://host:port)")
        if self.baudrate not in BAUD_RATES:
            raise ValidationError(f"baud rate: one of {', '.join(map(str, BAUD_RATES))}")
        if self.bytesize not in (7, 8):
            raise ValidationError("data bits: 7 or 8")
        if self.parity not in PARITIES:
            raise ValidationError("parity: N, E or O")
        if self.stopbits not in (1, 2):
            raise ValidationError("stop bits: 1 or 2")
        if self.unit not in ("g", "kg", "t"):
            raise ValidationError("unit: g, kg or t")
        if self.address is not None:
            protocol = get(self.protocol)
            if protocol.poll is None:
                raise ValidationError(f"indicator address: the {self.protocol} protocol is not polled; leave it empty")
            try:
                protocol.poll(self.address)
            except ValueError as exc:
                raise ValidationError(f"indicator address: {exc}") from None
            if self.stability.window_s / self.poll_interval_s < self.stability.window_frames_min + 1:
                raise ValidationError(
                    f"poll interval: asking every {self.poll_interval_s} s gives fewer than "
                    f"{self.stability.window_frames_min} readings in {self.stability.window_s} s; ask more often")
        if not 0.05 <= self.poll_interval_s <= 5:
            raise ValidationError("poll interval: 0.05 to 5 seconds")
        self.stability.validate()

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict | None) -> "ScaleSettings":
        try:
            return cls._from_dict(raw)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValidationError(f"scale settings in the settings file: {exc}") from None

    @classmethod
    def _from_dict(cls, raw: dict | None) -> "ScaleSettings":
        raw = dict(raw or {})
        stability = StabilitySettings(**{k: v for k, v in (raw.pop("stability", None) or {}).items()
                                         if k in {f.name for f in fields(StabilitySettings)}})
        known = {f.name for f in fields(cls)} - {"stability"}
        return cls(**{k: v for k, v in raw.items() if k in known}, stability=stability)

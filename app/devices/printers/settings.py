"""One receipt printer's settings (a counter may have several, told apart by name)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from app.devices.printers.escpos import COLUMNS_80_MM, DEFAULT_COLUMNS, QR_MODES
from app.devices.printers.width import ENCODINGS
from app.errors import ValidationError

BACKENDS = ("network", "serial", "usb", "file", "win32raw")
PAPER_MM = (58, 80)
BAUD_RATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
DRAWER_PINS = (2, 5)
TIMEOUT_S_MIN, TIMEOUT_S_MAX = 0.2, 30.0
NAME_MAX_CHARS = 40
TEXT_MAX_CHARS = 255        # host names, paths, queue names


@dataclass(frozen=True)
class PrinterSettings:
    name: str = "receipt"
    backend: str = "network"
    host: str = ""                  # network: IP address or host name
    port: int = 9100                # network: the raw printing port
    serial_url: str = ""            # serial: /dev/ttyUSB0, COM3, or a pyserial URL (socket://, rfc2217://)
    baudrate: int = 9600
    usb_vendor_id: int = 0          # usb: idVendor, idProduct
    usb_product_id: int = 0
    path: str = ""                  # file: a device file (/dev/usb/lp0) or a file to write
    windows_printer: str = ""       # win32raw: the spooler queue name
    paper_mm: int = 80
    columns: int = 0                # 0: the paper's default (32 for 58 mm, 48 for 80 mm)
    encoding: str = "gb18030"       # gb18030 (mainland printers) or big5
    qr_mode: str = "native"         # native: the printer draws QR codes; image: we send a bitmap
    drawer: bool = False            # kick the cash drawer on cash payments
    drawer_pin: int = 2
    cut: bool = True
    timeout_s: float = 3.0          # connect, each write's progress, each status answer
    status_query: bool = True       # ask DLE EOT before printing (off for printers that never answer)

    @property
    def effective_columns(self) -> int:
        return self.columns or DEFAULT_COLUMNS[self.paper_mm]

    def describe(self) -> str:
        """One line for the settings screen and the status bar."""
        where = {
            "network": lambda: f"network {self.host}:{self.port}",
            "serial": lambda: f"serial {self.serial_url} {self.baudrate} baud",
            "usb": lambda: f"usb {self.usb_vendor_id:04x}:{self.usb_product_id:04x}",
            "file": lambda: f"file {self.path}",
            "win32raw": lambda: f"Windows printer '{self.windows_printer}'",
        }[self.backend]()
        return f"{where}, {self.paper_mm} mm"

    def validate(self) -> None:
        """Everything, as for saving or connecting: the layout and how to reach the printer."""
        self.validate_layout()
        if not self.name.strip() or len(self.name) > NAME_MAX_CHARS:
            raise ValidationError(f"name: 1 to {NAME_MAX_CHARS} characters, e.g. 'receipt'")
        if self.backend not in BACKENDS:
            raise ValidationError(f"backend: one of {', '.join(BACKENDS)}, not {self.backend!r}")
        for key in ("host", "serial_url", "path", "windows_printer"):
            if len(getattr(self, key)) > TEXT_MAX_CHARS:
                raise ValidationError(f"{key}: at most {TEXT_MAX_CHARS} characters")
        if self.backend == "network":
            if not self.host.strip() or any(c.isspace() for c in self.host.strip()):
                raise ValidationError("host: give the printer's IP address or host name, e.g. 192.168.1.50")
            if not 1 <= self.port <= 65535:
                raise ValidationError(f"port: 1 to 65535 (printers listen on 9100), not {self.port}")
        if self.backend == "serial":
            if not self.serial_url.strip():
                raise ValidationError("serial_url: give the port, e.g. COM3 or /dev/ttyUSB0")
            if self.baudrate not in BAUD_RATES:
                raise ValidationError(f"baudrate: one of {', '.join(map(str, BAUD_RATES))}")
        for key in ("usb_vendor_id", "usb_product_id"):
            if not 0 <= getattr(self, key) <= 0xFFFF:
                raise ValidationError(f"{key}: 0 to 0xFFFF")
            if self.backend == "usb" and getattr(self, key) == 0:
                raise ValidationError(f"{key}: give the printer's USB id (lsusb or Device Manager shows it)")
        if self.backend == "file" and not self.path.strip():
            raise ValidationError("path: give the device or file to write to, e.g. /dev/usb/lp0")
        if self.backend == "win32raw" and not self.windows_printer.strip():
            raise ValidationError("windows_printer: give the printer's name as Windows shows it")
        if self.drawer_pin not in DRAWER_PINS:
            raise ValidationError(f"drawer_pin: 2 or 5, not {self.drawer_pin}")
        if not TIMEOUT_S_MIN <= self.timeout_s <= TIMEOUT_S_MAX:
            raise ValidationError(f"timeout_s: {TIMEOUT_S_MIN:g} to {TIMEOUT_S_MAX:g} seconds, not {self.timeout_s}")

    def validate_layout(self) -> None:
        """Only what rendering needs (paper, columns, code page, QR mode): enough for a sample
        file, which goes to no printer."""
        _check_types(self)
        if self.paper_mm not in PAPER_MM:
            raise ValidationError(f"paper_mm: 58 or 80, not {self.paper_mm}")
        if self.columns and self.paper_mm == 58 and self.columns != DEFAULT_COLUMNS[58]:
            raise ValidationError(f"columns: 58 mm paper has {DEFAULT_COLUMNS[58]} columns (or 0 for the default)")
        if self.columns and self.paper_mm == 80 and self.columns not in COLUMNS_80_MM:
            raise ValidationError(f"columns: 80 mm paper has {COLUMNS_80_MM.start} to {COLUMNS_80_MM.stop - 1} "
                                  f"columns (or 0 for the default {DEFAULT_COLUMNS[80]})")
        if self.encoding not in ENCODINGS:
            raise ValidationError(f"encoding: one of {', '.join(ENCODINGS)}, not {self.encoding!r}")
        if self.qr_mode not in QR_MODES:
            raise ValidationError(f"qr_mode: one of {', '.join(QR_MODES)}, not {self.qr_mode!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict | None) -> "PrinterSettings":
        """Missing keys take their defaults and unknown keys are ignored (an older or newer
        settings file); a value of the wrong type is refused, naming the key."""
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ValidationError(f"printer settings: expected a table of settings, not {type(raw).__name__}")
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in raw.items() if k in known})
        _check_types(settings)
        return settings


_KINDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _check_types(settings: PrinterSettings) -> None:
    for f in fields(settings):
        value = getattr(settings, f.name)
        expected = type(f.default)
        ok = isinstance(value, bool) if expected is bool else (
            not isinstance(value, bool) and isinstance(value, (int, float) if expected is float else expected))
        if not ok:
            raise ValidationError(f"{f.name}: should be {_KINDS[expected]}, not {value!r}")
